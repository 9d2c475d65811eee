"""Each file version has its own visibility (security review, issue 13, finding 5).

An item submitted restricted (a named child's case audit), then given a redacted version and
opened to every member: the unredacted first version stays restricted, or is withdrawn, and the
history does not show members who could not see the item then what it was called or said.
"""

import pytest
from django.urls import reverse

from demo.evidence import checked
from evidence import services
from evidence.tests import factories
from measures.models import Membership
from measures.tests import factories as measure_factories


@pytest.fixture
def opened(personas):
    """Restricted, named, with the unredacted file; then a redacted version; then opened to all."""
    officer = personas["officer"]
    item = factories.make_item(
        personas.notice,
        officer,
        title="Audit of Jane Doe's case",
        description="Jane Doe, aged 9, at 12 Acacia Avenue.",
        restricted=True,
        file=(factories.pdf("unredacted"), "Jane Doe audit.pdf"),
    )
    services.evidence_review(
        item=item, by=personas["chair"], decision="more_needed", note="Redact Jane Doe's address.", expected_version=1
    )
    item.refresh_from_db()
    services.evidence_add_revision(
        item=item,
        by=officer,
        upload=checked(factories.pdf("redacted"), "audit redacted.pdf"),
        expected_version=item.version,
    )
    item.refresh_from_db()
    data = factories.item_data(title="Case audit 14", description="One case audited.", restricted=False)
    services.evidence_update(item=item, by=officer, form_data=data, expected_version=item.version)
    item.refresh_from_db()
    return item


@pytest.fixture
def police(personas):
    return measure_factories.make_member(
        personas.notice, Membership.Role.OFFICER, username="police", organisation=personas.partner
    )


def url(name, item, *args):
    return reverse(f"evidence:{name}", args=[item.notice_id, item.pk, *args])


def test_opening_an_item_keeps_its_earlier_versions_restricted(client, personas, opened, police):
    for user in (personas["observer"], police):
        client.force_login(user)
        assert client.get(url("revision-download", opened, 1)).status_code == 404
        assert client.get(url("revision-download", opened, 2)).status_code == 200
        assert "Jane Doe audit.pdf" not in client.get(url("item-detail", opened)).content.decode()
    for user in (personas["chair"], personas["officer"]):  # who could see it while restricted still can
        client.force_login(user)
        assert client.get(url("revision-download", opened, 1)).status_code == 200
        assert "Jane Doe audit.pdf" in client.get(url("item-detail", opened)).content.decode()
    assert opened.revisions.get(number=1).visibility == "restricted"


def test_history_does_not_show_restricted_era_titles_to_those_who_could_not_see_them(client, personas, opened, police):
    for user in (personas["observer"], police):
        client.force_login(user)
        body = client.get(url("item-detail", opened)).content.decode()
        assert "Jane Doe" not in body and "Acacia" not in body
        assert "Case audit 14" in body and "withheld" in body
    client.force_login(personas["chair"])
    assert "Jane Doe" in client.get(url("item-detail", opened)).content.decode()


def test_un_restricting_an_item_with_earlier_versions_warns_first(client, personas):
    officer = personas["officer"]
    item = factories.make_item(personas.notice, officer, restricted=True, file=(factories.pdf("one"), "one.pdf"))
    services.evidence_add_revision(
        item=item, by=officer, upload=checked(factories.pdf("two"), "two.pdf"), expected_version=1
    )
    item.refresh_from_db()
    data = {
        "title": item.title,
        "description": item.description,
        "kind": item.kind,
        "nature": item.nature,
        "covers_from": "01/06/2014",
        "covers_to": "30/06/2014",
        "version": item.version,
    }
    client.force_login(officer)
    response = client.post(url("item-edit", item), data)
    body = response.content.decode()
    assert response.status_code == 200 and "earlier file version" in body and "one.pdf" in body
    assert 'value="' + item.title.replace("'", "&#x27;") + '"' in body  # the input is kept
    item.refresh_from_db()
    assert item.restricted
    response = client.post(url("item-edit", item), {**data, "earlier_versions_understood": "on"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.restricted and item.revisions.get(number=1).visibility == "restricted"


def test_an_earlier_version_can_be_withdrawn_or_released_by_its_editors_only(client, personas, opened):
    client.force_login(personas["observer"])
    assert client.post(url("revision-visibility", opened, 1), {"visibility": "item"}).status_code == 403
    client.force_login(personas["officer"])
    response = client.post(url("revision-visibility", opened, 1), {"visibility": "withdrawn"})
    assert response.status_code == 302
    for persona in ("chair", "administrator", "officer", "observer"):
        client.force_login(personas[persona])
        assert client.get(url("revision-download", opened, 1)).status_code == 404
    client.force_login(personas["officer"])
    assert client.post(url("revision-visibility", opened, 2), {"visibility": "withdrawn"}).status_code == 302
    assert opened.revisions.get(number=2).visibility == "item"  # the current version follows the item
    client.post(url("revision-visibility", opened, 1), {"visibility": "item"})
    client.force_login(personas["observer"])
    assert client.get(url("revision-download", opened, 1)).status_code == 200


def test_an_earlier_version_s_preview_follows_its_visibility(client, personas, opened, police):
    for user in (personas["observer"], police):
        client.force_login(user)
        assert client.get(url("revision-preview", opened, 1, 1)).status_code == 404
        assert client.get(url("revision-preview", opened, 2, 1)).status_code == 200
    client.force_login(personas["chair"])
    assert client.get(url("revision-preview", opened, 1, 1)).status_code == 200
    services.evidence_revision_visibility(item=opened, number=1, by=personas["officer"], visibility="withdrawn")
    assert client.get(url("revision-preview", opened, 1, 1)).status_code == 404  # withdrawn: nobody
