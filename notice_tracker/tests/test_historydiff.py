"""The one history differ: who changed what and when, from simple-history rows."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from measures.models import Measure
from measures.tests import factories
from notice_tracker.lib.history import save_as
from notice_tracker.lib.historydiff import Change, HistoryEntry, diff_history, merge, show, since_version

START = datetime(2014, 6, 2, 9, 0, tzinfo=UTC)


def row(n: int, type_: str = "~", *, id_: int = 1, user=None, **values):
    """A stand-in for a historical Measure row (the differ reads attributes only)."""
    base = {
        "id": id_,
        "reference": "2",
        "heading": "Improve assessments",
        "position": 1,
        "notice_id": 7,
        "printed_number": "2",
        "intro": "",
        "closing": "",
        "footnotes": "",
    }
    return SimpleNamespace(
        instance_type=Measure,
        history_id=n,
        history_date=START + timedelta(minutes=n),
        history_type=type_,
        history_user=user,
        history_user_id=getattr(user, "pk", None),
        **{**base, **values},
    )


def test_a_creation_is_one_line_and_a_change_names_the_field_with_before_and_after():
    entries = diff_history([row(1, "+"), row(2, heading="Assess within 45 days")])
    assert entries == [
        HistoryEntry(
            START + timedelta(minutes=2),
            "System",
            "Changed",
            [Change("Heading", "Improve assessments", "Assess within 45 days")],
        ),
        HistoryEntry(START + timedelta(minutes=1), "System", "Created", []),
    ]


def test_rows_are_read_in_time_order_whatever_order_they_come_in():
    entries = diff_history([row(3, position=3), row(1, "+"), row(2, position=2)])
    assert [e.changes for e in entries] == [[Change("Position", "2", "3")], [Change("Position", "1", "2")], []]


def test_a_save_that_changed_only_hidden_fields_is_left_out():
    entries = diff_history([row(1, "+"), row(2, footnotes="x")], hidden={"footnotes"})
    assert [e.kind for e in entries] == ["Created"]


def test_chosen_fields_labels_and_names_for_linked_records():
    entries = diff_history(
        [row(1, "+"), row(2, notice_id=8, heading="New")],
        fields=["notice", "heading"],
        labels={"notice": "Notice"},
        names={"notice": {7: "Medway", 8: "Northbridge"}},
    )
    assert entries[0].changes == [
        Change("Notice", "Medway", "Northbridge"),
        Change("Heading", "Improve assessments", "New"),
    ]


def test_a_creation_can_list_what_it_set():
    entries = diff_history([row(1, "+", intro="")], fields=["heading", "intro"], created_changes=True)
    assert entries[0].changes == [Change("Heading", "—", "Improve assessments")]


def test_rows_of_several_records_are_each_compared_with_their_own_previous_row():
    entries = diff_history(
        [row(1, "+", id_=1), row(2, "+", id_=2, position=2), row(3, id_=1, position=5)],
        kinds=lambda r, code: f"Measure {r.id} {'added' if code == '+' else 'changed'}",
    )
    assert [(e.kind, e.changes) for e in entries] == [
        ("Measure 1 changed", [Change("Position", "1", "5")]),
        ("Measure 2 added", []),
        ("Measure 1 added", []),
    ]


def test_links_are_compared_by_what_they_show():
    links = {"requirements": {1: {10}, 2: {10, 11}, 3: {11, 10}}}
    names = {"requirements": {10: "2.1", 11: "2.2"}}
    entries = diff_history([row(1, "+"), row(2), row(3)], links=links, names=names)
    assert [e.changes for e in entries] == [[Change("Requirements", "2.1", "2.1, 2.2")], []]


def test_writes_of_one_version_by_one_person_are_one_entry():
    # A service call writes the links, then saves: two rows of version 2 by the same person.
    sam = SimpleNamespace(pk=1, username="sam", get_full_name=lambda: "Sam Jones")
    rows = [row(1, "+", version=1, user=sam), row(2, version=2, user=sam), row(3, version=2, user=sam, heading="New")]
    entries = diff_history(rows, hidden={"version"}, group_writes=True)
    assert [(e.kind, e.who, e.version, e.changes) for e in entries] == [
        ("Changed", "Sam Jones", 2, [Change("Heading", "Improve assessments", "New")]),
        ("Created", "Sam Jones", 1, []),
    ]


def test_changes_to_parts_join_the_write_of_their_version():
    rows = [row(1, "+", version=1), row(2, version=2)]
    entries = diff_history(rows, hidden={"version"}, group_writes=True, extra={2: [Change("Attendee", "—", "Dr Rao")]})
    assert entries[0].changes == [Change("Attendee", "—", "Dr Rao")]


def test_values_are_shown_as_a_reader_writes_them():
    assert show(None) == show("") == "—"
    assert show(date(2014, 5, 21)) == "21 May 2014"
    assert show(True) == "Yes" and show(False) == "No"
    from decimal import Decimal

    assert show(Decimal("12.50")) == "12.5"
    assert show(["a", "b"]) == "a, b"


def test_since_version_keeps_what_was_written_after_the_version_opened():
    rows = [row(1, "+", version=1), row(2, version=2, heading="A"), row(3, version=3, heading="B")]
    history = diff_history(rows, hidden={"version"}, group_writes=True)
    progress = HistoryEntry(START + timedelta(minutes=2, seconds=30), "Sam", "Progress update added")
    assert [e.version for e in since_version(merge(history, [progress]), 2)] == [3, None]
    assert since_version(history, 3) == []


@pytest.mark.django_db
def test_real_history_rows_name_the_person_and_the_field(personas):
    measure = factories.make_measure(personas.notice, "8", heading="Old heading")
    measure.heading = "New heading"
    save_as(measure, get_user_model().objects.get(username="chair"))
    entries = diff_history(measure.history.select_related("history_user"))
    assert [(e.kind, e.who, e.changes) for e in entries] == [
        ("Changed", "chair", [Change("Heading", "Old heading", "New heading")]),
        ("Created", "System", []),
    ]


@pytest.mark.django_db
def test_record_history_reads_one_records_latest_writes(personas, django_assert_num_queries):
    from notice_tracker.lib.historydiff import record_history

    measure = factories.make_measure(personas.notice, "8", heading="First")
    for heading in ("Second", "Third"):
        measure.heading = heading
        measure.save()
    with django_assert_num_queries(1):
        entries = record_history(measure, limit=2)
    assert [e.changes for e in entries] == [
        [Change("Heading", "Second", "Third")],
        [Change("Heading", "First", "Second")],
    ]


def test_there_is_one_history_entry_type():
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    defined = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if ".venv" not in path.parts
        and "node_modules" not in path.parts
        and "tests" not in path.parts
        and ("class HistoryEntry" in path.read_text() or "class Change:" in path.read_text())
    ]
    assert defined == ["notice_tracker/lib/historydiff.py"]
