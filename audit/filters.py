"""The security event page's filters; the CSV export uses the same ones."""

from __future__ import annotations

import django_filters
from django import forms

from audit.models import SecurityEvent


def _date_filter(label: str, lookup: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name="at", lookup_expr=f"date__{lookup}", label=label,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": "Enter a date like 21/05/2014."},
    )


class SecurityEventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SecurityEvent.Kind.choices, label="What happened", empty_label="Anything")
    username = django_filters.CharFilter(lookup_expr="icontains", label="Username contains")
    on_or_after = _date_filter("On or after", "gte")
    on_or_before = _date_filter("On or before", "lte")

    class Meta:
        model = SecurityEvent
        fields = ["kind", "username", "on_or_after", "on_or_before"]
