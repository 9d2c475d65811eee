from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    path("", views.notice_list, name="notice-list"),
    path("notices/<id:notice_pk>/people/", views.people, name="people"),
    path("notices/<id:notice_pk>/lift/", views.notice_lift, name="notice-lift"),
    path("notices/<id:notice_pk>/lifting-letter/", views.lifting_letter, name="lifting-letter"),
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
