"""No write to evidence without a history entry naming who made it: one test per write path."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.models import EvidenceItem, EvidenceReview, EvidenceRevision
from evidence.tests import factories
from evidence.tests.helpers import form_data
from measures.tests import factories as measure_factories


@pytest.fixture
def item(personas):
    return factories.make_item(personas.notice, personas["officer"])


def url(name, item):
    return reverse(f"evidence:{name}", args=[item.notice_id, item.pk])


def latest(model_history, **filters):
    return model_history.filter(**filters).order_by("-history_date", "-history_id").first()


def test_submitting_records_the_item_and_its_first_revision_with_the_submitter(item, personas):
    assert item.history.filter(history_type="+", history_user=personas["officer"]).exists()
    assert EvidenceRevision.history.filter(history_type="+", history_user=personas["officer"]).count() == 1
    assert not item.history.filter(history_user__isnull=True).exists()


def test_editing_records_what_changed_and_who_changed_it(client, personas, item):
    client.force_login(personas["administrator"])
    before = item.history.count()
    client.post(url("item-edit", item), form_data(title="Audit, June 2014", version=item.version))
    assert item.history.count() == before + 1
    record = latest(item.history)
    assert (record.history_user, record.title) == (personas["administrator"], "Audit, June 2014")


def test_a_new_revision_records_the_revision_and_the_item_change(client, personas, item):
    client.force_login(personas["officer"])
    before = item.history.count()
    client.post(
        url("item-revise", item), {"version": item.version, "file": SimpleUploadedFile("v2.pdf", factories.pdf("v2"))}
    )
    assert item.history.count() == before + 1
    assert latest(item.history).history_user == personas["officer"]
    assert EvidenceRevision.history.filter(number=2, history_user=personas["officer"]).exists()


def test_a_review_records_the_decision_and_the_status_change(client, personas, item):
    client.force_login(personas["chair"])
    client.post(url("item-review", item), {"decision": "accepted", "note": "", "version": item.version})
    assert EvidenceReview.history.filter(history_type="+", history_user=personas["chair"]).count() == 1
    record = latest(item.history)
    assert (record.review_status, record.history_user) == ("accepted", personas["chair"])


def test_link_changes_are_recorded_with_the_links_before_and_after(client, personas, item):
    measure = measure_factories.make_measure(personas.notice)
    first = measure_factories.make_requirement(measure, "2.1")
    second = measure_factories.make_requirement(measure, "2.2")
    client.force_login(personas["officer"])
    client.post(url("item-edit", item), form_data(version=item.version, requirements=[first.pk]))
    item.refresh_from_db()
    client.post(url("item-edit", item), form_data(version=item.version, requirements=[second.pk]))
    record = latest(item.history)
    assert [row.requirement_id for row in record.requirements.all()] == [second.pk]
    assert record.history_user == personas["officer"]
    body = client.get(url("item-detail", item)).content.decode()
    assert "History of changes" in body
    assert "<del>2.1</del> → <ins>2.2</ins>" in body


def test_the_detail_page_shows_who_changed_what_in_words(client, personas, item):
    client.force_login(personas["officer"])
    client.post(url("item-edit", item), form_data(kind="minutes", covers_from="02/06/2014", version=item.version))
    client.force_login(personas["chair"])
    body = client.get(url("item-detail", item)).content.decode()
    assert "<del>Case-file audit</del> → <ins>Minutes</ins>" in body
    assert "<del>1 June 2014</del> → <ins>2 June 2014</ins>" in body
    assert "Version" not in body.split("History of changes")[1]  # bookkeeping is not shown


def test_the_upload_time_never_changes_on_edit(client, personas, item):
    submitted_at = item.submitted_at
    client.force_login(personas["officer"])
    client.post(url("item-edit", item), form_data(title="Renamed", version=item.version))
    item.refresh_from_db()
    assert item.title == "Renamed" and item.submitted_at == submitted_at


def test_a_queryset_update_of_evidence_is_recorded_too(item):
    before = item.history.count()
    EvidenceItem.objects.filter(pk=item.pk).update(title="Changed in bulk")
    assert item.history.count() == before + 1


def test_an_edit_that_changes_nothing_writes_nothing(client, personas, item):
    client.force_login(personas["officer"])
    before = item.history.count()
    client.post(url("item-edit", item), form_data(version=item.version))
    item.refresh_from_db()
    assert item.history.count() == before and item.version == 1
