from django.contrib import admin

from accounts.models import ProviderMFADevice


@admin.register(ProviderMFADevice)
class ProviderMFADeviceAdmin(admin.ModelAdmin):
    """Read and remove only: the device is made at a single sign-on whose ID token carries the MFA claim."""

    list_display = ["user", "name"]
    search_fields = ["user__username", "user__email"]
    readonly_fields = ["user", "name", "confirmed"]

    def has_add_permission(self, request) -> bool:
        return False
