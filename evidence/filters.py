"""The evidence list's filters; the same filters choose what the CSV and Excel exports hold."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from evidence.models import EvidenceItem
from measures.models import (
    MEASURE_OPTION_COLUMNS,
    REQUIREMENT_OPTION_COLUMNS,
    Measure,
    Notice,
    Organisation,
    Requirement,
)
from notice_tracker.lib.datefield import DateFilter
from notice_tracker.lib.quickfields import set_option_rows
from notice_tracker.lib.sqlonce import rows_once


def _date_filter(label: str, lookup: str, field: str, *, name: str) -> DateFilter:
    return DateFilter(field_name=field, lookup_expr=lookup, label=label, name=name)


class EvidenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    review_status = django_filters.ChoiceFilter(
        choices=EvidenceItem.Status.choices, label="Review status", empty_label="Any"
    )
    kind = django_filters.ChoiceFilter(choices=EvidenceItem.Kind.choices, label="Kind", empty_label="Any")
    nature = django_filters.ChoiceFilter(
        choices=EvidenceItem.Nature.choices, label="Qualitative or quantitative", empty_label="Any"
    )
    measure = django_filters.ModelChoiceFilter(
        field_name="requirements__measure",
        queryset=Measure.objects.none(),
        label="Measure",
        empty_label="Any",
        distinct=True,
    )
    requirement = django_filters.ModelChoiceFilter(
        field_name="requirements", queryset=Requirement.objects.none(), label="Requirement", empty_label="Any"
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.none(), label="Organisation", empty_label="Any"
    )
    covers_after = _date_filter("Covers on or after", "gte", "covers_from", name="the earliest date")
    covers_before = _date_filter("Covers on or before", "lte", "covers_from", name="the latest date")

    class Meta:
        model = EvidenceItem
        fields = [
            "q",
            "review_status",
            "kind",
            "nature",
            "measure",
            "requirement",
            "organisation",
            "covers_after",
            "covers_before",
        ]

    def __init__(self, data=None, *args, notice: Notice, **kwargs):
        super().__init__(data, *args, **kwargs)
        choices = {
            # Only the columns the options show (a measure's intro and closing run to pages).
            "measure": lambda pk: Measure.objects.filter(notice=pk).order_by("position").only(*MEASURE_OPTION_COLUMNS),
            "requirement": lambda pk: (
                Requirement.objects.filter(measure__notice=pk)
                .order_by("measure__position", "position")
                .only(*REQUIREMENT_OPTION_COLUMNS)
            ),
            "organisation": lambda pk: Organisation.objects.filter(notice=pk).order_by("name"),
        }
        for name, build in choices.items():
            self.filters[name].queryset = build(notice.pk)
        # The options' rows, read by SQL written once per process (the querysets above check a choice).
        self.option_rows = {
            name: rows_once(f"evidence.filter.{name}", build, notice.pk) for name, build in choices.items()
        }

    @property
    def form(self):
        form = super().form
        set_option_rows(form, self.option_rows)
        return form

    def search(self, queryset, name: str, value: str):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))
