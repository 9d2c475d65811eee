import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence import services
from evidence.models import EvidenceItem, EvidenceReview
from evidence.tests import factories
from evidence.tests.helpers import form_data, stored_files
from measures.models import Membership
from measures.tests import factories as measure_factories

Status = EvidenceItem.Status


@pytest.fixture
def item(personas):
    return factories.make_item(personas.notice, personas["officer"], file=(factories.pdf("first"), "audit.pdf"))


def url(name, item, *args):
    return reverse(f"evidence:{name}", args=[item.notice_id, item.pk, *args])


def accept(item, chair):
    item.refresh_from_db()
    return services.evidence_review(item=item, by=chair, decision="accepted", note="", expected_version=item.version)


def test_a_new_version_is_a_new_revision_and_earlier_ones_stay_downloadable(client, personas, item):
    client.force_login(personas["officer"])
    second = factories.pdf("second")
    response = client.post(
        url("item-revise", item), {"version": item.version, "file": SimpleUploadedFile("audit v2.pdf", second)}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert [r.number for r in item.revisions.all()] == [2, 1]
    assert item.current_revision.number == 2 and item.current_revision.sha256 == hashlib.sha256(second).hexdigest()
    first = client.get(url("revision-download", item, 1))
    assert b"".join(first.streaming_content) == factories.pdf("first")
    detail = client.get(url("item-detail", item)).content.decode()
    assert hashlib.sha256(factories.pdf("first")).hexdigest() in detail and "audit v2.pdf" in detail


def test_an_accepted_item_whose_file_changes_goes_back_to_review(client, personas, item):
    accept(item, personas["chair"])
    item.refresh_from_db()
    client.force_login(personas["officer"])
    client.post(
        url("item-revise", item), {"version": item.version, "file": SimpleUploadedFile("v2.pdf", factories.pdf("v2"))}
    )
    item.refresh_from_db()
    assert item.review_status == Status.SUBMITTED


def test_an_accepted_item_whose_links_change_goes_back_to_review_but_a_typo_fix_does_not(client, personas, item):
    requirement = measure_factories.make_requirement(measure_factories.make_measure(personas.notice))
    accept(item, personas["chair"])
    item.refresh_from_db()
    client.force_login(personas["officer"])
    client.post(
        url("item-edit", item), form_data(title="Case-file audit, June 2014 (typo fixed)", version=item.version)
    )
    item.refresh_from_db()
    assert item.review_status == Status.ACCEPTED
    client.post(url("item-edit", item), form_data(version=item.version, requirements=[requirement.pk]))
    item.refresh_from_db()
    assert item.review_status == Status.SUBMITTED and list(item.requirements.all()) == [requirement]


def test_the_same_file_again_is_not_a_new_version(client, personas, item):
    client.force_login(personas["officer"])
    response = client.post(
        url("item-revise", item), {"version": item.version, "file": SimpleUploadedFile("a.pdf", factories.pdf("first"))}
    )
    assert response.status_code == 200 and "identical to the current revision" in response.content.decode()
    assert item.revisions.count() == 1


def test_a_bad_new_version_is_refused_and_no_file_is_left(client, personas, item, media_root):
    client.force_login(personas["officer"])
    before = stored_files(media_root)
    response = client.post(
        url("item-revise", item), {"version": item.version, "file": SimpleUploadedFile("v2.pdf", factories.EXE)}
    )
    assert response.status_code == 200 and "content is not PDF" in response.content.decode()
    assert stored_files(media_root) == before and item.revisions.count() == 1


def test_the_chair_reviews_and_the_record_keeps_who_when_what_and_which_revision(client, personas, item):
    client.force_login(personas["chair"])
    response = client.post(
        url("item-review", item), {"decision": "more_needed", "note": "Add Q2 figures.", "version": item.version}
    )
    assert response.status_code == 302
    review = EvidenceReview.objects.get()
    assert (review.reviewer, review.decision, review.note) == (personas["chair"], "more_needed", "Add Q2 figures.")
    assert review.revision == item.current_revision and review.item_version == item.version and review.decided_at
    item.refresh_from_db()
    assert item.review_status == Status.MORE_NEEDED
    assert "Add Q2 figures." in client.get(url("item-detail", item)).content.decode()


@pytest.mark.parametrize("decision", ["more_needed", "rejected"])
def test_asking_for_more_or_rejecting_needs_a_note(client, personas, item, decision):
    client.force_login(personas["chair"])
    response = client.post(url("item-review", item), {"decision": decision, "note": "  ", "version": item.version})
    assert response.status_code == 200 and "Say what more is needed" in response.content.decode()
    assert EvidenceReview.objects.count() == 0


def test_nobody_reviews_their_own_evidence(client, personas):
    own = factories.make_item(personas.notice, personas["chair"])
    client.force_login(personas["chair"])
    response = client.post(url("item-review", own), {"decision": "accepted", "note": "", "version": own.version})
    assert response.status_code == 200 and "someone else must review it" in response.content.decode()
    assert EvidenceReview.objects.count() == 0


def test_someone_the_administrator_allows_can_review_besides_the_chair(client, personas, item):
    reviewer = measure_factories.make_member(
        personas.notice, Membership.Role.LEAD_MEMBER, username="delegate", can_review_evidence=True
    )
    client.force_login(reviewer)
    response = client.post(url("item-review", item), {"decision": "accepted", "note": "", "version": item.version})
    assert response.status_code == 302
    client.force_login(personas["lead_member"])
    assert client.get(url("item-review", item)).status_code == 403


def test_downloads_go_through_the_view_with_the_original_name_and_are_never_cached_or_sniffed(client, personas):
    item = factories.make_item(personas.notice, personas["officer"], file=(factories.pdf(), "Ré union — notes.pdf"))
    client.force_login(personas["observer"])
    response = client.get(url("revision-download", item, 1))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''R%C3%A9%20union%20%E2%80%94%20notes.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(url("revision-download", item, 2)).status_code == 404


def test_a_revision_is_only_reached_through_its_own_item(client, personas, item):
    other = factories.make_item(personas.notice, personas["officer"], link="https://example.org", file=None)
    client.force_login(personas["chair"])
    assert client.get(reverse("evidence:revision-download", args=[personas.notice.pk, other.pk, 1])).status_code == 404


def test_a_missing_file_gives_404_not_a_server_error(client, personas, item, media_root):
    for path in stored_files(media_root):
        path.unlink()
    client.force_login(personas["chair"])
    assert client.get(url("revision-download", item, 1)).status_code == 404


def test_an_observer_can_never_be_stored_as_a_reviewer_nor_review(client, personas, item):
    # Security review (issue 13), finding 2: observers never write, whatever a row says.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(user=personas["observer"]).update(can_review_evidence=True)
    client.force_login(personas["observer"])
    response = client.post(url("item-review", item), {"decision": "accepted", "note": "", "version": item.version})
    assert response.status_code == 403
    assert EvidenceReview.objects.count() == 0
