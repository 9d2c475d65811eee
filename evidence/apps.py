from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence"

    def ready(self) -> None:
        from evidence import (
            carry_over,  # noqa: F401  # registers what a revised notice takes over
            coverage_counts,
            panels,  # noqa: F401  # registers the action page's evidence panel
        )
        from notice_tracker.lib.history import history_written

        history_written.connect(coverage_counts.history_written, dispatch_uid="evidence-coverage-counts")
