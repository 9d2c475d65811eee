from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Statutory reports"

    def ready(self) -> None:
        # The statutory reports' admin lives beside their other modules (reports/report_*.py).
        from reports import report_admin  # noqa: F401
