"""The notice's About page, its dashboard, the measure page and the portfolio; mounted at the site root with the namespace "dashboards"."""

from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("portfolio/", views.portfolio, name="portfolio"),
    path("notices/<id:notice_pk>/duties/<id:duty_pk>/done/", views.duty_complete, name="duty-complete"),
    path("notices/<id:notice_pk>/duties/<id:duty_pk>/document/", views.duty_letter, name="duty-document"),
    path("notices/<id:notice_pk>/", views.notice_detail, name="notice-detail"),
    path("system/notices/", views.system_notices, name="system-notices"),
    path("notices/<id:notice_pk>/dashboard/", views.dashboard, name="dashboard"),
    path("notices/<id:notice_pk>/measures/<str:reference>/", views.measure_detail, name="measure-detail"),
    path(
        "notices/<id:notice_pk>/measures/<str:reference>/judgement/",
        views.measure_judgement,
        name="measure-judgement",
    ),
]
