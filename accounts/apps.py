from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Sign-in and two-factor"

    def ready(self) -> None:
        from accounts import signals  # noqa: F401  (session bookkeeping on sign-in and deactivation)
