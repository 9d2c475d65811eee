from django.urls import path

from measures import membership_views, views

app_name = "measures"

urlpatterns = [
    path("", views.notice_list, name="notice-list"),
    path("notices/<int:notice_pk>/people/", membership_views.people, name="people"),
    path("notices/<int:notice_pk>/people/add/", membership_views.person_add, name="person-add"),
    path("notices/<int:notice_pk>/people/<int:membership_pk>/", membership_views.person_edit, name="person-edit"),
    path("notices/<int:notice_pk>/people/<int:membership_pk>/remove/", membership_views.person_remove, name="person-remove"),
]
