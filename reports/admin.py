"""Admin for the statutory reports: drafts can be looked at; issued reports only read.

The admin is one more path to the rows, so it asks the same question as every other path
(is the report issued?) — and the model and the database would refuse regardless.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from reports.models import Report, ReportSection

# A draft's words can be corrected here; everything else is the services' to write.
_WORDS = {"executive_summary", "overall_judgement", "mscb_assessment", "next_steps", "correction_note"}
_READ_ONLY = [f.name for f in Report._meta.fields if f.name not in _WORDS]


class ReportSectionInline(admin.TabularInline):
    model = ReportSection
    fields = ["position", "heading", "judgement", "narrative"]
    readonly_fields = ["position", "heading"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.is_issued


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "notice", "status", "issued_on", "author"]
    list_filter = ["kind", "status"]
    search_fields = ["executive_summary", "pdf_sha256"]
    list_select_related = ["notice__authority", "author"]
    inlines = [ReportSectionInline]
    readonly_fields = _READ_ONLY

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or not obj.is_issued)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or not obj.is_issued)

    def delete_queryset(self, request, queryset) -> None:
        if queryset.issued().exists():
            raise PermissionDenied("Issued reports can never be deleted.")
        super().delete_queryset(request, queryset)
