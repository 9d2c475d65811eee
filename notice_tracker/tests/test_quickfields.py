"""`quick_field` writes a filter form's fields exactly as crispy-forms' Bootstrap 5 layout does, only faster."""

import pytest
from django import forms
from django.template import Context, Template
from django.test.html import parse_html

from notice_tracker.lib.datefield import DateField


class Filters(forms.Form):
    q = forms.CharField(label="Search", required=False)
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any"), ("open", "Open & active"), ("closed", "Closed")], required=False
    )
    grouped = forms.ChoiceField(
        label="Grouped", choices=[("", "Any"), ("Letters", [("a", "A"), ("b", "B")]), ("c", "C")], required=False
    )
    number = forms.IntegerField(label="Number", help_text="A <b>whole</b> number.")
    since = DateField(label="Since", required=False)
    tick = forms.BooleanField(label="Tick", required=False)  # not a quick widget: crispy renders it


def _render(loader: str, name: str, form: forms.Form) -> str:
    text = f"{{% load {loader} %}}{{% for field in form %}}{{{{ field|{name} }}}}{{% endfor %}}"
    return Template(text).render(Context({"form": form}))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": 'a "quoted" <b>', "status": "closed", "grouped": "b", "number": "7", "since": "21/05/2014"},
        {"status": "nonsense", "grouped": "c", "number": "seven", "since": "soon", "tick": "on"},
    ],
)
def test_quick_field_writes_what_crispy_writes(data):
    quick_form, crispy_form = Filters(data), Filters(data)  # crispy adds its classes to the widgets it renders
    quick_form.is_valid(), crispy_form.is_valid()
    quick = _render("quick_fields", "quick_field", quick_form)
    assert parse_html(quick) == parse_html(_render("crispy_forms_filters", "as_crispy_field", crispy_form))
    assert 'class="invalid-feedback"' in quick if data and "seven" in data.values() else True


@pytest.mark.django_db
def test_quick_field_reads_model_choices_and_marks_the_chosen_one(django_assert_num_queries):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    first = User.objects.create(username="first")
    User.objects.create(username="second")

    class ByUser(forms.Form):
        user = forms.ModelChoiceField(User.objects.order_by("username"), required=False, empty_label="Anyone")

    form = ByUser({"user": str(first.pk)})
    assert form.is_valid()
    with django_assert_num_queries(1):  # the choices, in one plain query
        html = _render("quick_fields", "quick_field", form)
    assert f'<option value="{first.pk}" selected>first</option>' in html
    assert '<option value="">Anyone</option>' in html
    assert parse_html(html) == parse_html(
        _render("crispy_forms_filters", "as_crispy_field", ByUser({"user": str(first.pk)}))
    )


class Note(forms.Form):
    on = DateField(label="Date")
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), help_text="What was done.")
    rag = forms.ChoiceField(label="Rating", choices=[("", "No override"), ("red", "Red")], required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        from crispy_forms.helper import FormHelper

        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        if self.cleaned_data.get("note") == "refuse":
            raise forms.ValidationError("Refused as a whole & <loudly>.")
        return self.cleaned_data


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"on": "21/05/2014", "note": 'Line one\nline "two" <b>', "rag": "red", "version": "3"},
        {"on": "soon", "note": "", "rag": "blue", "version": "x"},
        {"on": "21/05/2014", "note": "refuse", "version": "1"},
    ],
)
def test_quick_form_writes_what_the_crispy_tag_writes(data):
    quick_form, crispy_form = Note(data), Note(data)
    quick_form.is_valid(), crispy_form.is_valid()
    quick = Template("{% load quick_fields %}{{ form|quick_form }}").render(Context({"form": quick_form}))
    crispy = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": crispy_form}))
    assert parse_html(quick) == parse_html(crispy)


class WithTick(Note):
    tick = forms.BooleanField(label="Tick", required=False)


def test_quick_form_leaves_a_form_with_other_widgets_to_crispy():
    quick = Template("{% load quick_fields %}{{ form|quick_form }}").render(Context({"form": WithTick()}))
    crispy = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": WithTick()}))
    assert parse_html(quick) == parse_html(crispy)


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {"on": "nonsense", "percent_complete": "120", "note": ""}])
def test_the_action_pages_forms_read_as_crispy_wrote_them(personas, data):
    from actions.forms import ActionUpdateForm, RagOverrideForm
    from actions.tests import factories as action_factories

    action = action_factories.make_action(
        personas.notice, owner=personas["officer"], organisation=personas.organisation, reference="A-001"
    )
    for make in (
        lambda: ActionUpdateForm(data, action=action),
        lambda: RagOverrideForm({"rag_override": "red", "version": "1"} if data else None, action=action),
    ):
        quick_form, crispy_form = make(), make()
        quick_form.is_valid(), crispy_form.is_valid()
        quick = Template("{% load quick_fields %}{{ form|quick_form }}").render(Context({"form": quick_form}))
        crispy = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": crispy_form}))
        assert parse_html(quick) == parse_html(crispy)


@pytest.mark.django_db
def test_options_kept_per_process_follow_the_rows_they_show():
    from evidence.filters import EvidenceFilter
    from evidence.models import EvidenceItem
    from measures.tests import factories
    from notice_tracker.lib.quickfields import quick_field

    notice = factories.make_notice("Kept options")
    organisation = factories.make_organisation(notice, "Alpha")

    def rendered(data=None) -> str:
        filters = EvidenceFilter(data, queryset=EvidenceItem.objects.none(), notice=notice)
        return str(quick_field(filters.form["organisation"]))

    first = rendered()
    assert ">Alpha</option>" in first and rendered() == first
    organisation.name = "Beta & Co"
    organisation.save()
    assert ">Beta &amp; Co</option>" in rendered() and "Alpha" not in rendered()
    assert f'<option value="{organisation.pk}" selected>Beta &amp; Co</option>' in rendered(
        {"organisation": str(organisation.pk)}
    )
