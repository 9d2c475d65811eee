"""The parser's input side: malformed uploads, the text helpers, and noise that must not matter.

No Django here: the parser is pure Python and must stay importable without it.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from measures.importer.parser import NoticeParseError, ParsedNotice, parse_notice, read_notice_text
from measures.importer.text import cut_footnotes, is_unfinished, read_marker, split_lines, strip_markers
from measures.tests.notice_samples import SAMPLES, load, medway_path

# -------------------------------------------------------------- bad uploads


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "medway.txt is empty"),
        (b"  \n\t\r\n   ", "medway.txt is empty"),
        (b"\xef\xbb\xbf \n", "medway.txt is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "medway.txt looks like a binary file, not a text notice"),
        (b"Improvement Notice\x00\x00\x00\x00", "medway.txt looks like a binary file, not a text notice"),
        (bytes(range(1, 9)) * 20, "medway.txt looks like a binary file, not a text notice"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "it is a PDF: convert it to text first"),
        ("Children’s services".encode("cp1252"),
         "medway.txt is not UTF-8 text (first bad byte at offset 8); save it as UTF-8 and try again"),
        ("Fees: £40".encode("latin-1"), "(first bad byte at offset 6)"),
        (b"\xef\xbb\xbfAbc\xe9", "(first bad byte at offset 6)"),
        ("1. Improvement Notice".encode("utf-16"),
         "medway.txt is UTF-16 text, not UTF-8; save it as UTF-8 and try again"),
        ("1. Improvement Notice".encode("utf-16-le"), "is UTF-16 text, not UTF-8"),
    ],
    ids=["empty", "whitespace", "bom-only", "png", "nul", "control", "pdf", "cp1252", "latin1", "bom-then-bad",
         "utf16", "utf16-no-bom"],
)  # fmt: skip
def test_bad_upload_is_refused_with_a_clear_message(data, message):
    with pytest.raises(NoticeParseError) as caught:
        read_notice_text(data, source_name="medway.txt")
    assert message in str(caught.value)


def test_unnamed_upload_is_called_the_notice():
    with pytest.raises(NoticeParseError, match="^The notice is empty$"):
        read_notice_text(b"")


def test_text_is_normalised_to_lf_without_a_bom():
    assert read_notice_text(b"\xef\xbb\xbfa\r\nb\rc\n") == "a\nb\nc\n"


def test_notice_parse_error_is_a_value_error():
    assert issubclass(NoticeParseError, ValueError)


def test_prose_without_numbered_sections_is_refused():
    with pytest.raises(NoticeParseError, match="No numbered sections found"):
        parse_notice("Improvement Notice\n\nTo: Medway Council\n\nDear colleague, please find attached.\n")


def test_notice_with_sections_but_no_measures_is_refused():
    text = (
        "Improvement Notice\n\nTo: Name Medway Council\n\n1. This Notice is given to the Council.\n\n"
        "2. Should the Council be unwilling or unable to comply with this Improvement Notice, ministers may "
        "invoke their statutory powers of intervention.\n\nDate: 1 June 2014\n"
    )
    with pytest.raises(NoticeParseError, match=r"No measures found: sections 1, 2 were all read as background"):
        parse_notice(text)


def test_notice_without_an_issue_date_is_refused():
    text = "Improvement Notice\n\nTo: Name Medway Council\n\n2. Improve things by ensuring:\n- a thing happens.\n"
    with pytest.raises(NoticeParseError, match="No issue date found"):
        parse_notice(text)


def test_notice_without_a_council_is_refused():
    text = "Improvement Notice\n\n2. Improve things by ensuring:\n- a thing happens.\n\nDate: 1 June 2014\n"
    with pytest.raises(NoticeParseError, match="No council is named"):
        parse_notice(text)


def test_measure_without_items_keeps_its_lead_in_as_one_requirement():
    text = (
        "Improvement Notice\n\nTo: Name Medway Council\n\n2. Improve the timeliness of adoption.\n\nDate: 1 June 2014\n"
    )
    notice = parse_notice(text)
    assert [(r.reference, r.text) for r in notice.measures[0].requirements] == [
        ("2.1", "Improve the timeliness of adoption.")
    ]
    assert any("Measure 2 has no bullets" in g for g in notice.guesses)


# ------------------------------------------------------------ text helpers


@pytest.mark.parametrize(
    ("line", "kind", "label", "text"),
    [
        (" - o all assessments", "bullet", "", "all assessments"),
        ("• ensuring", "bullet", "", "ensuring"),
        ("* ensuring", "bullet", "", "ensuring"),
        ("– the toolkit", "bullet", "", "the toolkit"),
        ("- (ii) In relation to:", "label", "ii", "In relation to:"),
        ("(a) reduce", "label", "a", "reduce"),
        ("b) reduce", "label", "b", "reduce"),
        ("**The Council** must", "plain", "", "**The Council** must"),
        ("parameters of a good", "plain", "", "parameters of a good"),
    ],
)
def test_read_marker_peels_bullets_and_labels(line, kind, label, text):
    marker = read_marker(line)
    assert (marker.kind, marker.label, marker.text) == (kind, label, text)


@pytest.mark.parametrize(
    ("text", "unfinished"),
    [
        ("follow the principles and", True),
        ("An official from the Department for Education will", True),
        ("children²; and", False),
        ("Children 2013'¹.", False),
        ("In relation to safeguarding:", False),
        ("within statutory timescales;", False),
    ],
)
def test_is_unfinished_spots_sentences_cut_by_a_page_break(text, unfinished):
    assert is_unfinished(text) is unfinished


def test_strip_markers_only_removes_brackets_that_name_a_footnote():
    assert strip_markers("see Hub[1] and table [7]", {"1"}) == ("see Hub and table [7]", ["1"])
    assert strip_markers("children²³; and", set()) == ("children; and", ["23"])


def test_cut_footnotes_takes_url_lines_after_a_blank_but_not_body_text():
    lines = split_lines("text will\n\n³ Guidance\n\n<http://x.example/a>\n\nattend meetings.\n")
    body, footnotes, _ = cut_footnotes(lines)
    assert footnotes["3"].text == "Guidance http://x.example/a"
    assert footnotes["3"].where == "lines 3–5"
    assert [line.text for line in body if line.text] == ["text will", "attend meetings."]


# ---------------------------------------------------------------- properties


def _requirements(notice: ParsedNotice) -> list[tuple]:
    return [
        (m.reference, m.heading, r.reference, r.text, r.subheading, r.kind, tuple(r.footnotes))
        for m in notice.measures
        for r in m.requirements
    ]


def _header(notice: ParsedNotice) -> tuple:
    return (notice.title, notice.authority_name, notice.authority_address, notice.issued_on,
            notice.signed_by, notice.signatory_role, notice.supersedes_issued_on)  # fmt: skip


def _duties(notice: ParsedNotice) -> list[tuple]:
    return [(d.code, d.cadence_months, d.cadence_weeks, d.due_on, d.starts_on) for d in notice.duties]


def _noisy(text: str, blanks: list[int], trailing: list[str], crlf: bool) -> str:
    lines = text.split("\n")
    noisy = []
    for index, line in enumerate(lines):
        noisy.append(line + trailing[index % len(trailing)])
        noisy.extend([""] * blanks[index % len(blanks)])
    return ("\r\n" if crlf else "\n").join(noisy)


SAMPLE_TEXTS = [medway_path().read_text(encoding="utf-8")] + [
    p.read_bytes().decode("utf-8") for p in sorted(SAMPLES.glob("*.txt"))
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from(range(len(SAMPLE_TEXTS))),
    blanks=st.lists(st.sampled_from([0, 0, 0, 1, 2]), min_size=1, max_size=40),
    trailing=st.lists(st.sampled_from(["", "", " ", "  ", "\t", "\u00a0"]), min_size=1, max_size=10),
    crlf=st.booleans(),
)
def test_blank_lines_and_trailing_spaces_never_change_what_is_parsed(sample, blanks, trailing, crlf):
    text = SAMPLE_TEXTS[sample]
    clean, noisy = parse_notice(text), parse_notice(_noisy(text, blanks, trailing, crlf))
    assert _header(noisy) == _header(clean)
    assert _requirements(noisy) == _requirements(clean)
    assert _duties(noisy) == _duties(clean)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("12345.()-•o* \n¹[]abcDNotice:Date 2014May")), max_size=300))
def test_parser_fails_only_with_notice_parse_error(text):
    try:
        parse_notice(text)
    except NoticeParseError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_reader_fails_only_with_notice_parse_error(data):
    try:
        assert isinstance(read_notice_text(data), str)
    except NoticeParseError as error:
        assert str(error)


@pytest.fixture(scope="module")
def medway() -> ParsedNotice:
    return load(medway_path())


def test_crlf_and_bom_give_the_same_result_as_plain_text(medway):
    raw = medway_path().read_bytes()
    noisy = b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n")
    again = parse_notice(read_notice_text(noisy))
    assert _requirements(again) == _requirements(medway)
