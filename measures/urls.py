from django.urls import path

from measures import import_views, views

app_name = "measures"

urlpatterns = [
    path("", views.notice_list, name="notice-list"),
    path("notices/<id:notice_pk>/people/", views.people, name="people"),
    path("notices/<id:notice_pk>/lift/", views.notice_lift, name="notice-lift"),
    path("notices/<id:notice_pk>/lifting-letter/", views.lifting_letter, name="lifting-letter"),
    # The web import: a superuser brings in a new notice, a notice's administrators its revision.
    path("imports/new/", import_views.import_new, name="import-new"),
    path("notices/<id:notice_pk>/revise/", import_views.notice_revise, name="notice-revise"),
    path("imports/<id:import_pk>/", import_views.import_review, name="import-review"),
    path("imports/<id:import_pk>/discard/", import_views.import_discard, name="import-discard"),
    path("imports/<id:import_pk>/source/", import_views.import_source, name="import-source"),
    path("notices/<id:notice_pk>/people/add/", views.person_add, name="person-add"),
    path(
        "notices/<id:notice_pk>/invitations/<id:invitation_pk>/resend/",
        views.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "notices/<id:notice_pk>/invitations/<id:invitation_pk>/cancel/",
        views.invitation_cancel,
        name="invitation-cancel",
    ),
    # The e-mailed link: public, so that someone without an account can make one through it.
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("invitations/<str:token>/accept/", views.invitation_accept, name="invitation-accept"),
    path("notices/<id:notice_pk>/people/<id:membership_pk>/", views.person_edit, name="person-edit"),
    path("notices/<id:notice_pk>/people/<id:membership_pk>/remove/", views.person_remove, name="person-remove"),
]
