"""Board meeting forms: they validate and normalise; meetings.services saves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from actions.forms import ActionChoiceField, action_picker
from actions.models import Action
from measures.models import Membership, Notice, Organisation
from meetings.models import BoardMeeting, BoardMeetingAttendance, DfeReview
from notice_tracker.lib import clock
from notice_tracker.lib.datefield import DateField
from notice_tracker.lib.documents import DOCUMENT_DESCRIPTION, DocumentFileField
from notice_tracker.lib.formfields import model_choice_field

Capacity = BoardMeetingAttendance.Capacity


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        name = obj.user.get_full_name() or obj.user.username
        where = f", {obj.organisation}" if obj.organisation_id else ""
        return f"{name} ({obj.get_role_display()}{where})"


class BoardMeetingForm(forms.ModelForm):
    held_on = DateField(label="Held on", name="the date of the meeting", help_text="The date of the meeting.")
    members = MemberChoiceField(
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Members who attended",
        help_text="Add anyone else (advisers, guests) under “Other attendees” below.",
    )
    actions_arising = ActionChoiceField(
        queryset=Action.objects.none(),
        required=False,
        widget=action_picker(),
        label="Actions arising",
        help_text="Improvement-plan actions the Board set or changed: tick any that apply.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BoardMeeting
        fields = [
            "held_on",
            "location",
            "chaired_by",
            "members",
            "dfe_attended",
            "dfe_attendee_name",
            "council_report_received",
            "minutes_summary",
            "decisions",
            "actions_arising",
        ]
        help_texts = {
            "dfe_attended": "The notice asks for a DfE official to attend as participant observer. "
            "Ticking the DfE observer among the members who attended counts too.",
            "decisions": "What the Board decided, one decision a line.",
        }
        widgets = {"minutes_summary": forms.Textarea(attrs={"rows": 4}), "decisions": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, notice: Notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        model_choice_field(self, "members").queryset = (
            Membership.objects.filter(notice=notice, user__is_active=True)
            .select_related("user", "organisation")
            .order_by("user__last_name", "user__first_name", "user__username")
        )
        model_choice_field(self, "actions_arising").queryset = Action.objects.filter(notice=notice).order_by(
            "reference"
        )
        self.fields["minutes"] = DocumentFileField(
            label="Minutes file",
            what="Minutes",
            required=False,
            help_text=f"{DOCUMENT_DESCRIPTION}; up to {settings.EVIDENCE_MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
            + (
                " Choosing a file replaces the current minutes."
                if self.instance.pk and self.instance.has_minutes
                else ""
            ),
        )
        self.order_fields([*self.Meta.fields[:-1], "minutes", "actions_arising"])
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.initial.setdefault("members", [m.pk for m in self._attending_members()])

    def _attending_members(self) -> list[Membership]:
        users = {a.user_id for a in self.instance.attendances.all() if a.user_id}
        members = model_choice_field(self, "members").queryset
        assert members is not None  # set in __init__
        return [m for m in members if m.user_id in users]

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > clock.today():
            raise forms.ValidationError("Record a meeting once it has been held: this date is in the future.")
        taken = BoardMeeting.objects.filter(notice=self.notice, held_on=held_on).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"A Board meeting on {held_on.day} {held_on:%B %Y} is already recorded.")
        return held_on

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # A DfE observer ticked as present means the DfE attended: the service records it so.
        observer_present = any(m.role == Membership.Role.OBSERVER for m in data.get("members") or [])
        if data.get("dfe_attendee_name") and not data.get("dfe_attended") and not observer_present:
            self.add_error("dfe_attended", "Tick this if the DfE official named below attended, or clear the name.")
        return data

    def _post_clean(self) -> None:
        # The service checks the rules and writes the rows; the form must not change the meeting it was given
        # (a refused edit shows it as saved).
        pass


class GuestForm(forms.Form):
    name = forms.CharField(max_length=200, required=False, label="Name")
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False, label="Organisation")
    capacity = forms.ChoiceField(
        choices=[c for c in Capacity.choices if c[0] != Capacity.MEMBER], initial=Capacity.GUEST, label="Attended as"
    )

    def __init__(self, *args, notice: Notice, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = Organisation.objects.filter(notice=notice).order_by("name")
        model_choice_field(self, "organisation").empty_label = "(none or not listed)"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("name") and data.get("organisation"):
            self.add_error("name", "Give the attendee's name.")
        return data


GuestFormSet = forms.formset_factory(GuestForm, extra=2, can_delete=True)


def guest_formset(data, *, notice: Notice, meeting: BoardMeeting | None = None):
    """Rows for attendees who are not members of the notice; an empty row is ignored."""
    initial = None
    if meeting is not None and data is None:
        initial = [
            {"name": a.name, "organisation": a.organisation_id, "capacity": a.capacity}
            for a in meeting.attendances.all()
            if a.user_id is None
        ]
    return GuestFormSet(data, initial=initial, prefix="guests", form_kwargs={"notice": notice})


def guests_from(formset) -> list[dict]:
    """The filled-in, not-deleted guest rows of a valid formset."""
    return [
        {
            "name": f.cleaned_data["name"].strip(),
            "organisation": f.cleaned_data.get("organisation"),
            "capacity": f.cleaned_data["capacity"],
        }
        for f in formset.forms
        if f.cleaned_data.get("name", "").strip() and not f.cleaned_data.get("DELETE")
    ]


class DfeReviewForm(forms.ModelForm):
    """A DfE progress review held: when, who came, what it concluded. meetings.services saves."""

    held_on = DateField(label="Held on", name="the date of the review", help_text="The date of the review meeting.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = DfeReview
        fields = ["held_on", "attendees", "outcome", "summary"]
        widgets = {
            "attendees": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "attendees": {"required": "Name who attended, one a line."},
            "outcome": {"required": "Choose what the review concluded."},
        }

    def __init__(self, *args, notice: Notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > clock.today():
            raise forms.ValidationError("Record a review once it has been held: this date is in the future.")
        if held_on < self.notice.issued_on:
            raise forms.ValidationError("The date is before the notice was issued.")
        taken = DfeReview.objects.filter(notice=self.notice, held_on=held_on).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"A DfE review on {held_on.day} {held_on:%B %Y} is already recorded.")
        return held_on

    def clean_attendees(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["attendees"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError("Name who attended, one a line.")
        return "\n".join(lines)

    def _post_clean(self) -> None:
        pass  # the service writes; a refused edit must not change the record the page shows
