"""Included by notice_tracker/urls.py only when settings.BENCHMARK_FLOOR_VIEW is true (env BENCHMARK=true)."""

from django.urls import path

from bench import views

app_name = "bench"

urlpatterns = [
    path("floor/", views.floor, name="floor"),
]
