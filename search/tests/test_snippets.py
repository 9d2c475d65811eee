"""The words of a search and the piece of text shown around them."""

from __future__ import annotations

from search.snippets import MAX_WORDS, make_snippet, search_words


def test_the_words_of_a_search_leave_out_quotes_operators_and_repeats():
    assert search_words('"Return home" -audit OR child\'s case-file 4.1 return') == [
        "return",
        "home",
        "audit",
        "or",
        "child's",
        "case-file",
        "4.1",
    ]
    assert len(search_words(" ".join(f"word{n}" for n in range(20)))) == MAX_WORDS


def test_a_snippet_starts_a_little_before_the_first_word_found():
    text = "An opening sentence that runs on for a while before it gets anywhere near the point. " * 2
    text += "Then the audit found twelve files without the child's views."
    snippet = make_snippet(text, ["twelve", "audit"], width=80)
    assert snippet.match == "audit"
    assert snippet.before.startswith("…") and snippet.before.endswith("point. Then the ")
    assert snippet.after.startswith(" found twelve") and snippet.after.endswith("…")
    assert len(str(snippet)) <= 82


def test_a_snippet_finds_a_word_with_another_ending():
    assert make_snippet("Case files audited in June.", ["audits"]).match == "audited"
    assert make_snippet("Social workers' caseloads", ["as"]).match == ""  # short words are not shortened


def test_without_any_word_found_the_snippet_is_the_start_of_the_text():
    snippet = make_snippet("word " * 100, ["absent"], width=20)
    assert (snippet.match, snippet.after) == ("", "")
    assert snippet.before == "word word word word…"
