from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from notice_tracker import views
from notice_tracker.health import health
from notice_tracker.lib.converters import IdConverter

# Before any app's URLs are read: `<id:...>` is every database id in a URL (lib/converters.py).
register_converter(IdConverter, "id")

admin.site.site_header = "Notice Tracker administration"
admin.site.site_title = "Notice Tracker"

urlpatterns = [
    path("accounts/", include("accounts.sign_in_urls")),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/api-tokens/", include("api.page_urls")),
    path("accounts/", include("accounts.urls")),
    # The timeout warning's "Stay signed in" button (POST): the idle clock starts again.
    path("accounts/session/refresh/", views.session_refresh, name="session-refresh"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("health/", health, name="health"),
    path("api/v1/docs/", include("api.docs_urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("my-work/", include("reminders.urls")),
    path("search/", include("search.urls")),
    path("calendar/", include("calendars.urls")),
    path("notices/<id:notice_pk>/indicators/", include("indicators.urls")),
    path("notices/<id:notice_pk>/actions/", include("actions.urls")),
    path("notices/<id:notice_pk>/evidence/", include("evidence.urls")),
    path("notices/<id:notice_pk>/security-events/", include("audit.urls")),
    path("notices/<id:notice_pk>/meetings/", include("meetings.urls")),
    path("notices/<id:notice_pk>/reports/", include("reporting.urls")),
    path("", include("measures.urls")),
    path("", include("dashboards.urls")),
]

if settings.BENCHMARK_FLOOR_VIEW:  # only on a server the benchmark harness starts (BENCHMARK=true)
    urlpatterns.insert(0, path("bench/", include("bench.urls")))
