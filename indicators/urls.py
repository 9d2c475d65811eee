from django.urls import path

from indicators import views

app_name = "indicators"

# Fixed words come before <code>; models.RESERVED_CODES keeps codes from taking them.
urlpatterns = [
    path("", views.indicator_list, name="indicator-list"),
    path("return/", views.indicator_return, name="indicator-return"),
    path("import/", views.indicator_import, name="indicator-import"),
    path("import/confirm/", views.indicator_import_confirm, name="indicator-import-confirm"),
    path("library/", views.indicator_library, name="indicator-library"),
    path("new/", views.indicator_add, name="indicator-add"),
    path("<str:code>/", views.indicator_detail, name="indicator-detail"),
    path("<str:code>/edit/", views.indicator_edit, name="indicator-edit"),
]
