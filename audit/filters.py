"""The security event page's filters; the CSV export uses the same ones."""

from __future__ import annotations

import django_filters

from audit.models import SecurityEvent
from notice_tracker.lib.datefield import DateFilter


def _date_filter(label: str, lookup: str, *, name: str) -> DateFilter:
    return DateFilter(field_name="at", lookup_expr=f"date__{lookup}", label=label, name=name)


class SecurityEventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=SecurityEvent.Kind.choices, label="What happened", empty_label="Anything"
    )
    username = django_filters.CharFilter(lookup_expr="icontains", label="Username contains")
    on_or_after = _date_filter("On or after", "gte", name="the earliest date")
    on_or_before = _date_filter("On or before", "lte", name="the latest date")

    class Meta:
        model = SecurityEvent
        fields = ["kind", "username", "on_or_after", "on_or_before"]
