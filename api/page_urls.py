"""The person's own API tokens page, at /accounts/api-tokens/ (beside their password page)."""

from django.urls import path

from api import views

app_name = "api-tokens"

urlpatterns = [
    path("", views.token_list, name="token-list"),
    path("<id:token_pk>/revoke/", views.token_revoke_view, name="token-revoke"),
]
