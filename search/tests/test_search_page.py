"""The search page and the navbar's search box."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import reverse

from actions.tests import factories as action_factories
from evidence.tests.factories import make_item
from search.selectors import KINDS, search

# Every kind's page is read in one statement on PostgreSQL, one statement a kind elsewhere (search/ranking.py).
KIND_STATEMENTS = 1 if connection.vendor == "postgresql" else len(KINDS)
URL = reverse("search:results")


def text(response) -> str:
    return " ".join(response.content.decode().split())


def plain(page: str) -> str:
    return re.sub(r"<[^>]+>", "", page)


def test_it_shows_each_kind_found_with_counts_and_links(client, personas, scene):
    client.force_login(personas["officer"])
    response = client.get(URL, {"q": "missing"})
    assert response.status_code == 200
    page = text(response)
    assert "2 results for “missing”: no requirements, no actions, 1 evidence item, 1 indicator." in plain(page)
    assert f'href="{scene.evidence.get_absolute_url()}"' in page and scene.evidence.title in page
    assert f'href="{scene.indicator.get_absolute_url()}"' in page and "MISSING-RHI" in page
    assert "children who went <mark>missing</mark>." in page
    assert scene.restricted.title not in page  # another organisation's restricted item


def test_the_chair_sees_restricted_evidence_marked_so(client, personas, scene):
    client.force_login(personas["chair"])
    page = text(client.get(URL, {"q": "strategy"}))
    assert scene.restricted.title in page and "Restricted" in page


def test_an_observer_finds_what_they_may_read(client, personas, scene):
    client.force_login(personas["observer"])
    page = text(client.get(URL, {"q": "twenty case files"}))
    assert f'href="{scene.action.get_absolute_url()}"' in page and "Audit twenty case files" in page


def test_an_empty_search_asks_for_words(client, personas, scene):
    client.force_login(personas["officer"])
    page = text(client.get(URL))
    assert "Type a word or two" in page and "results for" not in page


def test_a_search_too_short_says_so(client, personas, scene):
    client.force_login(personas["officer"])
    assert "Type at least 2 letters or digits to search." in text(client.get(URL, {"q": "a"}))


def test_a_search_that_finds_nothing_says_so(client, personas, scene):
    client.force_login(personas["officer"])
    page = text(client.get(URL, {"q": "bananas"}))
    assert "Nothing matches “bananas” in your notices." in page


def test_a_search_too_long_is_reshown_with_the_error(client, personas, scene):
    client.force_login(personas["officer"])
    page = text(client.get(URL, {"q": "audit " * 40}))
    assert "Search for at most 200 characters (you typed 239)." in page
    assert 'aria-invalid="true"' in page and 'value="audit audit' in page


def test_what_was_typed_and_what_was_found_are_escaped(client, personas):
    make_item(personas.notice, personas["chair"], title="<script>alert(1)</script> audit", description="<b>audit</b>")
    client.force_login(personas["chair"])
    page = text(client.get(URL, {"q": "audit"}))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; audit" in page
    assert "&lt;b&gt;<mark>audit</mark>&lt;/b&gt;" in page
    page = text(client.get(URL, {"q": "<script>alert(2)</script>"}))
    assert "<script>alert" not in page and "“&lt;script&gt;alert(2)&lt;/script&gt;”" in page


def test_a_notice_narrows_the_search_and_an_outsider_gets_404(client, personas, scene):
    client.force_login(personas["officer"])
    page = text(client.get(URL, {"q": "return home", "notice": personas.notice.pk}))
    assert "in Medway Council’s notice" in page
    client.force_login(personas["outsider"])
    assert client.get(URL, {"q": "return home", "notice": personas.notice.pk}).status_code == 404
    assert client.get(URL, {"q": "return home", "notice": "medway"}).status_code == 404


@pytest.mark.parametrize("kind", ["bananas", ""])
def test_an_unknown_kind_searches_every_kind(client, personas, scene, kind):
    client.force_login(personas["officer"])
    assert "2 results for “return”" in text(client.get(URL, {"q": "return", "kind": kind}))


def test_show_all_lists_one_kind_a_page_at_a_time(client, personas):
    chair = personas["chair"]
    for number in range(30):
        action_factories.make_action(
            personas.notice, owner=chair, organisation=personas.organisation, title=f"Audit batch {number:02}"
        )
    client.force_login(chair)
    page = text(client.get(URL, {"q": "batch"}))
    assert page.count("Audit batch") == 10
    assert 'href="?q=batch&amp;kind=actions">Show all 30 actions</a>' in page
    page = text(client.get(URL, {"q": "batch", "kind": "actions", "page": 2}))
    assert "30 actions for “batch”, showing 26 to 30." in page and page.count("Audit batch") == 5
    assert 'aria-label="Pages of results"' in page and "Show all" not in page
    past_the_end = client.get(URL, {"q": "batch", "kind": "actions", "page": 9})
    assert past_the_end.status_code == 302 and past_the_end["Location"] == f"{URL}?q=batch&kind=actions"


def test_someone_on_no_notice_is_told_there_is_nothing_to_search(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("newcomer"))
    assert "You do not have a role on any notice yet" in text(client.get(URL, {"q": "audit"}))


def test_the_navbar_has_a_labelled_search_box(client, personas):
    client.force_login(personas["observer"])
    page = text(client.get(reverse("measures:notice-list")))
    assert f'role="search" aria-label="Quick search" method="get" action="{URL}"' in page
    assert '<label class="visually-hidden" for="navbar-search">' in page and 'id="navbar-search" name="q"' in page


def test_the_navbar_has_no_search_box_before_sign_in(client):
    assert 'role="search"' not in text(client.get(reverse("login")))


def test_past_the_most_ranked_the_page_says_more_match_and_how_to_narrow_it(client, personas, monkeypatch):
    monkeypatch.setattr("search.selectors.MAX_RANKED", 2)
    for number in range(4):
        make_item(personas.notice, personas["chair"], title=f"Ledger extract {number}")
    client.force_login(personas["chair"])
    page = plain(text(client.get(URL, {"q": "ledger"})))
    assert (
        "More than 2 results for “ledger”: no requirements, no actions, more than 2 evidence items, no indicators."
        in page
    )
    assert "Evidence 2+" in page and "Show the 2 most recent" not in page  # both are on the page
    monkeypatch.setattr("search.views.LIMIT_PER_KIND", 1)  # one hit a kind: the rest behind the link
    page = plain(text(client.get(URL, {"q": "ledger"})))
    assert "Show the 2 most recent evidence items" in page
    assert "the best of the 2 most recently added are shown. Add a word to narrow the search." in page
    page = plain(text(client.get(URL, {"q": "ledger", "kind": "evidence"})))
    assert "More than 2 evidence items for “ledger”." in page


def test_the_page_takes_a_fixed_number_of_queries(client, personas, scene, django_assert_num_queries):
    chair = personas["chair"]
    client.force_login(chair)
    client.get(URL, {"q": "audit"})
    found = [group.kind for group in search(chair, "audit").groups if group.total]
    assert "evidence" in found and "requirements" not in found
    # session, user, the memberships, then every kind's page: ranked, counted and read
    with django_assert_num_queries(2 + 1 + KIND_STATEMENTS):
        assert client.get(URL, {"q": "audit"}).status_code == 200
    for number in range(12):
        make_item(personas.notice, chair, title=f"Audit number {number}")
    with django_assert_num_queries(2 + 1 + KIND_STATEMENTS):
        assert client.get(URL, {"q": "audit"}).status_code == 200
