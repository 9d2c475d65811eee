"""Forms for actions: they validate and normalise; the services in actions/services.py save.

Every choice offered is limited to the notice: its requirements, its members as owners,
its organisations. Dates are typed as 21/05/2014, 2014-05-21 or 21 May 2014 (notice_tracker.lib.datefield).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model

from actions.models import Action, Rag
from measures.models import (
    MEASURE_OPTION_COLUMNS,
    REQUIREMENT_OPTION_COLUMNS,
    Measure,
    Notice,
    Organisation,
    Requirement,
)
from notice_tracker.lib import clock
from notice_tracker.lib.datefield import DateField
from notice_tracker.lib.formfields import model_choice_field
from notice_tracker.lib.pickers import CheckboxPicker, requirement_group
from notice_tracker.lib.quickfields import set_option_rows
from notice_tracker.lib.sqlonce import rows_once

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ActionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Action) -> str:
        return f"{obj.reference} {obj.title}"


class RequirementChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Requirement) -> str:
        text = obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
        return f"{obj.reference} {text}"


def requirement_picker() -> CheckboxPicker:
    """Requirements as checkboxes under their measures, with a filter (notice_tracker/lib/pickers.py)."""
    return CheckboxPicker(noun="requirements", group_by=requirement_group)


def action_picker() -> CheckboxPicker:
    """A plan's actions as checkboxes with a filter; one list, in reference order."""
    return CheckboxPicker(noun="actions")


def notice_requirements(notice: Notice | int):
    """A notice's requirements in the notice's order, with their measures (the pickers' groups)."""
    return (
        Requirement.objects.filter(measure__notice=notice)
        .select_related("measure")
        .order_by("measure__position", "position")
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def notice_members(notice: Notice | int):
    return get_user_model().objects.filter(memberships__notice=notice).order_by("first_name", "last_name", "username")


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the page writes its own <form> with the right action and buttons
    helper.disable_csrf = True
    return helper


class ActionForm(forms.Form):
    reference = forms.CharField(
        max_length=20,
        required=False,
        help_text="The plan's own reference. Leave blank to number it automatically (A-001, A-002…).",
    )
    title = forms.CharField(label="Action", max_length=300, help_text="What will be done, in a sentence.")
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How it will be done and how you will know it worked.",
    )
    requirements = RequirementChoiceField(
        queryset=Requirement.objects.none(),
        label="Requirements it serves",
        help_text="Tick one or more, under their measures.",
        widget=requirement_picker(),
        error_messages={"required": "Tick at least one requirement the action serves."},
    )
    owner = MemberChoiceField(queryset=None, help_text="The person accountable for delivering it.")
    lead_organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Lead organisation")
    start_on = DateField(label="Start date")
    due_on = DateField(label="Due date")
    status = forms.ChoiceField(choices=Action.Status.choices, initial=Action.Status.PLANNED)
    completed_on = DateField(
        label="Completed on",
        name="the date it was completed",
        required=False,
        help_text="Only for a complete action; today if left blank.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, notice: Notice, action: Action | None = None, **kwargs):
        if action is not None and "initial" not in kwargs:
            kwargs["initial"] = action_initial(action)
        super().__init__(*args, **kwargs)
        self.notice, self.action = notice, action
        model_choice_field(self, "requirements").queryset = notice_requirements(notice)
        model_choice_field(self, "owner").queryset = notice_members(notice)
        model_choice_field(self, "lead_organisation").queryset = Organisation.objects.filter(notice=notice)
        if action is not None:
            self.fields["reference"].required = True
            self.fields["reference"].help_text = "The plan's own reference, unique in this plan."
            self.fields["version"].required = True
        self.helper = _helper()

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        taken = Action.objects.filter(notice=self.notice, reference__iexact=reference)
        if self.action is not None:
            taken = taken.exclude(pk=self.action.pk)
        if reference and taken.exists():
            raise forms.ValidationError(f"The reference {reference} is already used by another action in this plan.")
        return reference

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, due, completed = data.get("start_on"), data.get("due_on"), data.get("completed_on")
        if start and due and due < start:
            self.add_error("due_on", f"The due date must be on or after the start date ({start:%d/%m/%Y}).")
        if completed and data.get("status") != Action.Status.COMPLETE:
            self.add_error(
                "completed_on",
                "Only a complete action has a completion date: set the status to Complete or clear this date.",
            )
        if completed and completed > clock.today():
            self.add_error("completed_on", "The completion date cannot be in the future.")
        return data


def action_initial(action: Action) -> dict:
    initial = {
        name: getattr(action, name)
        for name in ["reference", "title", "description", "start_on", "due_on", "status", "completed_on", "version"]
    }
    initial["owner"] = action.owner_id
    initial["lead_organisation"] = action.lead_organisation_id
    initial["requirements"] = [r.pk for r in action.requirements.all()]
    return initial


class ActionUpdateForm(forms.Form):
    on = DateField(label="Date", name="the date the progress refers to", help_text="The date the progress refers to.")
    percent_complete = forms.IntegerField(
        label="Percent complete",
        min_value=0,
        max_value=100,
        help_text="0 to 100. An update at 100% marks the action complete on this date.",
    )
    note = forms.CharField(
        label="Progress note",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What has been done since the last update, and what is next.",
    )

    def __init__(self, *args, action: Action, **kwargs):
        kwargs.setdefault("initial", {"on": clock.today(), "percent_complete": action.percent_complete})
        super().__init__(*args, **kwargs)
        self.action = action
        self.helper = _helper()

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > clock.today():
            raise forms.ValidationError("Progress cannot be dated in the future.")
        return on

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.action.is_closed:
            raise forms.ValidationError(
                f"This action is {self.action.get_status_display().lower()}; change its status on the edit page "
                "before logging more progress."
            )
        return data


class RagOverrideForm(forms.Form):
    rag_override = forms.ChoiceField(
        label="Rating",
        required=False,
        choices=[("", "No override: use the derived rating"), *Rag.choices],
    )
    rag_override_reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you override: why the derived rating does not tell the true story.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, action: Action, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "rag_override": action.rag_override,
                "rag_override_reason": action.rag_override_reason,
                "version": action.version,
            },
        )
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("rag_override") and not (data.get("rag_override_reason") or "").strip():
            self.add_error("rag_override_reason", "Give the reason for overriding the rating.")
        return data


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label="Improvement plan file",
        help_text="An Excel workbook (.xlsx) or CSV file, one row per action, with a header row.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".xlsx", ".csv"}:
            raise forms.ValidationError("Upload an Excel workbook (.xlsx) or a CSV file.")
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB; an improvement plan should be far smaller.")
        return upload


class ActionFilter(django_filters.FilterSet):
    """The list's filters that the database answers; RAG and overdue depend on today and are
    applied to the rows in Python by the selector (see actions/rules.py)."""

    measure = django_filters.ModelChoiceFilter(
        label="Measure", queryset=Measure.objects.none(), method="filter_measure", empty_label="Any"
    )
    requirement = django_filters.ModelChoiceFilter(
        label="Requirement", queryset=Requirement.objects.none(), field_name="requirements", empty_label="Any"
    )
    owner = django_filters.ModelChoiceFilter(
        label="Owner", queryset=get_user_model().objects.none(), field_name="owner", empty_label="Anyone"
    )
    organisation = django_filters.ModelChoiceFilter(
        label="Lead organisation",
        queryset=Organisation.objects.none(),
        field_name="lead_organisation",
        empty_label="Any",
    )
    status = django_filters.ChoiceFilter(label="Status", choices=Action.Status.choices, empty_label="Any")
    rag = django_filters.ChoiceFilter(label="RAG", choices=Rag.choices, method="in_python", empty_label="Any")
    overdue = django_filters.ChoiceFilter(
        label="Overdue", choices=[("yes", "Overdue only"), ("no", "Not overdue")], method="in_python", empty_label="Any"
    )

    class Meta:
        model = Action
        fields: list[str] = []

    def __init__(self, data=None, *, notice: Notice, **kwargs):
        super().__init__(data, queryset=Action.objects.filter(notice=notice), **kwargs)
        choices = {
            # Only the columns the options show (a measure's intro and closing run to pages).
            "measure": lambda pk: Measure.objects.filter(notice=pk).order_by("position").only(*MEASURE_OPTION_COLUMNS),
            "requirement": lambda pk: Requirement.objects.filter(measure__notice=pk).only(*REQUIREMENT_OPTION_COLUMNS),
            "owner": notice_members,
            "organisation": lambda pk: Organisation.objects.filter(notice=pk),
        }
        for name, build in choices.items():
            self.filters[name].queryset = build(notice.pk)  # django-filter reads the choices from here
        self.filters["owner"].field_class = MemberChoiceField
        # The options' rows, read by SQL written once per process (the querysets above check a choice).
        self.option_rows = {
            name: rows_once(f"actions.filter.{name}", build, notice.pk) for name, build in choices.items()
        }

    @property
    def form(self):
        form = super().form
        set_option_rows(form, self.option_rows)
        return form

    def filter_measure(self, queryset, name, value):
        links = Action.requirements.through.objects.filter(requirement__measure=value)
        return queryset.filter(pk__in=links.values("action_id"))

    def in_python(self, queryset, name, value):
        return queryset

    def python_filters(self) -> dict:
        data = self.form.cleaned_data if self.is_valid() else {}
        return {"rag": data.get("rag") or "", "overdue": data.get("overdue") or ""}
