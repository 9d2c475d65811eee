from django.apps import AppConfig


class ProgressConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "progress"
    verbose_name = "Progress and roll-ups"

    def ready(self) -> None:
        from notice_tracker.lib.history import history_written
        from progress import refresh

        history_written.connect(refresh.history_written, dispatch_uid="progress-refresh")
