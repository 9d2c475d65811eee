"""Dates a notice sets relative to itself or to other events: worked out, printed as guesses, or asked about."""

from __future__ import annotations

from datetime import date

import pytest

from measures.importer.dates import find_due
from measures.models import Duty, Notice
from measures.tests.notice_samples import SAMPLES, load
from measures.tests.test_import_notice import run

FERNLEY = SAMPLES / "fernley-2018-03-12.txt"
ISSUED = date(2018, 3, 12)


def anchor(words: str) -> tuple[date, str] | None:
    known = {"this Notice": (ISSUED, "the date of this notice"), "the inspection": (date(2018, 1, 9), "the inspection")}
    return next((value for key, value in known.items() if key.lower() in words.lower()), None)


@pytest.mark.parametrize(
    ("text", "due", "guess"),
    [
        ("produce a plan within 8 weeks of the date of this Notice.", date(2018, 5, 7),
         "'within 8 weeks of the date of this Notice' read as 8 weeks after the date of this notice (12 March 2018)"),
        ("deliver within 12 months.", date(2019, 3, 12),
         "'within 12 months' names no starting point; counted from the date of this notice"),
        ("deliver within eighteen months of the inspection.", date(2019, 7, 9),
         "read as 18 months after the inspection (9 January 2018): 9 July 2019"),
        ("a plan for every child by the end of September 2018.", date(2018, 9, 30), None),
        ("a review 6 months after the inspection.", date(2018, 7, 9), "read as 6 months after the inspection"),
        ("a survey within 2 weeks from this Notice.", date(2018, 3, 26), "read as 2 weeks after"),
    ],
    ids=["weeks-of-notice", "bare-months", "of-a-report", "end-of-month", "months-after-event", "weeks-from"],
)  # fmt: skip
def test_each_kind_of_relative_date_is_worked_out_and_the_guess_says_how(text, due, guess):
    guesses: list[str] = []
    found = find_due(text, guesses, anchor)
    assert found is not None and found.on == due and not found.question
    if guess:
        assert any(guess in g for g in guesses), guesses


def test_a_date_counted_from_an_undated_event_becomes_a_question_not_a_guess():
    guesses: list[str] = []
    found = find_due("appoint a Director within 6 months of the Chief Executive starting.", guesses, anchor)
    assert found is not None and found.on is None
    assert found.phrase == "within 6 months of the Chief Executive starting"
    assert "the notice gives no date for 'the Chief Executive starting'" in found.question
    assert guesses == []


def test_text_without_a_date_gives_none():
    assert find_due("meet at least every month.", [], anchor) is None


# ------------------------------------------------------------- a whole notice


@pytest.fixture(scope="module")
def fernley():
    return load(FERNLEY)


def duty(notice, code):
    return next(d for d in notice.duties if d.code == code)


def test_governance_dates_count_from_the_notice_and_from_each_other(fernley):
    assert (duty(fernley, "board_meeting").cadence_weeks, duty(fernley, "board_meeting").cadence_months) == (4, None)
    assert duty(fernley, "chair_report").cadence_months == 2
    assert duty(fernley, "external_validation").due_on == date(2018, 11, 30)
    # "with a report to the Department for Education 3 months after the external validation"
    assert duty(fernley, "report_to_dfe").due_on == date(2019, 2, 28)
    assert duty(fernley, "delivery_deadline").due_on == date(2019, 3, 12)  # "within 12 months": from the notice
    assert any("'3 months after the external validation' read as 3 months after the external validation of "
               "progress in section 5 (30 November 2018): 28 February 2019." == g for g in fernley.guesses)  # fmt: skip


def test_dates_inside_a_measures_items_become_one_off_duties(fernley):
    others = {d.title.split(":")[0]: d for d in fernley.duties if d.code.startswith("other")}
    assert others["Requirement 2(a)"].due_on == date(2018, 5, 7)
    assert others["Requirement 2(b)"].due_on == date(2018, 9, 30)
    assert others["Requirement 3(ii)"].due_on == date(2019, 3, 12)
    assert others["Requirement 3(i)"].due_on is None
    # One duty of each known kind; "other" obligations are told apart by their titles.
    keys = [(d.code, d.title if d.code == "other" else "") for d in fernley.duties]
    assert len(set(keys)) == len(keys)


def test_a_date_it_cannot_work_out_is_kept_as_text_and_asked_about(fernley):
    undated = next(d for d in fernley.duties if d.title.startswith("Requirement 3(i)"))
    assert "within six months of the appointment of the new Chief Executive" in undated.source_text
    assert fernley.questions == [
        "Section 3: 'within six months of the appointment of the new Chief Executive': the notice gives no date "
        "for 'the appointment of the new Chief Executive', so this date could not be worked out; it is kept as "
        "the notice words it. Set the date."
    ]


@pytest.mark.django_db
def test_import_notice_prints_the_questions_and_stores_the_undated_duty():
    output = run(FERNLEY)
    assert "Questions for the administrator (1):" in output
    assert "'within six months of the appointment of the new Chief Executive'" in output
    assert "every 4 weeks from 12 March 2018" in output
    notice = Notice.objects.get()
    undated = Duty.objects.get(notice=notice, title__startswith="Requirement 3(i)")
    assert undated.due_on is None and "appointment of the new Chief Executive" in undated.source_text
    assert Duty.objects.get(notice=notice, code="report_to_dfe").due_on == date(2019, 2, 28)
    assert "nothing changed" in run(FERNLEY)
