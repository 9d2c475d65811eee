"""Tests for the duties, dates and source reports read from a notice."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from measures.importer.dates import find_deadline
from measures.importer.duties import find_cadence, find_source_reports
from measures.importer.parser import ParsedNotice
from measures.tests.notice_samples import SAMPLES, load, medway_path
from notice_tracker.lib.dates import add_months

MINISTER = "Parliamentary Under Secretary of State for Children and Families"


@pytest.fixture(scope="module")
def medway() -> ParsedNotice:
    return load(medway_path())


def duty(notice: ParsedNotice, code: str):
    found = [d for d in notice.duties if d.code == code]
    assert len(found) == 1, f"{code} found {len(found)} times"
    return found[0]


def squashed(text: str) -> str:
    return " ".join(text.replace("**", "").split())


# ------------------------------------------------------------------ Medway


def test_medway_has_exactly_the_expected_duties(medway):
    assert sorted(d.code for d in medway.duties) == sorted([
        "board_meeting", "plan_revision", "plan_progress_report", "delivery_deadline", "chair_report",
        "mscb_report", "external_validation", "report_to_dfe", "dfe_review", "lead_member_report",
    ])  # fmt: skip


def test_board_meets_monthly_from_the_issue_date(medway):
    board = duty(medway, "board_meeting")
    assert (board.section, board.cadence_months, board.starts_on, board.due_on) == ("11", 1, date(2014, 5, 21), None)
    assert board.title == "Improvement Board meets at least monthly"
    assert board.responsible == "Improvement Board"
    assert board.source_text == "The Board is expected to meet at least every month."


def test_chair_reports_to_the_minister_every_three_months(medway):
    chair = duty(medway, "chair_report")
    assert (chair.section, chair.cadence_months, chair.starts_on) == ("13", 3, date(2014, 5, 21))
    assert (chair.responsible, chair.recipient) == ("Improvement Board Chair", MINISTER)


def test_mscb_chair_reports_to_the_board_every_three_months(medway):
    mscb = duty(medway, "mscb_report")
    assert (mscb.section, mscb.cadence_months) == ("13", 3)
    assert (mscb.responsible, mscb.recipient) == ("MSCB Chair", "Improvement Board")
    assert mscb.source_text.startswith("The Chair of the MSCB should provide a 3 monthly report")


def test_dfe_reviews_every_six_months_and_lead_member_reports_before_each(medway):
    review, lead = duty(medway, "dfe_review"), duty(medway, "lead_member_report")
    assert (review.section, review.cadence_months, review.responsible) == ("14", 6, "Department for Education")
    assert (lead.section, lead.cadence_months, lead.starts_on) == ("14", 6, date(2014, 5, 21))
    assert lead.responsible == "Lead Member for Children's Services"


def test_one_off_deadlines_fall_on_the_last_day_of_the_month_named(medway):
    validation, report = duty(medway, "external_validation"), duty(medway, "report_to_dfe")
    assert (validation.due_on, validation.cadence_months, validation.starts_on) == (date(2014, 9, 30), None, None)
    assert (report.due_on, report.recipient) == (date(2014, 10, 31), "Department for Education")
    assert any("'no later than September 2014' gives only a month" in g for g in medway.guesses)


def test_delivery_deadline_counts_18_months_from_the_lac_inspection(medway):
    deadline = duty(medway, "delivery_deadline")
    assert (deadline.section, deadline.due_on, deadline.cadence_months) == ("12", date(2015, 2, 23), None)
    assert any("18 months after the Ofsted inspection of services for looked after children (23 August 2013)" in g
               for g in medway.guesses)  # fmt: skip


def test_progress_reports_to_the_board_are_assumed_monthly_and_say_so(medway):
    progress = duty(medway, "plan_progress_report")
    assert (progress.cadence_months, progress.recipient) == (1, "Improvement Board")
    assert any("no frequency for the Council's progress reports" in g for g in medway.guesses)


def test_mscb_report_sentence_is_not_mistaken_for_a_board_meeting(medway):
    assert [d.section for d in medway.duties if d.code == "board_meeting"] == ["11"]


def test_every_duty_quotes_the_notice(medway):
    source = squashed(medway_path().read_text(encoding="utf-8"))
    for item in medway.duties:
        assert item.source_text and squashed(item.source_text) in source, item.code
        assert item.title and item.responsible


def test_recurring_duties_have_a_start_and_one_off_duties_a_due_date(medway):
    for item in medway.duties:
        if item.cadence_months or item.cadence_weeks:
            assert item.starts_on == medway.issued_on and item.due_on is None, item.code
        elif item.code != "plan_revision":  # the notice gives the plan revision no date
            assert item.due_on is not None and item.starts_on is None, item.code


# ----------------------------------------------------------------- samples


def test_quarterly_and_six_weekly_wording_is_mapped():
    notice = load(SAMPLES / "northbridge-2015-03-02.txt")
    board = duty(notice, "board_meeting")
    assert (board.cadence_months, board.cadence_weeks) == (None, 6)
    assert duty(notice, "chair_report").cadence_months == 3
    assert duty(notice, "chair_report").recipient == "Minister of State for Children and Families"
    assert (duty(notice, "mscb_report").responsible, duty(notice, "mscb_report").cadence_months) == ("NSCB Chair", 3)
    assert duty(notice, "dfe_review").cadence_months == 6  # "twice a year"
    assert duty(notice, "delivery_deadline").due_on == date(2016, 3, 31)


def test_one_sentence_can_impose_two_duties():
    notice = load(SAMPLES / "ashford-vale-2016-01-15.txt")
    review, deadline = duty(notice, "dfe_review"), duty(notice, "delivery_deadline")
    assert review.source_text == deadline.source_text
    assert review.cadence_months == 6
    assert deadline.due_on == date(2017, 1, 15)  # 12 months after the notice's date
    assert duty(notice, "board_meeting").cadence_months == 2
    assert duty(notice, "mscb_report").responsible == "Ashford Vale Safeguarding Children Board Chair"


def test_kesterby_deadlines_and_cadences():
    notice = load(SAMPLES / "kesterby-2017-06-30.txt")
    assert duty(notice, "external_validation").due_on == date(2018, 3, 31)
    assert duty(notice, "report_to_dfe").due_on == date(2018, 4, 30)
    assert duty(notice, "delivery_deadline").due_on == date(2018, 10, 4)
    assert duty(notice, "chair_report").cadence_months == 6
    assert duty(notice, "board_meeting").cadence_weeks == 6


def test_holmbury_has_only_the_duties_it_states():
    notice = load(SAMPLES / "holmbury-2016-02-01.txt")
    assert [(d.code, d.cadence_months) for d in notice.duties] == [("board_meeting", 1), ("dfe_review", 3)]
    assert notice.delivery_deadline is None


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_every_sample_duty_quotes_its_notice(path):
    source = squashed(path.read_bytes().decode("utf-8"))
    for item in load(path).duties:
        assert squashed(item.source_text) in source, item.code


# ------------------------------------------------------------------ helpers


@pytest.mark.parametrize(
    ("phrase", "months", "weeks"),
    [
        ("meet at least every month", 1, None),
        ("a monthly meeting", 1, None),
        ("a written 3 monthly report", 3, None),
        ("a three-monthly report", 3, None),
        ("report quarterly", 3, None),
        ("every three months", 3, None),
        ("every two months", 2, None),
        ("bi-monthly", 2, None),
        ("every six months", 6, None),
        ("six-monthly", 6, None),
        ("twice a year", 6, None),
        ("half-yearly", 6, None),
        ("annually", 12, None),
        ("at least six-weekly", None, 6),
        ("every six weeks", None, 6),
        ("fortnightly", None, 2),
    ],
)
def test_cadence_wording_maps_to_months_or_weeks(phrase, months, weeks):
    cadence = find_cadence(phrase)
    assert cadence is not None and (cadence.months, cadence.weeks) == (months, weeks)


def test_text_without_a_cadence_has_none():
    assert find_cadence("The Board should include key partner agencies.") is None


@pytest.mark.parametrize(
    ("phrase", "due", "guessed"),
    [
        ("no later than September 2014", date(2014, 9, 30), True),
        ("no later than end of October 2014", date(2014, 10, 31), False),
        ("by 31st March 2015", date(2015, 3, 31), False),
        ("before February 2016", date(2016, 2, 29), True),
        ("no later than the end of Sept 2014", date(2014, 9, 30), False),
    ],
)
def test_deadlines_read_exact_dates_and_month_ends(phrase, due, guessed):
    guesses: list[str] = []
    assert find_deadline(phrase, guesses) == due
    assert bool(guesses) is guessed


def test_add_months_clamps_to_the_end_of_a_short_month():
    assert add_months(date(2013, 8, 23), 18) == date(2015, 2, 23)
    assert add_months(date(2014, 8, 31), 6) == date(2015, 2, 28)
    assert add_months(date(2015, 11, 30), 3) == date(2016, 2, 29)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 28)), st.integers(0, 60), st.integers(0, 60))
def test_add_months_composes_for_days_every_month_has(start, first, second):
    start = start.replace(day=min(start.day, 28))
    assert add_months(add_months(start, first), second) == add_months(start, first + second)


def test_source_report_dated_by_month_only_is_dated_the_first_and_noted():
    guesses: list[str] = []
    reports = find_source_reports("identified in the LGA peer review assessment (February, 2014).", guesses)
    assert [(r.title, r.published_on) for r in reports] == [("LGA peer review assessment", date(2014, 2, 1))]
    assert guesses == [
        "LGA peer review assessment is dated only 'February, 2014'; its date is stored as 1 February 2014."
    ]
