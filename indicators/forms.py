"""Forms for indicators: they read and check what the user typed; services do the writing."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Fieldset, Layout, Row, Submit
from django import forms
from django.core import signing

from indicators import importing
from indicators.figures import FigureError, check_figures, parse_figures
from indicators.library import LIBRARY
from indicators.models import RESERVED_CODES, Indicator
from indicators.periods import add_months, month_start, period_label
from indicators.selectors import ReturnRow
from indicators.services import ValueEntry
from measures.models import Notice, Organisation, Requirement
from notice_tracker.lib.datefield import date_formfield
from notice_tracker.lib.formfields import choice_field, model_choice_field
from notice_tracker.lib.pickers import CheckboxPicker, requirement_group

_SIGNING_SALT = "indicators.import"
IMPORT_MAX_AGE = 60 * 60  # a preview must be confirmed within the hour


class IndicatorForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "definition",
            "unit",
            "direction",
            "target",
            "target_upper",
            "tolerance",
            "statutory_limit",
            "national_benchmark",
            "neighbour_benchmark",
            "frequency",
            "source_system",
            "baseline",
            "baseline_period",
            "owner_organisation",
            "requirements",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "requirements": CheckboxPicker(noun="requirements", group_by=requirement_group),
        }
        formfield_callback = date_formfield

    def __init__(self, *args, notice: Notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        self.initial.setdefault("version", self.instance.version)
        model_choice_field(self, "owner_organisation").queryset = Organisation.objects.filter(notice=notice)
        model_choice_field(self, "requirements").queryset = (
            Requirement.objects.filter(measure__notice=notice)
            .select_related("measure")
            .order_by("measure__position", "position")
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save indicator"))

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if code.lower() in RESERVED_CODES:
            raise forms.ValidationError(f"'{code}' is used by the app's own pages; choose another code.")
        clash = Indicator.objects.filter(notice=self.notice, code__iexact=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"This notice already has an indicator with code {code}.")
        return code

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        direction, target, upper = data.get("direction"), data.get("target"), data.get("target_upper")
        if direction == Indicator.Direction.BAND:
            if target is None or upper is None:
                self.add_error(
                    "target_upper" if target is not None else "target", "A band needs both its lower and upper edge."
                )
            elif upper < target:
                self.add_error("target_upper", "The upper edge must not be below the lower edge.")
        elif upper is not None:
            self.add_error("target_upper", "An upper edge is only for indicators measured within a band.")
        if direction == Indicator.Direction.CONTEXT and target is not None:
            self.add_error("target", "A context-only indicator has no target; choose another direction to set one.")
        if data.get("unit") == Indicator.Unit.PERCENTAGE and target is not None and not 0 <= target <= 100:
            self.add_error("target", "A percentage target is between 0 and 100.")
        return data

    def _post_clean(self) -> None:
        self.instance.notice = self.notice
        super()._post_clean()  # type: ignore[misc]  # Django's hook before model validation; not in the stubs


def period_choices(notice: Notice, *, today: date) -> list[tuple[str, str]]:
    """Months from a year before the notice to this one, newest first."""
    first, last = add_months(month_start(notice.issued_on), -12), month_start(today)
    choices = []
    period = last
    while period >= first:
        choices.append((f"{period:%Y-%m}", period_label(period)))
        period = add_months(period, -1)
    return choices


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label="Period")

    def __init__(self, *args, notice: Notice, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "period").choices = period_choices(notice, today=today)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row g-2 align-items-end"
        self.helper.layout = Layout(
            Div("period", css_class="col-auto"),
            Div(Submit("show", "Show", css_class="btn-secondary"), css_class="col-auto mb-3"),
        )

    def chosen_period(self) -> date | None:
        if not self.is_valid():
            return None
        year, month = self.cleaned_data["period"].split("-")
        return date(int(year), int(month), 1)


class MonthlyReturnForm(forms.Form):
    """One period's figures for every indicator the user may enter; blank rows are left as they are."""

    def __init__(self, *args, rows: list[ReturnRow], period: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows, self.period = rows, period
        fieldsets = []
        for row in rows:
            fieldsets.append(self._add_fields(row))
        self.helper = FormHelper()
        self.helper.layout = Layout(*fieldsets)
        self.helper.add_input(Submit("save", f"Save figures for {period_label(period)}"))

    def _add_fields(self, row: ReturnRow) -> Fieldset:
        indicator, current, prefix = row.indicator, row.current, f"i{row.indicator.pk}"
        previous = (
            f"Previous: {indicator.format(row.previous.value)} ({row.previous.period_label})."
            if row.previous
            else "No previous figure."
        )
        self.fields[f"{prefix}_value"] = forms.CharField(
            label=f"Value ({indicator.get_unit_display().lower()})",
            required=False,
            initial=format(current.value.normalize(), "f") if current else None,
            help_text=f"Target {indicator.target_display}. {previous}",
        )
        self.fields[f"{prefix}_numerator"] = forms.CharField(
            label="Numerator", required=False, initial=current.numerator if current else None
        )
        self.fields[f"{prefix}_denominator"] = forms.CharField(
            label="Denominator", required=False, initial=current.denominator if current else None
        )
        self.fields[f"{prefix}_version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=current.version if current else 0
        )
        self.fields[f"{prefix}_commentary"] = forms.CharField(
            label="Commentary",
            required=False,
            initial=current.commentary if current else "",
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text="Why the figure is what it is, and what is being done.",
        )
        return Fieldset(
            f"{indicator.code} {indicator.name}: {row.period_label}",
            Row(
                Column(f"{prefix}_value", css_class="col-md-4"),
                Column(f"{prefix}_numerator", css_class="col-md-4"),
                Column(f"{prefix}_denominator", css_class="col-md-4"),
            ),
            f"{prefix}_commentary",
            f"{prefix}_version",
            css_class="border rounded p-3 mb-3",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        self.entries: list[ValueEntry] = []
        for row in self.rows:
            entry = self._entry(row, data)
            if entry is not None:
                self.entries.append(entry)
        if not self.errors and not self.entries:
            raise forms.ValidationError("Enter at least one figure.")
        return data

    def _entry(self, row: ReturnRow, data: dict[str, Any]) -> ValueEntry | None:
        prefix = f"i{row.indicator.pk}"
        raw = {
            name: (data.get(f"{prefix}_{name}") or "").strip()
            for name in ("value", "numerator", "denominator", "commentary")
        }
        if not any(raw[name] for name in ("value", "numerator", "denominator")):
            if raw["commentary"] and row.current is None:
                self.add_error(f"{prefix}_value", "Give the figure the commentary explains.")
            return None
        try:
            value, numerator, denominator = parse_figures(raw["value"], raw["numerator"], raw["denominator"])
            check_figures(unit=row.indicator.unit, value=value, numerator=numerator, denominator=denominator)
        except FigureError as error:
            for name, message in error.errors.items():
                self.add_error(f"{prefix}_{name}", message)
            return None
        return ValueEntry(
            row.indicator,
            row.period,
            value,
            numerator,
            denominator,
            raw["commentary"],
            expected_version=data.get(f"{prefix}_version"),
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Export file",
        help_text=f"{importing.ACCEPTED}, first row the column names: code (or indicator), period, value, "
        "and optionally numerator, denominator, commentary.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_BYTES:  # before reading a byte of it
            raise forms.ValidationError(importing.TOO_BIG)
        try:
            self.headers, self.records = importing.read_upload(upload.name, upload.read(importing.MAX_BYTES + 1))
        except importing.ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


def import_payload(headers: dict[str, str], records: list[importing.RawRecord]) -> str:
    """The checked file's rows, signed, so the confirm step stores exactly what was previewed."""
    return signing.dumps(
        {"headers": headers, "records": [[r.row, r.cells] for r in records]}, salt=_SIGNING_SALT, compress=True
    )


class ImportConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)

    def clean_payload(self) -> str:
        try:
            data = signing.loads(self.cleaned_data["payload"], salt=_SIGNING_SALT, max_age=IMPORT_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError("The preview has expired or was changed; upload the file again.") from None
        self.headers = data["headers"]
        self.records = [importing.RawRecord(row, cells) for row, cells in data["records"]]
        return self.cleaned_data["payload"]


class LibraryForm(forms.Form):
    codes = forms.MultipleChoiceField(label="Indicators to add", widget=forms.CheckboxSelectMultiple)
    owner_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Owned by",
        help_text="The organisation whose officers enter the figures; change it per indicator later.",
    )

    def __init__(self, *args, notice: Notice, existing_codes: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "codes").choices = [
            (entry.code, f"{entry.code} {entry.name}") for entry in LIBRARY if entry.code not in existing_codes
        ]
        model_choice_field(self, "owner_organisation").queryset = Organisation.objects.filter(notice=notice)
        self.helper = FormHelper()
        self.helper.add_input(Submit("add", "Add to this notice"))
