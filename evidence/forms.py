"""Forms validate and normalise; the services save. Dates are typed the British way: 21/05/2014."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from actions.forms import (
    ActionChoiceField,
    RequirementChoiceField,
    action_picker,
    notice_requirements,
    requirement_picker,
)
from actions.models import Action
from evidence.models import EvidenceItem, EvidenceReview, EvidenceRevision, http_url
from measures.models import Notice, Requirement
from notice_tracker.lib.datefield import DateField
from notice_tracker.lib.formfields import model_choice_field
from notice_tracker.lib.uploads import ALLOWED_DESCRIPTION, CheckedFileField


def _file_field(*, required: bool) -> CheckedFileField:
    megabytes = settings.EVIDENCE_MAX_UPLOAD_BYTES // (1024 * 1024)
    return CheckedFileField(
        label="File",
        required=required,
        help_text=f"{ALLOWED_DESCRIPTION}; up to {megabytes} MB.",
        error_messages={"empty": "The file is empty.", "required": "Choose a file to upload."},
    )


class EvidenceItemForm(forms.ModelForm):
    """Submitting an item (with an optional file) and editing it (without: a new file is a revision)."""

    requirements = RequirementChoiceField(
        queryset=Requirement.objects.none(),
        required=False,
        widget=requirement_picker(),
        help_text="The requirements of the notice this evidence supports: tick any that apply.",
    )
    actions = ActionChoiceField(
        queryset=Action.objects.none(),
        required=False,
        widget=action_picker(),
        help_text="Improvement-plan actions this evidence shows progress on: tick any that apply.",
    )
    link = forms.URLField(
        label="Link",
        required=False,
        max_length=1000,
        assume_scheme="https",
        validators=[http_url],
        help_text="A web address where the evidence can be read, if it is not (only) a file.",
        error_messages={"invalid": "Enter a web address starting with http:// or https://."},
    )
    covers_from = DateField(
        label="Covers from",
        name="the covers from date",
        help_text="The date the evidence covers, or the first day of the period.",
    )
    covers_to = DateField(
        label="Covers to",
        required=False,
        name="the covers to date",
        help_text="The last day of the period; leave empty for a single date.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = EvidenceItem
        fields = [
            "title",
            "description",
            "kind",
            "nature",
            "covers_from",
            "covers_to",
            "link",
            "requirements",
            "actions",
            "restricted",
        ]
        labels = {"nature": "Qualitative or quantitative", "restricted": "Restricted: holds personal data"}
        help_texts = {
            "title": "A short name the Board will recognise, e.g. “Case-file audit, June 2014”.",
            "kind": "What sort of evidence this is.",
            "nature": "Qualitative: what people saw or said. Quantitative: figures.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, notice: Notice, with_file: bool, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "requirements").queryset = notice_requirements(notice)
        model_choice_field(self, "actions").queryset = Action.objects.filter(notice=notice).order_by("reference")
        if with_file:
            self.fields["file"] = _file_field(required=False)
            self.order_fields(["title", "description", "file", "link"])
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.earlier = list(self.instance.earlier_revisions()) if self.instance.pk and self.instance.restricted else []
        if self.earlier:
            self.fields["earlier_versions_understood"] = forms.BooleanField(
                required=False,
                label="If I open this item, its earlier file versions stay restricted",
                help_text="Release or withdraw each one afterwards from the item's page.",
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("covers_from"), data.get("covers_to")
        if start and end and end < start:
            self.add_error("covers_to", "The period cannot end before it starts.")
        has_file = bool(data.get("file")) or bool(self.instance.pk and self.instance.current_revision_id)
        if not has_file and not data.get("link") and not self.has_error("file") and not self.has_error("link"):
            raise forms.ValidationError("Give a file or a link: evidence needs one or the other.", code="no_content")
        if self.earlier and not data.get("restricted") and not data.get("earlier_versions_understood"):
            names = ", ".join(f"version {r.number} ({r.original_name})" for r in self.earlier)
            self.add_error(
                "earlier_versions_understood",
                f"This item has {len(self.earlier)} earlier file version{'s' if len(self.earlier) > 1 else ''} "
                f"from while it was restricted: {names}. Opening the item keeps "
                f"{'them' if len(self.earlier) > 1 else 'it'} restricted; tick the box to go on.",
            )
        return data


class RevisionVisibilityForm(forms.Form):
    visibility = forms.ChoiceField(choices=EvidenceRevision.Visibility.choices, label="Who may download it")

    def _post_clean(self) -> None:
        # Model-instance validation is skipped: the service checks the rules and writes the row,
        # and the form must not change the item it was given (a refused edit shows it as saved).
        pass


class RevisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field(required=True)
        self.fields["file"].label = "New version of the file"
        self.order_fields(["file"])


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=EvidenceReview.Decision.choices, widget=forms.RadioSelect, label="Decision")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Note",
        help_text="Required when asking for more or rejecting: the submitter will act on it.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        decision = data.get("decision")
        if decision and decision != EvidenceReview.Decision.ACCEPTED and not (data.get("note") or "").strip():
            self.add_error("note", "Say what more is needed, or why it is rejected.")
        return data
