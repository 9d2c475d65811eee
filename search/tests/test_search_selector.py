"""search(): what each person finds, on PostgreSQL (full text, ranked) and SQLite (every word, plainly)."""

from __future__ import annotations

import pytest
from django.db import connection

from actions.tests import factories as action_factories
from evidence.tests.factories import make_item
from measures.models import Membership
from measures.tests import factories
from search.selectors import KINDS, search

# Every kind's page is read in one statement on PostgreSQL, one statement a kind elsewhere (search/ranking.py).
KIND_STATEMENTS = 1 if connection.vendor == "postgresql" else len(KINDS)


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text search")


def titles(results, kind: str) -> list[str]:
    return [hit.title for group in results.groups if group.kind == kind for hit in group.hits]


def test_it_finds_each_kind_by_a_word_of_its_own(personas, scene):
    officer = personas["officer"]
    assert titles(search(officer, "recorded"), "requirements") == ["Requirement 4.1"]
    assert titles(search(officer, "twenty"), "actions") == [scene.action.title]
    assert titles(search(officer, "October"), "evidence") == [scene.evidence.title]
    assert titles(search(officer, "offered"), "indicators") == [scene.indicator.name]


def test_a_hit_links_to_its_page_and_shows_its_notice_and_the_words_around_it(personas, scene):
    results = search(personas["officer"], "managers")
    [hit] = [hit for group in results.groups for hit in group.hits]
    assert hit.url == scene.action.get_absolute_url()
    assert hit.reference == "A-012" and hit.notice == personas.notice
    assert hit.snippet.match == "managers" and str(hit.snippet).startswith("Team managers audit the files")
    assert hit.rank > 0
    [requirement] = [hit for group in search(personas["officer"], "4.1").groups for hit in group.hits]
    assert requirement.url == f"/notices/{personas.notice.pk}/measures/4/#req-41"


def test_every_word_must_match(personas, scene):
    officer = personas["officer"]
    assert titles(search(officer, "return home audit"), "evidence") == [scene.evidence.title]
    assert search(officer, "return home bananas").total == 0


def test_restricted_evidence_is_found_only_by_those_who_may_see_it(personas, scene):
    def finds(user) -> bool:
        return scene.restricted.title in titles(search(user, "strategy discussion"), "evidence")

    assert finds(personas["chair"]) and finds(personas["administrator"])
    assert finds(personas.notice.memberships.get(user__username="police").user)  # the submitter's organisation
    assert not finds(personas["officer"])  # another organisation's
    assert not finds(personas["lead_member"])
    assert not finds(personas["observer"])  # observers never see restricted items


def test_notices_the_user_is_not_a_member_of_never_appear(personas, scene):
    for role in ("chair", "administrator", "officer", "observer"):
        found = search(personas[role], "return home interviews")
        assert scene.elsewhere.title not in titles(found, "evidence")
        assert {hit.notice for group in found.groups for hit in group.hits} == {personas.notice}
    outsider = search(personas["outsider"], "return home interviews")
    assert titles(outsider, "evidence") == [scene.elsewhere.title]
    assert titles(outsider, "indicators") == []


def test_a_dfe_observer_searches_everything_but_restricted_evidence(personas, scene):
    found = search(personas["observer"], "missing")
    assert titles(found, "evidence") == [scene.evidence.title]
    assert titles(found, "indicators") == [scene.indicator.name]


def test_a_notice_narrows_the_search_and_one_the_user_is_not_on_searches_nothing(personas, scene):
    chair = personas["chair"]
    assert [n.pk for n in search(chair, "audit", notice_id=personas.notice.pk).scope] == [personas.notice.pk]
    other = personas["outsider"].memberships.get().notice
    nothing = search(chair, "audit", notice_id=other.pk)
    assert nothing.scope == [] and nothing.groups == [] and nothing.notices == [personas.notice]


def test_a_query_too_short_searches_nothing(personas, scene, django_assert_num_queries):
    with django_assert_num_queries(1):  # the memberships only
        found = search(personas["chair"], " a ")
    assert found.too_short and found.groups == []
    assert search(personas["chair"], '"-"').too_short


def test_each_kind_is_capped_and_counted_in_full(personas):
    for number in range(12):
        action_factories.make_action(
            personas.notice,
            owner=personas["officer"],
            organisation=personas.organisation,
            title=f"Audit batch {number}",
        )
    [actions] = search(personas["chair"], "batch", kinds=["actions"], limit_per_kind=10).groups
    assert (len(actions.hits), actions.total, actions.more, actions.counted) == (10, 12, True, "12 actions")
    [rest] = search(personas["chair"], "batch", kinds=["actions"], limit_per_kind=10, offset=10).groups
    assert (len(rest.hits), rest.total, rest.more) == (2, 12, False)
    assert {h.title for h in actions.hits} | {h.title for h in rest.hits} == {f"Audit batch {n}" for n in range(12)}


def test_past_the_most_ranked_only_the_most_recent_matches_are_ranked_and_the_count_says_more(personas, monkeypatch):
    monkeypatch.setattr("search.selectors.MAX_RANKED", 3)
    made = [
        action_factories.make_action(
            personas.notice,
            owner=personas["officer"],
            organisation=personas.organisation,
            title=f"Ledger check {number}" if number else "Ledger ledger ledger",  # the oldest reads best
        )
        for number in range(5)
    ]
    [actions] = search(personas["chair"], "ledger", kinds=["actions"]).groups
    assert (actions.total, actions.capped, actions.number, actions.counted) == (3, True, "3+", "more than 3 actions")
    assert {hit.title for hit in actions.hits} == {action.title for action in made[2:]}
    monkeypatch.setattr("search.selectors.MAX_RANKED", 5)
    [exactly] = search(personas["chair"], "ledger", kinds=["actions"]).groups
    assert (exactly.total, exactly.capped, exactly.counted) == (5, False, "5 actions")
    assert exactly.hits[0].title == "Ledger ledger ledger"


def test_pages_read_one_after_another_are_the_best_first_order_of_every_match(personas):
    """Only a page's rows are read in full; the ranking behind it is every match's, so paging loses
    or repeats nothing and the order holds across pages."""
    for number in range(23):
        in_title = number % 3 == 0
        action_factories.make_action(
            personas.notice,
            owner=personas["officer"],
            organisation=personas.organisation,
            reference=f"R-{number}",
            title=f"Ledger review {number}" if in_title else f"Review {number}",
            description="Checks the ledger." * (1 + number % 4) if not in_title else "",
        )
    chair = personas["chair"]
    [everything] = search(chair, "ledger", kinds=["actions"], limit_per_kind=50).groups
    pages = [search(chair, "ledger", kinds=["actions"], limit_per_kind=10, offset=o).groups[0] for o in (0, 10, 20)]
    assert everything.total == 23 and all(page.total == 23 for page in pages)
    assert [h.reference for page in pages for h in page.hits] == [h.reference for h in everything.hits]
    ranks = [h.rank for h in everything.hits]
    assert ranks == sorted(ranks, reverse=True)
    assert {h.title for h in everything.hits[:8]} == {f"Ledger review {n}" for n in range(0, 23, 3)}


def test_a_word_in_the_title_ranks_above_the_same_word_in_the_description(personas):
    chair = personas["chair"]
    make_item(personas.notice, chair, title="Annual report", description="Covers the safeguarding audit.")
    make_item(personas.notice, chair, title="Safeguarding audit", description="A yearly look at practice.")
    assert titles(search(chair, "safeguarding"), "evidence") == ["Safeguarding audit", "Annual report"]


def test_the_number_of_queries_does_not_grow_with_the_results(personas, scene, django_assert_num_queries):
    chair = personas["chair"]
    with django_assert_num_queries(1 + KIND_STATEMENTS):  # the memberships, then every kind's page
        few = search(chair, "audit")
    assert [group.kind for group in few.groups if group.total] == ["actions", "evidence"]
    for number in range(15):
        make_item(personas.notice, chair, title=f"Audit number {number}")
        action_factories.make_action(
            personas.notice, owner=chair, organisation=personas.organisation, title=f"Audit {number}"
        )
    Membership.objects.create(user=chair, notice=factories.make_notice(), role="chair")  # a second notice
    with django_assert_num_queries(1 + KIND_STATEMENTS):
        many = search(chair, "audit")
    assert many.total > few.total + 20


@postgresql_only
def test_on_postgresql_words_are_stemmed_and_the_web_search_syntax_works(personas, scene):
    officer = personas["officer"]
    assert titles(search(officer, "interview"), "evidence") == [scene.evidence.title]  # finds "interviews"
    assert titles(search(officer, "audits"), "actions") == [scene.action.title]  # finds "audit"
    assert titles(search(officer, '"home interviews" -october'), "evidence") == []
    assert titles(search(officer, "october or bananas"), "evidence") == [scene.evidence.title]
    assert search(officer, "the and of").total == 0  # only stop words: nothing, and no error


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plain fallback for SQLite")
def test_on_sqlite_words_match_anywhere_in_a_field(personas, scene):
    officer = personas["officer"]
    assert titles(search(officer, "interv"), "evidence") == [scene.evidence.title]  # part of a word
    assert titles(search(officer, "RETURN"), "evidence") == [scene.evidence.title]
