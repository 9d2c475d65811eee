from django.urls import path

from evidence import coverage_views, views

app_name = "evidence"

urlpatterns = [
    path("", views.item_list, name="item-list"),
    path("coverage/", coverage_views.coverage, name="coverage"),
    path("export.<str:fmt>", views.item_export, name="item-export"),
    path("new/", views.item_submit, name="item-submit"),
    path("<id:item_pk>/", views.item_detail, name="item-detail"),
    path("<id:item_pk>/edit/", views.item_edit, name="item-edit"),
    path("<id:item_pk>/revisions/new/", views.item_revise, name="item-revise"),
    path("<id:item_pk>/revisions/<id:number>/", views.revision_download, name="revision-download"),
    path("<id:item_pk>/revisions/<id:number>/pages/<id:page>.png", views.revision_preview, name="revision-preview"),
    path("<id:item_pk>/revisions/<id:number>/visibility/", views.revision_visibility, name="revision-visibility"),
    path("<id:item_pk>/review/", views.item_review, name="item-review"),
]
