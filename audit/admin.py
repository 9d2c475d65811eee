"""Superusers read every security event in Django admin; nobody can add, change or delete one."""

from django.contrib import admin

from audit.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "username", "ip_address", "notice", "object_ref", "path"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "ip_address", "object_ref", "path", "detail"]
    date_hierarchy = "at"
    list_select_related = ["notice__authority"]
    readonly_fields = [field.name for field in SecurityEvent._meta.fields]

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
