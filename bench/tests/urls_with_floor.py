"""The project's URLs as a BENCHMARK=true server has them: with the floor view."""

from django.urls import include, path

from notice_tracker.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("bench/", include("bench.urls")), *project_urlpatterns]
