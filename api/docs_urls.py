"""The API's documentation page, at /api/v1/docs/: a page of the site, drawn from the OpenAPI document."""

from django.urls import path

from api import views

app_name = "api-docs"

urlpatterns = [
    path("", views.api_docs, name="docs"),
]
