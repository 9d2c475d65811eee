from django.urls import path

from measures import dashboard_views, membership_views, views

app_name = "measures"

urlpatterns = [
    path("", views.notice_list, name="notice-list"),
    path("portfolio/", dashboard_views.portfolio, name="portfolio"),
    path("notices/<int:notice_pk>/", views.notice_detail, name="notice-detail"),
    path("notices/<int:notice_pk>/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("notices/<int:notice_pk>/measures/<str:reference>/", views.measure_detail, name="measure-detail"),
    path("notices/<int:notice_pk>/people/", membership_views.people, name="people"),
    path("notices/<int:notice_pk>/people/add/", membership_views.person_add, name="person-add"),
    path("notices/<int:notice_pk>/people/<int:membership_pk>/", membership_views.person_edit, name="person-edit"),
    path("notices/<int:notice_pk>/people/<int:membership_pk>/remove/", membership_views.person_remove, name="person-remove"),
]
