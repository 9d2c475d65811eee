from django.urls import path

from calendars import views

app_name = "calendars"

urlpatterns = [
    path("", views.feed_page, name="feed-page"),
    path("reset/", views.feed_reset, name="feed-reset"),
    # The address a calendar app subscribes to: the token is its only credential (no sign-in).
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
