"""How the PDF reader joins lines and pages and drops furniture, on hand-made lines (no PDF built)."""

from __future__ import annotations

from measures.importer.pdf import _join_pages, _Line, _remove_furniture


def page(*rows: tuple[float, str], size: float = 11.0) -> list[_Line]:
    return [_Line(y, size, text=text) for y, text in rows]


def test_wrapped_lines_join_and_a_wider_gap_starts_a_paragraph():
    lines = page((700, "2. Improve things by"), (686, "ensuring that:"), (664, "- plans are"), (650, "reviewed;"))
    assert _join_pages([lines], []) == "2. Improve things by ensuring that:\n\n- plans are reviewed;\n"


def test_a_sentence_cut_by_a_page_break_is_rejoined_and_noted():
    notes: list[str] = []
    pages = [page((700, "- practitioners are trained in the use of the")), page((760, "toolkit; and"))]
    assert _join_pages(pages, notes) == "- practitioners are trained in the use of the toolkit; and\n"
    assert notes == ["A sentence split across pages 1 and 2 was rejoined."]


def test_a_word_hyphenated_across_a_page_break_is_mended():
    pages = [page((700, "- work is co-")), page((760, "ordinated and sup\u2010")), page((760, "ported."))]
    assert _join_pages(pages, []) == "- work is co-ordinated and supported.\n"


def test_a_finished_sentence_at_a_page_foot_leaves_a_gap_before_the_next_paragraph():
    pages = [page((700, "- plans are reviewed.")), page((760, "In respect of the above, the Council must"))]
    assert _join_pages(pages, []) == "- plans are reviewed.\n\nIn respect of the above, the Council must\n"


def test_items_and_section_numbers_on_the_next_line_are_never_joined():
    lines = page((700, "the Council must:"), (686, "(a) reduce delay;"), (672, "3. **Improve care**"))
    assert _join_pages([lines], []).splitlines() == ["the Council must:", "(a) reduce delay;", "3. **Improve care**"]


def test_bold_split_over_two_lines_is_one_bold_run():
    lines = page((700, "3. **Continue to improve the**"), (686, "**quality of practice** by ensuring:"))
    assert _join_pages([lines], []) == "3. **Continue to improve the quality of practice** by ensuring:\n"


def test_signature_lines_stay_apart():
    lines = page((700, "Signed: Date: 21st May 2014"), (670, "Edward Timpson MP"), (656, "Parliamentary Under"))
    text = _join_pages([page((760, "1. Text."), (740, "2. More."), (720, "3. End.")), lines], [])
    assert text.endswith("Signed: Date: 21st May 2014\n\nEdward Timpson MP\nParliamentary Under\n")


def test_page_numbers_and_official_marks_go_even_on_a_single_page():
    lines = page((800, "OFFICIAL"), (760, "Improvement Notice"), (700, "1. Text."), (40, "3"), (30, "- 3 -"))
    notes: list[str] = []
    _remove_furniture([lines], notes)
    assert [line.text for line in lines] == ["Improvement Notice", "1. Text."]
    assert "Page furniture removed from 1 page: 'OFFICIAL'." in notes


def test_a_running_head_is_recognised_by_recurring_at_the_same_height():
    pages = [
        page((800, f"Kesterby notice – June 2017 {n}"), (760, f"{n}. Body text on page {n}."), (700, "and"))
        for n in (1, 2, 3)
    ]
    _remove_furniture(pages, [])
    assert [[line.text for line in lines] for lines in pages] == [
        [f"{n}. Body text on page {n}.", "and"] for n in (1, 2, 3)
    ]
