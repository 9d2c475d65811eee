from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User

from measures.importer.corrections import Corrections, duty_date, duty_key
from measures.importer.parser import ParsedNotice
from measures.models import Invitation, Measure, Membership, Notice, Requirement
from measures.roles import may_be_evidence_reviewer
from notice_tracker.lib.datefield import DateField
from notice_tracker.lib.documents import DocumentFileField
from notice_tracker.lib.formfields import model_choice_field
from notice_tracker.lib.uploads import PDF, TEXT


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


# ------------------------------------------------------------------ the web import


class NoticeUploadForm(forms.Form):
    """The notice's file: checked for type and size (like evidence) before anything is read or stored."""

    file = DocumentFileField(
        label="The notice",
        what="The notice",
        types=(PDF, TEXT),
        help_text=(
            "The PDF the Department published, or the notice as plain UTF-8 text; "
            f"up to {settings.EVIDENCE_MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        ),
        error_messages={"required": "Choose the notice's file to upload."},
    )


class MeasureCorrectionForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    reference = forms.CharField(
        label="Reference", max_length=10, widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"})
    )
    closing_is_requirement = forms.BooleanField(
        label="Its closing text is a requirement",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class RequirementCorrectionForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    is_requirement = forms.BooleanField(
        label="A requirement", required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )


class DutyCorrectionForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    on = DateField(label="Date", name="the duty's date", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].widget.attrs["class"] = "form-control form-control-sm"


class MatchForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    became = forms.ChoiceField(label="Became", required=False)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["became"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "— nothing: dropped —"), *choices]
        field.widget.attrs["class"] = "form-select form-select-sm"


MeasureCorrections = forms.formset_factory(MeasureCorrectionForm, extra=0)
RequirementCorrections = forms.formset_factory(RequirementCorrectionForm, extra=0)
DutyCorrections = forms.formset_factory(DutyCorrectionForm, extra=0)
Matches = forms.formset_factory(MatchForm, extra=0)


class ImportReview:
    """The review page's forms over what the importer read: corrections, and for a revised notice the matches.

    Every row names what it corrects by what the importer read (its `key`), so the corrections
    apply to the same reading of the same file however often the page is saved.
    """

    def __init__(
        self,
        data,
        *,
        parsed: ParsedNotice,
        corrections: Corrections,
        mapping: dict,
        old_measures: list[Measure],
        old_requirements: list[Requirement],
        version: int,
    ) -> None:
        self.version = version
        self.measures = MeasureCorrections(
            data,
            prefix="measure",
            initial=[
                {
                    "key": m.reference,
                    "reference": corrections.measures.get(m.reference, m.reference),
                    "closing_is_requirement": m.reference in corrections.closing_requirements,
                }
                for m in parsed.measures
            ],
        )
        dropped = set(corrections.not_requirements)
        self.requirements = RequirementCorrections(
            data,
            prefix="requirement",
            initial=[
                {"key": r.reference, "is_requirement": r.reference not in dropped}
                for m in parsed.measures
                for r in m.requirements
            ],
        )
        self.duties = DutyCorrections(
            data,
            prefix="duty",
            initial=[
                {"key": duty_key(d), "on": corrections.duty_dates.get(duty_key(d), duty_date(d))} for d in parsed.duties
            ],
        )
        measure_choices = [(m.reference, f"{m.reference}. {m.heading[:80]}") for m in parsed.measures]
        requirement_choices = [
            (r.reference, f"{r.reference} {r.text[:80]}") for m in parsed.measures for r in m.requirements
        ]
        wanted = mapping.get("measures", {}) | {f"r{k}": v for k, v in mapping.get("requirements", {}).items()}
        self.matches = Matches(
            data,
            prefix="match",
            initial=[{"key": str(m.pk), "became": wanted.get(str(m.pk), "")} for m in old_measures]
            + [{"key": f"r{r.pk}", "became": wanted.get(f"r{r.pk}", "")} for r in old_requirements],
            form_kwargs={"choices": measure_choices + requirement_choices},
        )
        self.problems: list[str] = []
        self._parsed = parsed
        self._old_measures = len(old_measures)

    @property
    def formsets(self) -> list[forms.BaseFormSet]:
        return [self.measures, self.requirements, self.duties, self.matches]

    def is_valid(self) -> bool:
        valid = all(formset.is_valid() for formset in self.formsets)
        if valid and {f.cleaned_data["key"] for f in self.measures} != {m.reference for m in self._parsed.measures}:
            self.problems.append("The form does not match this import's notice; open the page again.")
            return False
        if valid:
            self._check_matches()
        return valid and not self.problems

    def _check_matches(self) -> None:
        measure_refs = {m.reference for m in self._parsed.measures}
        for n, form in enumerate(self.matches):
            chosen = form.cleaned_data["became"]
            is_measure = n < self._old_measures
            if chosen and (chosen in measure_refs) != is_measure:
                what = "measure" if is_measure else "requirement"
                form.add_error("became", f"Choose a {what} of the new notice for a {what} of the old one.")
                self.problems.append(f"A {what} of the old notice is matched to something that is not a {what}.")

    def corrections(self) -> Corrections:
        return Corrections(
            measures={
                f.cleaned_data["key"]: f.cleaned_data["reference"].strip()
                for f in self.measures
                if f.cleaned_data["reference"].strip() != f.cleaned_data["key"]
            },
            not_requirements=[f.cleaned_data["key"] for f in self.requirements if not f.cleaned_data["is_requirement"]],
            closing_requirements=[
                f.cleaned_data["key"] for f in self.measures if f.cleaned_data["closing_is_requirement"]
            ],
            duty_dates={
                f.cleaned_data["key"]: f.cleaned_data["on"]
                for f, duty in zip(self.duties, self._parsed.duties, strict=True)
                if f.cleaned_data["on"] and f.cleaned_data["on"] != duty_date(duty)
            },
        )

    def mapping(self) -> dict:
        found: dict[str, dict[str, str]] = {"measures": {}, "requirements": {}}
        for form in self.matches:
            key = form.cleaned_data["key"]
            if key.startswith("r"):
                found["requirements"][key[1:]] = form.cleaned_data["became"]
            else:
                found["measures"][key] = form.cleaned_data["became"]
        return found
