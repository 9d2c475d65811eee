"""The load test's bookkeeping: forms read as a browser submits them, and lost writes counted."""

from bench.load_test import Tally, post_form

PAGE = """
<form method="post" action="/accounts/logout/"><input type="hidden" name="csrfmiddlewaretoken" value="t0"></form>
<form method="get"><input name="q" value="x"></form>
<form method="post" action="/notices/1/actions/7/updates/new/">
  <input type="hidden" name="csrfmiddlewaretoken" value="t1">
  <input type="date" name="on" value="2015-02-27"><input type="number" name="percent_complete" value="40">
  <textarea name="note">First &amp; second</textarea>
  <select name="status"><option value="planned">Planned</option><option value="in_progress" selected>In progress</option></select>
  <select name="kind"><option value="a">A</option><option value="b">B</option></select>
  <select name="requirements" multiple><option value="1" selected>1</option><option value="2">2</option><option value="3" selected>3</option></select>
  <input type="checkbox" name="restricted"><input type="checkbox" name="agreed" checked>
  <input type="file" name="file"><button type="submit">Log progress</button>
</form>
"""


def test_the_form_with_the_named_field_is_read_as_a_browser_would_submit_it():
    form = post_form(PAGE, "percent_complete")

    assert form["action"] == "/notices/1/actions/7/updates/new/"
    assert form["fields"] == {
        "csrfmiddlewaretoken": ["t1"],
        "on": ["2015-02-27"],
        "percent_complete": ["40"],
        "note": ["First & second"],
        "status": ["in_progress"],
        "kind": ["a"],
        "requirements": ["1", "3"],
        "agreed": ["on"],
    }
    assert form["options"]["requirements"] == ["1", "2", "3"]


def test_a_write_acknowledged_but_not_in_the_database_is_lost_and_a_refused_one_is_not():
    tally = Tally()
    tally.record("progress", 0.1, "acknowledged", marker="LT-1-01-0001")
    tally.record("progress", 0.1, "acknowledged", marker="LT-1-01-0002")
    tally.record("edit", 0.1, "409 (expected)")

    lost = tally.lost({"progress": {"LT-1-01-0001"}})

    assert lost == {"progress": {"LT-1-01-0002"}, "evidence": set(), "edit": set()}
    assert tally.requests == 3 and tally.errors == []
