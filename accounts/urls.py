from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("two-factor/", views.two_factor, name="two-factor"),
    path("two-factor/set-up/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("password/", views.password_change, name="password-change"),
]
