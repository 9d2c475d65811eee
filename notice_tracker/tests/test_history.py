"""TrackedQuerySet: the ORM's bulk paths leave history exactly as save() does."""

import pytest

from measures.models import Measure
from measures.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures(personas):
    return [factories.make_measure(personas.notice, str(n), heading=f"Heading {n}") for n in range(2, 5)]


def test_queryset_update_writes_one_history_row_per_changed_record(measures):
    Measure.objects.filter(reference__in=["2", "3"]).update(heading="Changed")
    changed = Measure.history.filter(history_type="~").order_by("reference")
    assert [(h.reference, h.heading) for h in changed] == [("2", "Changed"), ("3", "Changed")]
    assert not Measure.history.filter(reference="4", history_type="~").exists()


def test_update_matching_nothing_writes_no_history(measures):
    before = Measure.history.count()
    assert Measure.objects.filter(reference="99").update(heading="x") == 0
    assert Measure.history.count() == before


def test_bulk_create_writes_a_created_row_for_each_record(personas):
    Measure.objects.bulk_create(
        [Measure(notice=personas.notice, reference=r, printed_number=r, heading="h", position=int(r)) for r in "56"]
    )
    assert sorted(Measure.history.filter(history_type="+").values_list("reference", flat=True)) == ["5", "6"]


def test_bulk_update_writes_a_changed_row_for_each_record(measures):
    for measure in measures:
        measure.heading = "Bulk"
    Measure.objects.bulk_update(measures, ["heading"])
    assert Measure.history.filter(history_type="~", heading="Bulk").count() == 3


def test_queryset_delete_keeps_a_deleted_row(measures):
    Measure.objects.filter(reference="2").delete()
    assert Measure.history.filter(reference="2", history_type="-").count() == 1


def test_history_rows_name_the_user_of_the_request(client, personas):
    """HistoryRequestMiddleware attributes changes made during a request to its user."""
    from django.urls import reverse

    from measures.models import Membership

    client.force_login(personas["administrator"])
    membership = Membership.objects.get(user=personas["officer"], notice=personas.notice)
    client.post(
        reverse("measures:person-edit", args=[personas.notice.pk, membership.pk]), {"role": "chair", "organisation": ""}
    )
    assert Membership.history.filter(id=membership.pk, history_type="~").get().history_user == personas["administrator"]
