from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("new/", views.meeting_create, name="meeting-create"),
    path("<id:meeting_pk>/", views.meeting_detail, name="meeting-detail"),
    path("<id:meeting_pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("<id:meeting_pk>/minutes/", views.minutes_download, name="minutes-download"),
    path("dfe-reviews/", views.review_list, name="review-list"),
    path("dfe-reviews/new/", views.review_create, name="review-create"),
    path("dfe-reviews/<id:review_pk>/", views.review_edit, name="review-edit"),
]
