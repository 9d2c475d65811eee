"""Two people saving one item at once: the second save is refused, never silently applied."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from evidence import services
from evidence.models import EvidenceItem, EvidenceReview
from evidence.tests import factories
from evidence.tests.helpers import form_data, stored_files
from notice_tracker.lib.concurrency import StaleEdit


@pytest.fixture
def item(personas):
    return factories.make_item(personas.notice, personas["officer"])


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name, item):
    return reverse(f"evidence:{name}", args=[item.notice_id, item.pk])


def test_the_second_of_two_concurrent_edits_is_refused_and_both_changes_survive(personas, item):
    first, second = signed_in(personas["officer"]), signed_in(personas["administrator"])
    opened = item.version  # both open the form at this version
    assert (
        first.post(url("item-edit", item), form_data(title="First person's title", version=opened)).status_code == 302
    )
    response = second.post(
        url("item-edit", item), form_data(title="Second person's title", description="Mine", version=opened)
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this evidence after you opened it" in body
    assert "<del>Case-file audit, June 2014</del> → <ins>First person&#x27;s title</ins>" in body  # their change
    assert 'value="Second person&#x27;s title"' in body and ">\nMine</textarea>" in body  # my input, kept
    item.refresh_from_db()
    assert item.title == "First person's title" and item.description == "Twenty cases audited."


def test_after_seeing_the_other_change_a_deliberate_second_save_goes_through(personas, item):
    first, second = signed_in(personas["officer"]), signed_in(personas["administrator"])
    first.post(url("item-edit", item), form_data(title="First", version=1))
    refused = second.post(url("item-edit", item), form_data(title="Second", version=1))
    assert 'name="version" value="2"' in refused.content.decode()
    assert second.post(url("item-edit", item), form_data(title="Second", version=2)).status_code == 302
    item.refresh_from_db()
    assert item.title == "Second" and item.version == 3


def test_a_review_of_an_item_that_changed_since_it_was_opened_is_refused(personas, item):
    opened = item.version
    signed_in(personas["officer"]).post(
        url("item-revise", item), {"version": opened, "file": SimpleUploadedFile("v2.pdf", factories.pdf("v2"))}
    )
    response = signed_in(personas["chair"]).post(
        url("item-review", item), {"decision": "accepted", "note": "Good", "version": opened}
    )
    assert response.status_code == 409 and "Someone else saved this evidence" in response.content.decode()
    assert "v2.pdf (revision 2)" in response.content.decode()
    assert ">\nGood</textarea>" in response.content.decode()
    assert EvidenceReview.objects.count() == 0


def test_two_concurrent_new_versions_keep_the_first_and_leave_no_file_from_the_second(personas, item, media_root):
    opened = item.version
    signed_in(personas["officer"]).post(
        url("item-revise", item), {"version": opened, "file": SimpleUploadedFile("a.pdf", factories.pdf("a"))}
    )
    files_before = stored_files(media_root)
    response = signed_in(personas["administrator"]).post(
        url("item-revise", item), {"version": opened, "file": SimpleUploadedFile("b.pdf", factories.pdf("b"))}
    )
    assert response.status_code == 409 and "Someone else saved this evidence" in response.content.decode()
    assert item.revisions.count() == 2
    assert stored_files(media_root) == files_before


def test_the_services_refuse_a_stale_version_whoever_calls_them(personas, item):
    services.evidence_review(item=item, by=personas["chair"], decision="accepted", note="", expected_version=1)
    with pytest.raises(StaleEdit) as refused:
        services.evidence_update(
            item=item, by=personas["officer"], form_data=factories.item_data(title="Late"), expected_version=1
        )
    assert isinstance(refused.value.current, EvidenceItem)
    assert refused.value.current.review_status == EvidenceItem.Status.ACCEPTED
    assert EvidenceItem.objects.get().title == "Case-file audit, June 2014"
