"""The one stale-edit path: the user's input kept, rebased on the saved version, and 409 with what changed."""

from datetime import UTC, datetime
from types import SimpleNamespace

from django import forms
from django.http import QueryDict
from django.test import RequestFactory

from notice_tracker.lib.conflict import refused, respond
from notice_tracker.lib.historydiff import Change, HistoryEntry


class NoteForm(forms.Form):
    title = forms.CharField()
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, prefix_title: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix_title = prefix_title


def history(current):
    when = datetime(2014, 6, 2, 9, tzinfo=UTC)
    return [
        HistoryEntry(when.replace(hour=11), "Sam Jones", "Changed", [Change("Title", "Old", "Sam's")], version=3),
        HistoryEntry(when.replace(hour=10), "Helen Ward", "Changed", [Change("Title", "Older", "Old")], version=2),
        HistoryEntry(when, "Helen Ward", "Created", [], version=1),
    ]


def test_the_input_comes_back_based_on_the_saved_version_with_only_what_was_not_seen():
    mine = NoteForm(QueryDict("title=Mine&version=2"))
    assert mine.is_valid()
    again, conflict = refused(
        mine,
        SimpleNamespace(version=3),  # type: ignore[arg-type]  # a stand-in: only its version is read
        noun="note",
        history=history,
        prefix_title="x",
    )
    assert again.data["title"] == "Mine" and again.data["version"] == "3" and again.prefix_title == "x"
    assert [e.who for e in conflict.changes] == ["Sam Jones"]
    assert conflict.saved_by is not None and conflict.saved_by.who == "Sam Jones" and conflict.yours == 2


def test_a_refused_save_answers_409_with_the_conflict_page(db):
    request = RequestFactory().get("/")
    mine = NoteForm(QueryDict("title=Mine&version=2"))
    mine.is_valid()
    again, conflict = refused(
        mine,
        SimpleNamespace(version=3),  # type: ignore[arg-type]  # a stand-in: only its version is read
        noun="note",
        history=history,
    )
    response = respond(request, "includes/_conflict.html", {"form": again}, conflict=conflict)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this note after you opened it: Sam Jones saved it on 2 June 2014, 12:00" in body
    assert "<del>Old</del> → <ins>Sam&#x27;s</ins>" in body and "Older" not in body
    assert respond(request, "includes/_conflict.html", {"form": mine}).status_code == 200
