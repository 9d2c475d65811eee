"""Evidence in the admin: read-only. Every change goes through the site's services, which check
file types, keep the version for conflict detection and record history.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evidence.models import EvidenceItem, EvidenceReview, EvidenceRevision


class RevisionInline(admin.TabularInline):
    model = EvidenceRevision
    fk_name = "item"
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "number",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    )

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # a new version goes through the site, where its type is checked


class ReviewInline(admin.TabularInline):
    model = EvidenceReview
    extra = 0
    can_delete = False
    fields = readonly_fields = ("decided_at", "reviewer", "decision", "revision", "note")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EvidenceItem)
class EvidenceItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "notice", "kind", "nature", "covers_from", "review_status", "restricted", "organisation"]
    list_filter = ["review_status", "kind", "nature", "restricted", "notice__authority"]
    search_fields = ["title", "description"]
    list_select_related = ["notice__authority", "organisation"]
    inlines = [RevisionInline, ReviewInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # an admin save would skip the version check and the type checks

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # evidence is a record: it is superseded or rejected, never removed
