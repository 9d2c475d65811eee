"""Notices of the other shapes DfE has used: topic headings, 'Date of issue' at the top, numbered items,
bracketed and asterisk footnotes, an Improvement Adviser instead of a Board Chair, no governance at all."""

from __future__ import annotations

from datetime import date

import pytest

from measures.importer.parser import NoticeParseError, ParsedNotice, parse_notice
from measures.tests.notice_samples import SAMPLES, load


@pytest.fixture(scope="module")
def greystone() -> ParsedNotice:
    return load(SAMPLES / "greystone-2019-07-01.txt")


@pytest.fixture(scope="module")
def harwood() -> ParsedNotice:
    return load(SAMPLES / "harwood-2020-02-14.txt")


def requirements(notice: ParsedNotice) -> dict[str, str]:
    return {r.reference: r.text for m in notice.measures for r in m.requirements}


def test_measures_as_numbered_paragraphs_under_topic_headings(greystone):
    headings = [m.heading for m in greystone.measures]
    assert [h.split(":")[0] for h in headings] == ["Help and protection"] * 2 + ["Children in care"] * 2
    assert headings[3] == (
        "Children in care: The Council must make sure that every care leaver has a pathway plan that they have "
        "helped to write"
    )
    # The topic line is not left behind as closing text or wording of the measure before it.
    assert all("Children in care" not in m.closing for m in greystone.measures)
    assert "Children in care" not in requirements(greystone)["3.1"]
    assert "Measure 4 sits under the topic heading 'Children in care' (line 23); the topic starts its heading." in (
        greystone.guesses
    )


def test_the_date_of_issue_at_the_top_is_the_issue_date(greystone, harwood):
    assert greystone.issued_on == date(2019, 7, 1)
    assert "Date of issue" not in greystone.background
    # Printed as a second column beside "To:".
    assert (harwood.authority_name, harwood.issued_on) == ("Harwood Council", date(2020, 2, 14))


def test_an_improvement_adviser_reports_every_four_months_and_meets_six_weekly(greystone):
    duties = {d.code: d for d in greystone.duties}
    report, meeting = duties["chair_report"], duties["board_meeting"]
    assert (report.responsible, report.cadence_months, report.recipient) == (
        "Improvement Adviser",
        4,
        "Minister of State for Children and Families",
    )
    assert report.title == "Improvement Adviser's 4-monthly report to the Minister"
    assert (meeting.cadence_weeks, meeting.cadence_months, meeting.recipient) == (6, None, "Improvement Adviser")
    assert duties["dfe_review"].cadence_months == 6


def test_bracketed_number_footnotes_are_lifted(greystone):
    lead = greystone.measures[0]
    assert "[1]" not in lead.intro and lead.footnotes == [
        "A working day is any day except Saturday, Sunday and public holidays."
    ]
    assert greystone.measures[2].requirements[0].footnotes == ["Fostering Services: National Minimum Standards (2011)."]


def test_numbered_items_and_asterisk_footnotes(harwood):
    assert list(requirements(harwood)) == ["2(1)", "2(2)", "2(3)", "3(1)", "3(2)"]
    first = harwood.measures[0].requirements[0]
    assert first.text == "every child in need has an assessment that is completed on time;"
    assert first.footnotes == ["Children in need are defined in section 17 of the Children Act 1989."]
    assert all("Children Act" not in text for text in requirements(harwood).values())


def test_a_notice_with_no_governance_section_has_no_duties_and_keeps_its_consequence(harwood):
    assert harwood.duties == [] and harwood.delivery_deadline is None
    assert harwood.consequence.startswith("Should the Council be unwilling or unable to comply")


def test_lettered_roman_and_numbered_items_in_one_notice():
    fernley = load(SAMPLES / "fernley-2018-03-12.txt")
    assert list(requirements(fernley)) == ["2(a)", "2(b)", "2(c)", "3(i)", "3(ii)"]


def test_a_bullet_starting_with_an_asterisk_is_still_a_bullet_when_nothing_cites_an_asterisk():
    text = (
        "Improvement Notice\n\nTo: Name Medway Council\n\n2. Improve things by ensuring:\n\n"
        "* Social workers are trained.\n* Plans are reviewed.\n\nDate: 1 June 2014\n"
    )
    assert list(requirements(parse_notice(text)).values()) == ["Social workers are trained.", "Plans are reviewed."]


def test_without_any_issue_date_the_refusal_says_where_it_looked():
    text = "Improvement Notice\n\nTo: Name Medway Council\n\n2. Improve things by ensuring:\n- a thing happens.\n"
    with pytest.raises(NoticeParseError) as error:
        parse_notice(text)
    assert "after the last section, or 'Date of issue: 21 May 2014' at the top" in str(error.value)
