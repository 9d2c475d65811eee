from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Performance indicators"

    def ready(self) -> None:
        from indicators import carry_over  # noqa: F401  # registers what a revised notice takes over
