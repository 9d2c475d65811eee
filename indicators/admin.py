from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator, IndicatorValue


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = readonly_fields = ("period", "value", "numerator", "denominator", "commentary", "entered_by", "entered_at")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # figures go through the app's services, which check and record them


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "notice", "unit", "direction", "target", "tolerance", "owner_organisation"]
    list_filter = ["notice__authority", "unit", "direction", "frequency"]
    search_fields = ["code", "name", "definition"]
    list_select_related = ["notice__authority", "owner_organisation"]
    filter_horizontal = ["requirements"]
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period", "value", "numerator", "denominator", "entered_by", "entered_at"]
    list_filter = ["indicator__notice__authority", "period"]
    search_fields = ["indicator__code", "indicator__name", "commentary"]
    list_select_related = ["indicator", "entered_by"]
    date_hierarchy = "period"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
