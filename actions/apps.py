from django.apps import AppConfig


class ActionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "actions"
    verbose_name = "Improvement plan"

    def ready(self) -> None:
        from actions import carry_over  # noqa: F401  # registers what a revised notice takes over
