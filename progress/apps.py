from django.apps import AppConfig


class ProgressConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "progress"
    verbose_name = "Progress and roll-ups"

    def ready(self) -> None:
        from notice_tracker.lib.fragments import set_mark_source
        from notice_tracker.lib.history import history_written
        from progress import refresh
        from progress.position import position_mark

        history_written.connect(refresh.history_written, dispatch_uid="progress-refresh")
        # Pages on floors below this one key their kept parts on the position's mark through it.
        set_mark_source(lambda notice, on: position_mark(notice, on=on)[1])  # type: ignore[arg-type]
