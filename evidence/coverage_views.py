"""The evidence coverage matrix page: where the Chair sees which requirement has no proof of impact."""

from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from evidence.access import visibility_filter
from evidence.coverage_selectors import CoverageGroup, coverage_matrix
from measures.access import NoticeAccess, get_notice_access
from measures.models import MEASURE_OPTION_COLUMNS, Measure, Notice, Organisation
from notice_tracker.lib import clock
from notice_tracker.lib.crumbs import notice_crumbs
from notice_tracker.lib.formfields import model_choice_field
from notice_tracker.lib.fragments import notice_mark
from notice_tracker.lib.http import AuthenticatedHttpRequest
from notice_tracker.lib.quickfields import set_option_rows
from notice_tracker.lib.sqlonce import rows_once


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Measure) -> str:
        return f"{obj.reference}. {obj.heading[:70]}"


class CoverageFilter(forms.Form):
    measure = MeasureChoiceField(queryset=Measure.objects.none(), required=False, empty_label="All measures")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Any organisation",
        help_text="Count only evidence submitted for this organisation.",
    )

    def __init__(self, data, *, notice: Notice):
        super().__init__(data)
        choices = {
            # Only the columns the options show (a measure's intro and closing run to pages).
            "measure": lambda pk: Measure.objects.filter(notice=pk).order_by("position").only(*MEASURE_OPTION_COLUMNS),
            "organisation": lambda pk: Organisation.objects.filter(notice=pk).order_by("name"),
        }
        for name, build in choices.items():
            model_choice_field(self, name).queryset = build(notice.pk)  # checks a choice made
        # The options' rows, read by SQL written once per process.
        set_option_rows(
            self, {name: rows_once(f"evidence.coverage.{name}", build, notice.pk) for name, build in choices.items()}
        )


@dataclass
class CoverageTable:
    """The matrix and its counts, read only when the page writes the table afresh (it is kept, below)."""

    access: NoticeAccess
    measure: Measure | None
    organisation: Organisation | None

    @cached_property
    def groups(self) -> list[CoverageGroup]:
        return coverage_matrix(self.access, measure=self.measure, organisation=self.organisation)

    @property
    def gaps(self) -> int:
        return sum(group.gaps for group in self.groups)

    @property
    def requirements(self) -> int:
        return sum(len(group.rows) for group in self.groups)


@login_required
def coverage(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    form = CoverageFilter(request.GET or None, notice=access.notice)
    chosen = form.cleaned_data if form.is_valid() else {}
    measure, organisation = chosen.get("measure"), chosen.get("organisation")
    table = CoverageTable(access, measure, organisation)
    return render(
        request,
        "evidence/coverage.html",
        {
            "access": access,
            "notice": access.notice,
            "form": form,
            "table": table,
            "organisation": organisation,
            # The table is made from records the notice's mark covers, counted for what this member
            # may see: kept per process under the mark, that visibility and the filters chosen.
            "position_mark": notice_mark(access.notice, on=clock.today()),
            "table_key": "|".join(
                [
                    str(visibility_filter(access)),
                    str(measure.pk if measure else ""),
                    f"{organisation.pk}:{organisation}" if organisation else "",
                ]
            ),
            "breadcrumbs": notice_crumbs(access.notice, ("Evidence coverage", None)),
        },
    )
