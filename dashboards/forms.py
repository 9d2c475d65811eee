"""The Chair's monthly judgement of a measure, and a one-off duty done: the forms validate; progress.services saves."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from evidence.models import EvidenceItem
from meetings.models import BoardMeeting
from notice_tracker.lib.datefield import DateField
from notice_tracker.lib.documents import DocumentFileField
from progress.models import JUDGEMENT_CHOICES, MeasureJudgement
from reports.models import Report


class JudgementForm(forms.Form):
    rag = forms.ChoiceField(
        label="Your rating",
        choices=JUDGEMENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a rating."},
    )
    sentence = forms.CharField(
        label="Why, in a sentence",
        max_length=MeasureJudgement._meta.get_field("sentence").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown beside the data's rating on the dashboard, the measure page and the portfolio.",
        error_messages={"required": "Say why, in a sentence."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_sentence(self) -> str:
        sentence = self.cleaned_data["sentence"].strip()
        if not sentence:
            raise forms.ValidationError("Say why, in a sentence.")
        return sentence


class DutyCompletionForm(forms.Form):
    """A one-off duty done: when, and what proves it. progress.services.duty_complete saves (and
    refuses a record with no proof)."""

    done_on = DateField(label="Done on", name="the day it was done")
    evidence = forms.ModelChoiceField(
        queryset=EvidenceItem.objects.none(),
        required=False,
        label="Evidence item",
        empty_label="None",
        help_text="The validation report, the letter to DfE, … if it is already in the evidence.",
    )
    report = forms.ModelChoiceField(
        queryset=Report.objects.none(), required=False, label="Or an issued report", empty_label="None"
    )
    meeting = forms.ModelChoiceField(
        queryset=BoardMeeting.objects.none(),
        required=False,
        label="Or the Board meeting that did it",
        empty_label="None",
    )
    letter = DocumentFileField(
        label="Or upload the document",
        what="The document",
        required=False,
        help_text="The report or letter itself: PDF, Word or plain text.",
    )
    note = forms.CharField(label="What was done", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        evidence: QuerySet[EvidenceItem],
        reports: QuerySet[Report],
        meetings: QuerySet[BoardMeeting],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = evidence  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["report"].queryset = reports  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]  # a ModelChoiceField
