from django.contrib import admin

from reminders.models import ReminderDigest


@admin.register(ReminderDigest)
class ReminderDigestAdmin(admin.ModelAdmin):
    list_display = ["sent_on", "user", "item_count", "sent_at"]
    list_filter = ["sent_on"]
    search_fields = ["user__username", "user__email"]
    readonly_fields = ["user", "sent_on", "sent_at", "item_count", "body_sha256"]

    def has_add_permission(self, request) -> bool:
        return False
