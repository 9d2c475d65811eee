from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

from accounts import views

app_name = "accounts"
# Choosing, changing or resetting a password: not found where password sign-in is switched off,
# so nobody sets a password that could not be used.
password_pages = views.only_with_password_sign_in

urlpatterns = [
    # Single sign-on with the council's OpenID Connect provider (404 unless configured).
    path("sso/start/", login_not_required(views.SSOStartView.as_view()), name="sso-start"),
    path("sso/callback/", login_not_required(views.SSOCallbackView.as_view()), name="sso-callback"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("two-factor/set-up/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("set-password/<uidb64>/<token>/", password_pages(views.SetPasswordView.as_view()), name="set-password"),
    path("password/", password_pages(views.password_change), name="password-change"),
    # A forgotten password: a single-use link by e-mail, the same answer whether or not the address is known.
    path("password/reset/", password_pages(views.PasswordResetView.as_view()), name="password-reset"),
    path(
        "password/reset/sent/", password_pages(auth_views.PasswordResetDoneView.as_view()), name="password-reset-done"
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        password_pages(
            auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password-reset-complete"))
        ),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/complete/",
        password_pages(auth_views.PasswordResetCompleteView.as_view()),
        name="password-reset-complete",
    ),
]
