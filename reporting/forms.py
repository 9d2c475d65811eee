"""Statutory report forms: they validate and normalise; reporting.services saves."""

from __future__ import annotations

from typing import Any

from django import forms

from notice_tracker.lib.datefield import DateField
from notice_tracker.lib.formfields import choice_field
from reports.models import RAG_CHOICES, Report, ReportSection

JUDGEMENT_HELP = "Your own judgement; the report also shows the position the figures give."


class ReportStartForm(forms.Form):
    kind = forms.ChoiceField(label="Report", choices=())
    period_start = DateField(label="Period from", name="the first day of the period")
    period_end = DateField(label="Period to", name="the last day of the period")

    def __init__(self, *args, kinds: list[tuple[str, str]], notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        choice_field(self, "kind").choices = kinds
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0][0]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The period must end on or after the day it starts.")
        if start and start < self.notice.issued_on:
            self.add_error(
                "period_start",
                f"The period cannot start before the notice was issued ({self.notice.issued_on:%-d %B %Y}).",
            )
        return data


# Which of the report's own fields each kind asks its author for.
NARRATIVE_FIELDS = {
    Report.Kind.CHAIR: ["executive_summary", "overall_judgement", "mscb_assessment", "next_steps"],
    Report.Kind.REVIEW_PACK: ["executive_summary", "overall_judgement", "mscb_assessment", "next_steps"],
    Report.Kind.LEAD_MEMBER: ["executive_summary", "overall_judgement", "next_steps"],
    Report.Kind.MSCB: ["executive_summary", "overall_judgement"],
}


class ReportNarrativeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Report
        fields = ["executive_summary", "overall_judgement", "mscb_assessment", "next_steps", "correction_note"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 6}) for name in ["executive_summary", "mscb_assessment", "next_steps"]
        }
        widgets["correction_note"] = forms.Textarea(attrs={"rows": 3})
        help_texts = {
            "overall_judgement": JUDGEMENT_HELP,
            "mscb_assessment": "Section 13: your assessment of the latest Safeguarding Children Board update.",
            "next_steps": "The milestones ahead and what the Board will focus on next.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.instance
        wanted = NARRATIVE_FIELDS[report.kind] + (["correction_note"] if report.supersedes_id else [])
        for name in list(self.fields):
            if name != "version" and name not in wanted:
                del self.fields[name]
        self.fields["overall_judgement"].label = "Overall judgement"
        choice_field(self, "overall_judgement").choices = [("", "No overall judgement"), *RAG_CHOICES]
        self.fields["version"].initial = report.version


class SectionForm(forms.ModelForm):
    class Meta:
        model = ReportSection
        fields = ["judgement", "narrative"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 6})}
        labels = {"judgement": "Judgement", "narrative": "Narrative"}
        help_texts = {"judgement": JUDGEMENT_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "judgement").choices = [("", "No judgement"), *RAG_CHOICES]


def section_forms(report: Report, sections: list[ReportSection], data=None) -> list[SectionForm]:
    return [SectionForm(data, instance=section, prefix=f"section-{section.pk}") for section in sections]


class VerifyForm(forms.Form):
    """A recipient's copy of the PDF, compared with the stored SHA-256 and then forgotten."""

    copy = forms.FileField(label="Your copy of the PDF", help_text="The file is checked here and not kept.")


class LateReasonForm(forms.Form):
    """Issuing after the date the notice's duty called for the report: why. The reason is printed in it."""

    late_reason = forms.CharField(
        label="Why is the report issued late?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="Printed on the report's cover and in its sign-off.",
        error_messages={"required": "Say why the report is issued after the date it was due."},
    )

    def __init__(self, *args, late: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.late = late
        if not late:
            del self.fields["late_reason"]
        else:
            self.fields["late_reason"].required = True

    def clean_late_reason(self) -> str:
        reason = " ".join(self.cleaned_data.get("late_reason", "").split())
        if self.late and not reason:
            raise forms.ValidationError("Say why the report is issued after the date it was due.")
        return reason
