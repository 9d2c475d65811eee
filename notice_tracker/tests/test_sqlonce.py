"""SQL written once per process: the same rows and instances as the querysets they stand for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import Membership, Organisation
from measures.tests import factories
from notice_tracker.lib.sqlonce import instances_once, rows_once, values_once


def _membership(user_id, notice_pk):
    return Membership.objects.select_related("notice__authority", "organisation").filter(
        user_id=user_id, notice_id=notice_pk, user__is_active=True
    )[:1]


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


@pytest.mark.django_db
def test_instances_are_those_the_queryset_makes_related_objects_included():
    first, second = factories.make_notice("First"), factories.make_notice("Second")
    user = factories.make_user("member")
    organisation = factories.make_organisation(second, "Children's services")
    Membership.objects.create(user=user, notice=first, role="observer")
    Membership.objects.create(user=user, notice=second, role="officer", organisation=organisation)
    for notice in (first, second, first):  # compiled on the first call, run again with other keys
        expected = list(_membership(user.pk, notice.pk))
        with CaptureQueriesContext(connection) as queries:
            found = instances_once("test.membership", _membership, user.pk, notice.pk)
        assert len(queries) == 1
        assert [_fields(m) for m in found] == [_fields(m) for m in expected]
        assert _fields(found[0].notice) == _fields(notice) and found[0].notice.authority.name == notice.authority.name
        assert (found[0].organisation and found[0].organisation.name) == (
            expected[0].organisation and expected[0].organisation.name
        )
        with CaptureQueriesContext(connection) as queries:
            found[0].notice.authority, found[0].organisation  # noqa: B018 - read with the row, no query
        assert len(queries) == 0
    assert instances_once("test.membership", _membership, user.pk, 0) == []
    user.is_active = False
    user.save()
    assert instances_once("test.membership", _membership, user.pk, first.pk) == []


@pytest.mark.django_db
def test_string_keys_and_a_query_whose_key_is_not_a_parameter_runs_through_the_orm():
    notice = factories.make_notice("Only")
    factories.make_organisation(notice, "Alpha")
    factories.make_organisation(notice, "Beta")
    by_name = lambda pk, name: Organisation.objects.filter(notice_id=pk, name=name)  # noqa: E731
    assert [o.name for o in instances_once("test.by-name", by_name, notice.pk, "Beta")] == ["Beta"]
    assert [o.name for o in instances_once("test.by-name", by_name, notice.pk, "Alpha")] == ["Alpha"]
    sliced = lambda count: Organisation.objects.order_by("name")[:count]  # noqa: E731 - a LIMIT, not a parameter
    assert [o.name for o in instances_once("test.sliced", sliced, 1)] == ["Alpha"]
    assert [o.name for o in instances_once("test.sliced", sliced, 2)] == ["Alpha", "Beta"]


@pytest.mark.django_db
def test_raw_rows_are_the_querysets_rows_with_only_its_columns():
    notice = factories.make_notice("Rows")
    factories.make_organisation(notice, "Beta")
    factories.make_organisation(notice, "Alpha")
    build = lambda pk: Organisation.objects.filter(notice_id=pk).order_by("name").only("id", "name")  # noqa: E731
    rows = list(rows_once("test.raw", build, notice.pk))
    assert [(o.pk, o.name) for o in rows] == [(o.pk, o.name) for o in build(notice.pk)]
    assert rows[0].get_deferred_fields() == build(notice.pk)[0].get_deferred_fields()


def _names(notice_pk, other_pk):
    people = Membership.objects.filter(notice_id=notice_pk).values_list("user__username", "role").order_by()
    organisations = Organisation.objects.filter(notice_id=other_pk).values_list("name", "kind").order_by()
    return people.union(organisations, all=True)


@pytest.mark.django_db
def test_values_are_the_querysets_tuples_a_union_included():
    first, second = factories.make_notice("First"), factories.make_notice("Second")
    factories.make_organisation(first, "Alpha")
    factories.make_organisation(second, "Beta")
    Membership.objects.create(user=factories.make_user("member"), notice=second, role="observer")
    for keys in ((first.pk, second.pk), (second.pk, second.pk), (second.pk, first.pk)):
        with CaptureQueriesContext(connection) as queries:
            found = values_once("test.names", _names, *keys)
        assert len(queries) == 1
        assert sorted(found) == sorted(_names(*keys)) and found
