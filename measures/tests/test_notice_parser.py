"""Tests for the Improvement Notice parser: the real Medway notice and varied sample notices.
(Malformed uploads, text helpers and whitespace noise: test_notice_input.py.)

No Django here: the parser is pure Python and must stay importable without it.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from measures.importer.parser import ParsedNotice
from measures.tests.notice_samples import SAMPLES, load, medway_path

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


@pytest.fixture(scope="module")
def medway() -> ParsedNotice:
    return load(medway_path())


def requirement(notice: ParsedNotice, reference: str):
    found = [r for m in notice.measures for r in m.requirements if r.reference == reference]
    assert len(found) == 1, f"{reference} found {len(found)} times"
    return found[0]


def measure(notice: ParsedNotice, reference: str):
    return next(m for m in notice.measures if m.reference == reference)


# ------------------------------------------------------------ Medway: header


def test_medway_names_the_council_without_its_alias(medway):
    assert medway.authority_name == "Medway Council"
    assert medway.authority_address == "Gun Wharf, Dock Road, Chatham, Kent. ME4 4TR"


def test_medway_title_issue_date_and_signatory_are_read(medway):
    assert medway.title == "Improvement Notice"
    assert medway.issued_on == date(2014, 5, 21)
    assert medway.signed_by == "Edward Timpson MP"
    assert medway.signatory_role == "Parliamentary Under Secretary of State for Children and Families"


def test_medway_supersedes_the_notice_of_17_july_2013(medway):
    assert medway.supersedes_issued_on == date(2013, 7, 17)


def test_medway_background_holds_the_preamble_and_section_1_only(medway):
    assert medway.background.startswith("An Improvement Notice (the “first Improvement Notice”) was issued")
    assert "1. This new Notice is given to:" in medway.background
    assert "(iii) refocus the targets set out in the first Improvement Notice" in medway.background
    assert "The following measures are needed" not in medway.background
    assert "must take action" not in medway.background


def test_medway_consequence_is_section_15_text(medway):
    assert medway.consequence.startswith("Should the Council be unwilling or unable to comply")
    assert medway.consequence.endswith("secure the improvements required in children's services.")
    assert "Signed" not in medway.consequence and "Timpson" not in medway.consequence


def test_medway_governance_sections_are_kept_for_traceability(medway):
    assert list(medway.sections) == ["11", "12", "13", "14", "15"]
    # Footnote 3 split section 11 mid-sentence; the halves must be rejoined.
    assert "An official from the Department for Education will attend Board meetings" in medway.sections["11"]
    assert "education.gov.uk" not in medway.sections["11"]


def test_medway_delivery_deadline_is_18_months_after_the_lac_inspection(medway):
    assert medway.delivery_deadline == date(2015, 2, 23)


# ---------------------------------------------------------- Medway: measures


def test_medway_has_ten_measures_with_unique_references_in_order(medway):
    assert [m.reference for m in medway.measures] == ["2", "3", "3A", "4", "5", "6", "7", "8", "9", "10"]
    assert [m.position for m in medway.measures] == list(range(1, 11))
    assert [m.printed_number for m in medway.measures][:3] == ["2", "3", "3"]


def test_medway_requirement_count_per_measure_is_exact(medway):
    counts = {m.reference: len(m.requirements) for m in medway.measures}
    assert counts == {"2": 3, "3": 8, "3A": 6, "4": 3, "5": 4, "6": 5, "7": 3, "8": 4, "9": 5, "10": 4}
    assert sum(counts.values()) == 45


def test_medway_requirement_references_are_unique_and_positions_run_from_one(medway):
    references = [r.reference for m in medway.measures for r in m.requirements]
    assert len(references) == len(set(references))
    for m in medway.measures:
        assert [r.position for r in m.requirements] == list(range(1, len(m.requirements) + 1))


def test_medway_measure_3_references_follow_its_roman_items(medway):
    assert [r.reference for r in measure(medway, "3").requirements] == [
        "3(i).1", "3(i).2", "3(ii).1", "3(ii).2", "3(ii).3", "3(ii).4", "3(ii).5", "3(iii)",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("reference", "heading"),
    [
        ("3", "Continue to improve the quality and consistency of assessments and practice"),
        ("5", "Fully implement and embed the new early help strategy"),
        ("6", "Improve quality and consistency of care planning and commissioning for children in care and care leavers"),
        ("7", "Strengthen the MSCB (Medway Safeguarding Children’s Board)"),
        ("8", "Establish and use a new quality assurance framework"),
        ("3A", "Improve the quality of child protection conferences and the effective delivery and management "
               "of child in need and child protection plans"),
        ("4", "Strengthen the voice of the child"),
    ],
)  # fmt: skip
def test_medway_measure_headings_drop_bold_markers_and_connectives(medway, reference, heading):
    assert measure(medway, reference).heading == heading


def test_medway_measure_intro_is_the_whole_lead_in(medway):
    assert measure(medway, "3").intro == (
        "Continue to improve the quality and consistency of assessments and practice by ensuring that:"
    )
    assert measure(medway, "5").intro == (
        "Fully implement and embed the new early help strategy to enable families and partners to understand "
        "the continuum of need and pathways into statutory services. This includes:"
    )


def test_medway_text_after_measure_2_items_is_closing_not_a_requirement(medway):
    second = measure(medway, "2")
    assert second.closing.startswith("In respect of the above, the Council, working with its partner")
    assert all("In respect of the above" not in r.text for r in second.requirements)


MEDWAY_WORDING = {
    "2(i)": "ensure that progress in the areas identified under the first Improvement Notice (July 2013) is "
            "maintained and the improvements made are embedded and sustained;",
    "2(iii)": "focus on improving the areas for further improvement identified in the LGA peer review assessment "
              "and the Independent Improvement Board Chair’s ‘Deep Dive’.",
    "3(i).1": "all assessments by the Council and partners follow the principles and parameters of a good "
              "assessment, with robust analysis and are completed to the timescales in statutory guidance "
              "'Working Together to Safeguard Children 2013'.",
    "3(i).2": "information is shared in a timely and regular manner.",
    "3(ii).1": "undertake robust, evidence based assessments of the changing needs of children looked after, to "
               "ensure care plans are responsive to need, kept up to date and reflect children and young people's "
               "views and experiences;",
    "3(ii).5": "develop and use quality personal education plans for looked after children, which narrow education "
               "and training gaps and work to clear objectives.",
    "3(iii)": "Qualitative and quantitative evidence arising from performance management systems confirm this has "
              "been carried out made a difference to the lives of children who are looked after.",
    "3A.2": "child protection plans demonstrate compliance with the requirements of 'Working Together'. Plans should "
            "set out the actions that must be taken including reasons for those actions, who is responsible for "
            "each action with clear timescales for the outcomes to be achieved and clear actions should outcomes "
            "not be achieved;",
    "3A.6": "qualitative and quantitative evidence arising from performance management systems confirm this has made "
            "a difference to keeping children and young people safe.",
    "4.2": "that regular reporting to the LSCB is established to ensure they hear the views and experience of "
           "children; and",
    "5.1": "ensuring the early help strategy is effective, owned and understood by partners, and the proposed Early "
           "Help Service is put in place;",
    "6.2": "fully implementing the planned 18+ Leaving Care service;",
    "7.3": "ensuring the MSCB improves communication about its role and responsibilities and better holds the system "
           "to account accordingly.",
    "8.1": "maintain a focus on both quantitative and qualitative evidence;",
    "9.3": "continue to develop and embed reflective supervision;",
    "10.3": "effective assurance arrangements are in place within the Council and across the partnership in line "
            "with DfE statutory guidance ‘roles and responsibilities of the Director of Children’s Services and the "
            "Lead Member for Children Services’ and ‘Working Together’; and",
    "10.4": "the ambition for children and young people across Medway is endorsed and promoted in practice "
            "throughout the Council and across the partnership supported by strengthened communications.",
}  # fmt: skip


@pytest.mark.parametrize(("reference", "wording"), MEDWAY_WORDING.items(), ids=list(MEDWAY_WORDING))
def test_medway_requirement_keeps_the_notices_exact_wording(medway, reference, wording):
    assert requirement(medway, reference).text == wording


def test_every_medway_requirement_appears_in_the_notice_once_markers_are_removed(medway):
    source = " ".join(re.sub(f"[{SUPERSCRIPTS}]", "", medway_path().read_text(encoding="utf-8")).split())
    split_by_page_break = {"3(i).1"}
    for m in medway.measures:
        for r in m.requirements:
            if r.reference not in split_by_page_break:
                assert r.text in source, r.reference


def test_medway_subheadings_come_from_the_roman_lead_ins(medway):
    assert requirement(medway, "3(i).1").subheading == "In relation to safeguarding"
    assert requirement(medway, "3(ii).3").subheading == "In relation to children looked after and care leavers"
    assert requirement(medway, "3(iii)").subheading == ""
    assert requirement(medway, "4.1").subheading == ""


def test_medway_impact_requirements_are_the_evidence_confirms_items(medway):
    impact = [r.reference for m in medway.measures for r in m.requirements if r.kind == "impact"]
    assert impact == ["3(iii)", "3A.6", "4.3"]
    # Mentions evidence but asks for an action, not proof of impact.
    assert requirement(medway, "8.1").kind == "action"


FOOTNOTE_WORDS = ["http", "Statutory Guidance", "Children’s Safeguarding Performance Information Framework", "<", ">"]


@pytest.mark.parametrize("forbidden", FOOTNOTE_WORDS)
def test_footnote_text_never_appears_in_a_requirement(medway, forbidden):
    for m in medway.measures:
        assert all(forbidden not in r.text for r in m.requirements)
        assert forbidden not in m.intro


def test_no_footnote_marker_survives_in_medway_text(medway):
    texts = [r.text for m in medway.measures for r in m.requirements] + [m.intro for m in medway.measures]
    assert not [t for t in texts if re.search(f"[{SUPERSCRIPTS}]|\\*\\*", t)]


def test_medway_footnotes_are_attached_to_the_requirements_that_cite_them(medway):
    first = requirement(medway, "3(i).1").footnotes
    assert len(first) == 1 and first[0].startswith("Statutory Guidance: 'Working Together to Safeguard Children")
    assert first[0].endswith(
        "https://www.education.gov.uk/publications/standard/publicationDetail/Page1/DCSF-00305-2010"
    )
    assert requirement(medway, "4.2").footnotes == [
        "Children’s Safeguarding Performance Information Framework (published 12 June 2012)"
    ]
    assert requirement(medway, "10.3").footnotes == [
        "http://www.education.gov.uk/aboutdfe/statutory/g00223224/guidance-for-director-and-lead-member-childrens-services"
    ]
    uncited = [r for m in medway.measures for r in m.requirements if r.reference not in {"3(i).1", "4.2", "10.3"}]
    assert all(r.footnotes == [] for r in uncited)


def test_footnote_printed_in_another_measure_is_not_attached_there(medway):
    # Footnote 1 is printed inside measure 4 but cited by measure 3.
    assert measure(medway, "4").footnotes == [requirement(medway, "4.2").footnotes[0]]
    assert measure(medway, "3").footnotes == requirement(medway, "3(i).1").footnotes


def test_medway_guesses_name_the_duplicate_3_and_every_footnote(medway):
    joined = "\n".join(medway.guesses)
    assert (
        "Section number 3 is printed twice (lines 26 and 42); the repeat on line 42 is stored as 3A." in medway.guesses
    )
    for number, where in (("1", "lines 53–55"), ("2", "line 77"), ("3", "line 103")):
        assert f"Footnote {number} ({where})" in joined
    assert "Requirement 3(i).1 is split by a page break before line 31" in joined
    assert "split by footnote 3 before line 105" in joined
    assert "Line 24 ('In respect of the above, the…')" in joined


def test_medway_source_reports_are_the_four_cited_reports(medway):
    reports = [(r.title, r.published_on) for r in medway.source_reports]
    assert reports == [
        ("Ofsted inspection of local authority arrangements for the protection of children", date(2013, 2, 15)),
        ("Ofsted inspection of services for looked after children", date(2013, 8, 23)),
        ("LGA peer review assessment", date(2014, 2, 1)),
        ("Independent Improvement Board Chair’s ‘Deep Dive’", date(2013, 12, 1)),
    ]
    assert any("February, 2014" in g for g in medway.guesses)


# ------------------------------------------------------------ sample notices


def test_bullets_under_lettered_items_get_lettered_references():
    notice = load(SAMPLES / "northbridge-2015-03-02.txt")
    second = notice.measures[0]
    assert [r.reference for r in second.requirements] == ["2(a).1", "2(a).2", "2(b).1", "2(b).2", "2(c)"]
    assert second.requirements[2].subheading == "In relation to strategy discussions"
    assert second.requirements[0].text == (
        "all contacts are screened within one working day by a qualified social worker and recorded on the child’s file;"
    )
    assert second.requirements[4].kind == "impact"


def test_bracketed_footnotes_are_removed_and_attached():
    notice = load(SAMPLES / "northbridge-2015-03-02.txt")
    hub = requirement(notice, "2(a).2")
    assert hub.text == "thresholds are applied consistently by the Multi-Agency Safeguarding Hub; and"
    assert hub.footnotes == [
        "Working Together to Safeguard Children (March 2015), chapter 1. "
        "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2"
    ]


def test_sentence_split_by_a_footnote_is_rejoined():
    notice = load(SAMPLES / "northbridge-2015-03-02.txt")
    split = requirement(notice, "3.2")
    assert split.text == (
        "ensuring that assessments analyse risk and are completed within 45 working days as set out in "
        "Working Together to Safeguard Children; and"
    )
    assert split.footnotes == ["Statutory guidance on assessment timescales, paragraph 63."]
    assert "Requirement 3.2 is split by footnote 2 before line 36; the two halves were rejoined." in notice.guesses


def test_governance_at_other_numbers_is_found_by_linking_sentences():
    notice = load(SAMPLES / "northbridge-2015-03-02.txt")
    assert [m.reference for m in notice.measures] == ["2", "3", "4"]
    assert list(notice.sections) == ["5", "6", "7", "8"]
    assert notice.consequence.startswith("Should the Council be unwilling or unable")
    assert notice.issued_on == date(2015, 3, 2) and notice.supersedes_issued_on is None


def test_governance_without_linking_sentences_is_found_by_wording():
    notice = load(SAMPLES / "ashford-vale-2016-01-15.txt")
    assert [m.reference for m in notice.measures] == ["2", "3", "4"]
    assert list(notice.sections) == ["5", "6", "7", "8"]
    assert notice.consequence == (
        "Should the Council fail to comply with this Notice, ministers may use their statutory powers of intervention."
    )
    assert any("No linking sentence before section 5" in g for g in notice.guesses)


def test_lettered_items_without_bullets_are_requirements_themselves():
    notice = load(SAMPLES / "ashford-vale-2016-01-15.txt")
    second = notice.measures[0]
    assert [r.reference for r in second.requirements] == ["2(a)", "2(b)", "2(c)"]
    assert second.requirements[1].text == (
        "ensure that every care leaver has a pathway plan that they have helped to write; and"
    )
    assert [r.kind for r in second.requirements] == ["action", "action", "impact"]


def test_o_bullets_and_evidence_of_impact_wording_are_understood():
    notice = load(SAMPLES / "ashford-vale-2016-01-15.txt")
    assert [r.text for r in notice.measures[1].requirements][
        0
    ] == "ensuring care plans are reviewed within statutory timescales;"
    assert [r.kind for r in notice.measures[2].requirements] == ["action", "action", "impact"]


def test_second_notice_header_with_multi_line_address_and_signature_after_date():
    notice = load(SAMPLES / "ashford-vale-2016-01-15.txt")
    assert notice.title == "Second Improvement Notice"
    assert notice.authority_name == "Ashford Vale County Council"
    assert notice.authority_address == "County Hall, Vale Road, Ashford Vale, AV1 1AA"
    assert (notice.signed_by, notice.signatory_role) == (
        "Claire Sample MP",
        "Minister of State for Children and Families",
    )
    assert notice.issued_on == date(2016, 1, 15)
    assert notice.supersedes_issued_on == date(2014, 3, 3)


def test_crlf_notice_with_superscript_footnotes_parses():
    path = SAMPLES / "kesterby-2017-06-30.txt"
    assert b"\r\n" in path.read_bytes(), "the sample must keep its CRLF line endings"
    notice = load(path)
    assert [len(m.requirements) for m in notice.measures] == [4, 3, 3]
    assert all("\r" not in r.text for m in notice.measures for r in m.requirements)
    assert requirement(notice, "2.1").footnotes == [
        "Kesterby Local Safeguarding Children Board threshold document, 2016."
    ]
    assert requirement(notice, "3.2").text == (
        "practitioners are trained in the use of the toolkit and the training is evaluated for its impact; and"
    )
    assert requirement(notice, "3.2").footnotes == ["Evaluation framework: https://example.org/evaluation"]


def test_line_without_a_bullet_marker_after_a_finished_item_is_a_new_bullet():
    notice = load(SAMPLES / "kesterby-2017-06-30.txt")
    assert requirement(notice, "2.3").text == "children’s wishes and feelings are recorded in every plan; and"
    assert requirement(notice, "2.4").text == "managers check the quality of plans every month."
    assert (
        "No bullet marker before 'children’s wishes and feelings are recorded…' (line 17); "
        "treated as a new bullet, 2.3."
    ) in notice.guesses


def test_section_number_printed_after_a_bullet_starts_a_section():
    notice = load(SAMPLES / "kesterby-2017-06-30.txt")
    fourth = measure(notice, "4")
    assert fourth.heading == "Improve the stability of placements for children in care"
    assert len(measure(notice, "3").requirements) == 3
    assert any(g.startswith("Section 4 (line 30) is printed after a bullet marker ('- 4.')") for g in notice.guesses)


def test_notice_without_to_line_or_background_section():
    notice = load(SAMPLES / "holmbury-2016-02-01.txt")
    assert notice.title == "Improvement Notice (second)"
    assert notice.authority_name == "Holmbury Metropolitan Borough Council"
    assert [m.reference for m in notice.measures] == ["1", "2"]
    assert notice.signed_by == "A. N. Official"
    assert notice.issued_on == date(2016, 2, 1)
    assert notice.supersedes_issued_on == date(2015, 10, 10)
    assert any("No 'To:' line" in g for g in notice.guesses)


def test_no_sample_notice_invents_a_duplicate_reference():
    for path in sorted(SAMPLES.glob("*.txt")):
        notice = load(path)
        measures = [m.reference for m in notice.measures]
        assert measures == [m.printed_number for m in notice.measures], path.name
        assert not any("printed twice" in g for g in notice.guesses), path.name
