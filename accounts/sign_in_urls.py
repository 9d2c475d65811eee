"""The sign-in page, under its long-standing name "login" (no namespace: LOGIN_URL and every
template use it)."""

from django.urls import path

from accounts import views

urlpatterns = [path("login/", views.SignInView.as_view(), name="login")]
