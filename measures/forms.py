from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User

from measures.models import Invitation, Membership, Notice
from measures.roles import may_be_evidence_reviewer
from notice_tracker.lib.datefield import DateField
from notice_tracker.lib.documents import DocumentFileField
from notice_tracker.lib.formfields import model_choice_field


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "organisation", "can_review_evidence"]
        help_texts = {
            "can_review_evidence": (
                "Besides the Board Chair, who always can, let this person accept or reject evidence. "
                "Never a DfE observer."
            ),
        }

    def __init__(self, *args, notice: Notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        model_choice_field(self, "organisation").queryset = notice.organisations.all()
        if self.instance.pk and not may_be_evidence_reviewer(self.instance.role):
            # Not offered to someone who may not have it; a changed role can be given it afterwards.
            self.fields["can_review_evidence"].disabled = True
            self.fields["can_review_evidence"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save"))

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        if cleaned.get("can_review_evidence") and role and not may_be_evidence_reviewer(role):
            self.add_error("can_review_evidence", "A DfE observer cannot review evidence.")
        cleaned.setdefault("can_review_evidence", False)
        return cleaned


class InvitationForm(forms.ModelForm):
    """Who to invite: a name and an address, never looked up against the accounts there are."""

    class Meta:
        model = Invitation
        fields = ["name", "email", "role", "organisation", "can_review_evidence"]
        labels = {"name": "Their name", "email": "Their e-mail address"}
        help_texts = {
            "name": "As it should appear on this notice's list of people until they accept.",
            "email": "We e-mail the invitation here. Whoever follows its link and accepts gets the role.",
            "can_review_evidence": MembershipForm.Meta.help_texts["can_review_evidence"],
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, notice: Notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        self.instance.notice = notice
        model_choice_field(self, "organisation").queryset = notice.organisations.all()
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Send the invitation"))

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        if cleaned.get("can_review_evidence") and role and not may_be_evidence_reviewer(role):
            self.add_error("can_review_evidence", "A DfE observer cannot review evidence.")
        cleaned.setdefault("can_review_evidence", False)
        return cleaned


class NewAccountForm(UserCreationForm):
    """An invited person without an account chooses their username and password."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)
        help_texts = {"username": "You sign in with it. Letters, digits and @ . + - _ only; 150 at most."}
        widgets = {"username": forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"


class NewSingleSignOnAccountForm(forms.ModelForm):
    """An invited person, where people sign in only with their council account: a username, no password.

    The account has no usable password; single sign-on matches them by the invitation's e-mail.
    """

    class Meta:
        model = User
        fields = ("username",)
        help_texts = NewAccountForm.Meta.help_texts
        widgets = NewAccountForm.Meta.widgets

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class NoticeLiftForm(forms.Form):
    """The Department has lifted the notice: the date and its letter. measures.services.notice_lift saves."""

    lifted_on = DateField(label="Lifted on", name="the date the notice was lifted", help_text="The date of the letter.")
    letter = DocumentFileField(
        label="The Department's letter",
        what="The letter",
        error_messages={"required": "Attach the Department's letter lifting the notice."},
    )
    confirm = forms.BooleanField(
        label="I understand the notice's records become read-only: reports can still be written and issued.",
        error_messages={"required": "Tick the box to confirm the notice's records become read-only."},
    )
