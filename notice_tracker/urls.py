from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from notice_tracker.forms import SignInForm

admin.site.site_header = "Notice Tracker administration"
admin.site.site_title = "Notice Tracker"

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("notices/<int:notice_pk>/indicators/", include("indicators.urls")),
    path("notices/<int:notice_pk>/evidence/", include("evidence.urls")),
    path("", include("measures.urls")),
]
