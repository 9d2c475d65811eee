"""The evidence coverage matrix page: where the Chair sees which requirement has no proof of impact."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from evidence.coverage_selectors import coverage_matrix
from measures.access import get_notice_access
from measures.models import Measure, Notice, Organisation
from notice_tracker.lib.crumbs import notice_crumbs


class CoverageFilter(forms.Form):
    measure = forms.ModelChoiceField(queryset=Measure.objects.none(), required=False, empty_label="All measures")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Any organisation",
        help_text="Count only evidence submitted for this organisation.",
    )

    def __init__(self, data, *, notice: Notice):
        super().__init__(data)
        self.fields["measure"].queryset = Measure.objects.filter(notice=notice).order_by("position")
        self.fields["measure"].label_from_instance = lambda m: f"{m.reference}. {m.heading[:70]}"
        self.fields["organisation"].queryset = Organisation.objects.filter(notice=notice).order_by("name")


@login_required
def coverage(request: HttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    form = CoverageFilter(request.GET or None, notice=access.notice)
    chosen = form.cleaned_data if form.is_valid() else {}
    groups = coverage_matrix(access, measure=chosen.get("measure"), organisation=chosen.get("organisation"))
    return render(
        request,
        "evidence/coverage.html",
        {
            "access": access,
            "notice": access.notice,
            "form": form,
            "groups": groups,
            "organisation": chosen.get("organisation"),
            "gaps": sum(group.gaps for group in groups),
            "requirements": sum(len(group.rows) for group in groups),
            "breadcrumbs": notice_crumbs(access.notice, ("Evidence coverage", None)),
        },
    )
