from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Security events"

    def ready(self) -> None:
        from audit import signals  # noqa: F401  (sign-in, failed sign-in and sign-out rows)
