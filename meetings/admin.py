"""Board meetings in the admin: read-only. Every change goes through the site's services, which check
the minutes file, keep the version for conflict detection and record history.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import BoardMeeting, BoardMeetingAttendance


class AttendanceInline(admin.TabularInline):
    model = BoardMeetingAttendance
    extra = 0
    can_delete = False
    fields = readonly_fields = ("name", "user", "organisation", "capacity")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BoardMeeting)
class BoardMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "notice", "chaired_by", "dfe_attended", "minutes_name"]
    list_filter = ["notice", "dfe_attended"]
    date_hierarchy = "held_on"
    inlines = [AttendanceInline]
    readonly_fields = [f.name for f in BoardMeeting._meta.get_fields() if f.concrete and not f.many_to_many] + [
        "actions_arising"
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
