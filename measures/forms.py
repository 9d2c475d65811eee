from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model

from measures.models import Membership, Notice
from measures.roles import may_be_evidence_reviewer
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


class NewMemberForm(MembershipForm):
    # Asked of everyone alike, so the form never says whether the username is already an account.
    username = forms.CharField(max_length=150, help_text="Their Notice Tracker username.")
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(help_text="Where we e-mail them how to sign in.")

    field_order = ["username", "first_name", "last_name", "email", "role", "organisation", "can_review_evidence"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user and Membership.objects.filter(user=user, notice=self.notice).exists():
            raise forms.ValidationError(
                f"{username} already has a role on this notice; change it from the list instead."
            )
        return username
