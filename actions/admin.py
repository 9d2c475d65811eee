from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actions.models import Action, ActionUpdate


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    fields = ["on", "author", "percent_complete", "note"]
    autocomplete_fields = ["author"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = [
        "reference",
        "title",
        "notice",
        "owner",
        "lead_organisation",
        "start_on",
        "due_on",
        "status",
        "percent_complete",
        "rag_override",
    ]
    list_filter = ["status", "rag_override", "notice__authority", "lead_organisation"]
    search_fields = ["reference", "title", "description", "owner__username", "owner__last_name"]
    date_hierarchy = "due_on"
    list_select_related = ["notice__authority", "owner", "lead_organisation"]
    autocomplete_fields = ["owner", "rag_override_by", "created_by"]
    filter_horizontal = ["requirements"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [ActionUpdateInline]

    def save_model(self, request, obj: Action, form, change: bool) -> None:
        # An admin edit is an edit too: anyone with the page open must see it as a newer version.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(ActionUpdate)
class ActionUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["action", "on", "author", "percent_complete", "short_note"]
    list_filter = ["action__notice__authority"]
    search_fields = ["note", "action__reference", "action__title", "author__username"]
    date_hierarchy = "on"
    list_select_related = ["action", "author"]
    autocomplete_fields = ["author"]

    @admin.display(description="Note")
    def short_note(self, obj: ActionUpdate) -> str:
        return obj.note[:100]
