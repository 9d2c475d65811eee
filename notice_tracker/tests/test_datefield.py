"""The one date field: typed the British way or ISO, shown as 21 May 2014, errors that name the field."""

from datetime import date

import pytest
from django import forms

from notice_tracker.lib.datefield import DateField, DateInput, parse_date


class DueForm(forms.Form):
    due_on = DateField(label="Due date")
    held_on = DateField(label="Held on", name="the date of the meeting", required=False)


@pytest.mark.parametrize(
    "typed",
    [
        "21/05/2014",
        "21/5/2014",
        "2014-05-21",
        "21 May 2014",
        "21 may 2014",
        "21 May, 2014",
        "21/05/14",
        "21.05.2014",
        "21-05-2014",
        " 21/05/2014 ",
    ],
)
def test_a_date_typed_any_usual_way_is_read(typed):
    assert parse_date(typed) == date(2014, 5, 21)


@pytest.mark.parametrize("typed", ["31/02/2014", "2014/21/05", "21/13/2014", "tomorrow", "21 Mayo 2014", "05-21-2014"])
def test_what_is_not_a_date_is_not_read(typed):
    assert parse_date(typed) is None


def test_the_form_saves_a_british_and_an_iso_date_alike():
    for typed in ("21/05/2014", "2014-05-21", "21 May 2014"):
        form = DueForm({"due_on": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["due_on"] == date(2014, 5, 21)


def test_a_saved_date_is_shown_as_21_may_2014_and_typing_is_shown_back_unchanged():
    assert 'value="21 May 2014"' in str(DueForm(initial={"due_on": date(2014, 5, 21)})["due_on"])
    assert 'value="1 March 2015"' in str(DueForm(initial={"due_on": date(2015, 3, 1)})["due_on"])
    assert 'value="21/05/20"' in str(DueForm({"due_on": "21/05/20"})["due_on"])
    assert DateInput().format_value(None) is None


def test_the_input_is_a_text_box_with_the_example_as_a_hint():
    form = DueForm()
    html = str(form["due_on"])
    assert 'type="text"' in html and 'autocomplete="off"' in html
    assert form["due_on"].help_text == "For example, 21/05/2014."
    assert (
        DateField(help_text="The date of the meeting.").help_text == "The date of the meeting. For example, 21/05/2014."
    )


def test_an_error_names_the_field_and_gives_an_example():
    form = DueForm({"due_on": "21/13/2014", "held_on": "soon"})
    assert form.errors == {
        "due_on": ["Enter the due date as a date, for example 21/05/2014."],
        "held_on": ["Enter the date of the meeting as a date, for example 21/05/2014."],
    }
    assert DueForm({}).errors == {"due_on": ["Enter the due date."]}
