# Action pages (improvement plan); names live in the "measures" namespace, e.g. "measures:action-list".
from django.urls import path

from measures import action_views as views

urlpatterns = [
    path("", views.action_list, name="action-list"),
    path("new/", views.action_create, name="action-create"),
    path("export/", views.action_export, name="action-export"),
    path("import/", views.plan_import, name="plan-import"),
    path("import/confirm/", views.plan_import_confirm, name="plan-import-confirm"),
    path("<int:action_pk>/", views.action_detail, name="action-detail"),
    path("<int:action_pk>/edit/", views.action_edit, name="action-edit"),
    path("<int:action_pk>/updates/new/", views.action_update_add, name="action-update-add"),
    path("<int:action_pk>/rating/", views.action_override, name="action-override"),
]
