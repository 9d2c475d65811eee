"""Kept parts of pages: written once per key, written again whenever the key moves."""

from django.template import Context, Template

from notice_tracker.lib.fragments import content_key, forget_fragments


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __str__(self) -> str:
        self.calls += 1
        return f"rendered {self.calls}"


def test_a_kept_fragment_is_written_once_per_content_key():
    forget_fragments()
    page = Template('{% load fragments %}{% kept_fragment "part" key %}{{ counter }}{% endkept_fragment %}')
    counter = Counter()
    first = content_key(["an update", 40])
    assert page.render(Context({"key": first, "counter": counter})) == "rendered 1"
    assert page.render(Context({"key": first, "counter": counter})) == "rendered 1"
    moved = content_key(["an update", 45])
    assert moved != first
    assert page.render(Context({"key": moved, "counter": counter})) == "rendered 2"


def test_a_position_fragment_without_a_mark_is_written_every_time():
    forget_fragments()
    page = Template('{% load fragments %}{% position_fragment "part" %}{{ counter }}{% endposition_fragment %}')
    counter = Counter()
    assert page.render(Context({"counter": counter})) == "rendered 1"
    assert page.render(Context({"counter": counter})) == "rendered 2"
    kept = {"counter": counter, "position_mark": "1:2015-02-27:5-6-7"}
    assert page.render(Context(kept)) == page.render(Context(kept)) == "rendered 3"
