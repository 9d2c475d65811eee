"""Writing and issuing the statutory reports, mounted at notices/<notice_pk>/reports/.

The namespace stays "reports": these are the reports' pages, whichever app serves them.
"""

from django.urls import path

from reporting import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("new/", views.report_create, name="report-create"),
    path("<id:report_pk>/", views.report_detail, name="report-detail"),
    path("<id:report_pk>/edit/", views.report_edit, name="report-edit"),
    path("<id:report_pk>/preview/", views.report_preview, name="report-preview"),
    path("<id:report_pk>/draft-pdf/", views.report_draft_build, name="report-draft-build"),
    path("<id:report_pk>/draft-pdf/download/", views.report_draft_download, name="report-draft-download"),
    path("<id:report_pk>/issue/", views.report_issue, name="report-issue"),
    path("<id:report_pk>/download/", views.report_download, name="report-download"),
    path("<id:report_pk>/word/", views.report_docx, name="report-docx"),
    path("<id:report_pk>/verify/", views.report_verify, name="report-verify"),
    path("<id:report_pk>/delete/", views.report_delete, name="report-delete"),
    path("<id:report_pk>/correct/", views.report_correct, name="report-correct"),
]
