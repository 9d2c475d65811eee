"""The improvement plan's pages, mounted at notices/<notice_pk>/actions/ with the namespace "actions"."""

from django.urls import path

from actions import views

app_name = "actions"
urlpatterns = [
    path("", views.action_list, name="action-list"),
    path("new/", views.action_create, name="action-create"),
    path("export/", views.action_export, name="action-export"),
    path("import/", views.plan_import, name="plan-import"),
    path("import/confirm/", views.plan_import_confirm, name="plan-import-confirm"),
    path("import/template.xlsx", views.plan_import_template, name="plan-import-template"),
    path("<id:action_pk>/", views.action_detail, name="action-detail"),
    path("<id:action_pk>/edit/", views.action_edit, name="action-edit"),
    path("<id:action_pk>/updates/new/", views.action_update_add, name="action-update-add"),
    path("<id:action_pk>/rating/", views.action_override, name="action-override"),
]
