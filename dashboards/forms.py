"""The Chair's monthly judgement of a measure: the form validates; progress.services saves."""

from __future__ import annotations

from django import forms

from progress.models import JUDGEMENT_CHOICES, MeasureJudgement


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
