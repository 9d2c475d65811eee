from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from measures.models import (
    Authority,
    Duty,
    Measure,
    Membership,
    Notice,
    NoticeImport,
    Organisation,
    Requirement,
    SourceReport,
)


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "address"]
    search_fields = ["name", "address"]


class SourceReportInline(admin.TabularInline):
    model = SourceReport
    extra = 0


@admin.register(Notice)
class NoticeAdmin(SimpleHistoryAdmin):
    list_display = ["authority", "title", "issued_on", "status", "lifted_on", "delivery_deadline", "supersedes"]
    list_filter = ["status", "authority"]
    search_fields = ["authority__name", "title", "signed_by"]
    date_hierarchy = "issued_on"
    list_select_related = ["authority", "supersedes__authority"]
    readonly_fields = ["source_sha256", "imported_at"]
    inlines = [SourceReportInline]


@admin.register(SourceReport)
class SourceReportAdmin(admin.ModelAdmin):
    list_display = ["title", "notice", "published_on"]
    list_filter = ["notice__authority"]
    search_fields = ["title", "body"]
    list_select_related = ["notice__authority"]


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    fields = ["reference", "position", "subheading", "kind", "text"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "printed_number", "heading", "notice", "position"]
    list_filter = ["notice__authority", "notice"]
    search_fields = ["reference", "heading", "intro"]
    list_select_related = ["notice__authority"]
    inlines = [RequirementInline]


@admin.register(Requirement)
class RequirementAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "short_text", "subheading", "kind", "measure"]
    list_filter = ["kind", "measure__notice__authority", "measure__notice"]
    search_fields = ["reference", "text", "subheading"]
    list_select_related = ["measure__notice__authority"]

    @admin.display(description="Text")
    def short_text(self, obj: Requirement) -> str:
        return obj.text[:100]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "notice"]
    list_filter = ["kind", "notice__authority"]
    search_fields = ["name"]
    list_select_related = ["notice__authority"]


@admin.register(Duty)
class DutyAdmin(SimpleHistoryAdmin):
    list_display = ["title", "code", "section", "cadence_months", "starts_on", "due_on", "completed_on", "notice"]
    list_filter = ["code", "notice__authority"]
    search_fields = ["title", "source_text", "responsible"]
    list_select_related = ["notice__authority"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "notice", "role", "organisation", "can_review_evidence"]
    list_filter = ["role", "can_review_evidence", "notice__authority"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    list_select_related = ["user", "notice__authority", "organisation"]
    autocomplete_fields = ["user"]


@admin.register(NoticeImport)
class NoticeImportAdmin(SimpleHistoryAdmin):
    """Read-only: an import is made and confirmed through its pages, and kept as it was confirmed."""

    list_display = ["source_name", "uploaded_by", "uploaded_at", "supersedes", "notice", "confirmed_at"]
    list_select_related = ["uploaded_by", "supersedes__authority", "notice__authority"]
    search_fields = ["source_name", "source_sha256"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
