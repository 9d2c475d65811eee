from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model

from measures.models import Membership, Notice
from notice_tracker.lib.formfields import model_choice_field


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "organisation", "can_review_evidence"]
        help_texts = {
            "can_review_evidence": "Besides the Board Chair, who always can, let this person accept or reject evidence.",
        }

    def __init__(self, *args, notice: Notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        model_choice_field(self, "organisation").queryset = notice.organisations.all()
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save"))


class NewMemberForm(MembershipForm):
    username = forms.CharField(
        max_length=150,
        help_text="An existing account's username, or a new one to create.",
    )
    first_name = forms.CharField(max_length=150, required=False, help_text="Needed only for a new account.")
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(required=False)

    field_order = ["username", "first_name", "last_name", "email", "role", "organisation", "can_review_evidence"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user and Membership.objects.filter(user=user, notice=self.notice).exists():
            raise forms.ValidationError(
                f"{username} already has a role on this notice; change it from the list instead."
            )
        return username
