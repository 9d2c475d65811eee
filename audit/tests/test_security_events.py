import csv
import io

import pytest
from django.urls import reverse

from audit.models import AppendOnlyError, SecurityEvent
from audit.services import record_event
from evidence.tests import factories as evidence_factories
from measures.tests.factories import PASSWORD

Kind = SecurityEvent.Kind


def events_url(notice, **query) -> str:
    from urllib.parse import urlencode

    return reverse("audit:events", args=[notice.pk]) + (f"?{urlencode(query)}" if query else "")


def test_signing_in_failing_to_and_signing_out_are_recorded_with_the_address(client, personas):
    login = reverse("login")
    client.post(login, {"username": "officer", "password": "not it"}, REMOTE_ADDR="10.1.2.3")
    client.post(login, {"username": "officer", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    client.post(reverse("logout"), REMOTE_ADDR="10.1.2.3")
    events = list(SecurityEvent.objects.order_by("pk").values_list("kind", "username", "ip_address", "user_id"))
    officer = personas["officer"].pk
    assert events == [
        (Kind.SIGN_IN_FAILED, "officer", "10.1.2.3", None),
        (Kind.SIGN_IN, "officer", "10.1.2.3", officer),
        (Kind.SIGN_OUT, "officer", "10.1.2.3", officer),
    ]


def test_a_refusal_is_recorded_with_its_notice_and_page(client, personas):
    client.force_login(personas["observer"])
    url = reverse("evidence:item-submit", args=[personas.notice.pk])
    assert client.get(url).status_code == 403
    event = SecurityEvent.objects.get(kind=Kind.PERMISSION_DENIED)
    assert (event.user, event.notice, event.path) == (personas["observer"], personas.notice, url)
    assert "evidence:item-submit" in event.detail


def test_downloading_an_evidence_file_is_recorded_with_the_revision(client, personas):
    item = evidence_factories.make_item(
        personas.notice, personas["officer"], file=(evidence_factories.pdf(), "audit.pdf")
    )
    client.force_login(personas["observer"])
    response = client.get(reverse("evidence:revision-download", args=[personas.notice.pk, item.pk, 1]))
    assert response.status_code == 200
    event = SecurityEvent.objects.get(kind=Kind.EVIDENCE_DOWNLOAD)
    revision = item.revisions.get()
    assert (event.user, event.notice, event.object_ref) == (
        personas["observer"],
        personas.notice,
        f"evidence.EvidenceRevision:{revision.pk}",
    )


def test_events_can_never_be_changed_or_deleted(personas):
    event = record_event(kind=Kind.SIGN_IN, user=personas["chair"])
    assert event is not None
    event.detail = "edited"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(pk=event.pk).update(detail="edited")
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.all().delete()
    assert SecurityEvent.objects.get().detail == ""


def test_removing_a_user_keeps_their_events_under_their_username(personas):
    from measures.tests import factories

    temp = factories.make_user("temporary")
    record_event(kind=Kind.SIGN_IN, user=temp)
    temp.delete()
    assert SecurityEvent.objects.filter(user=None, username="temporary").exists()


def test_administrators_see_their_notice_events_and_their_members_sign_ins_only(client, personas):
    record_event(kind=Kind.SIGN_IN, user=personas["officer"])
    record_event(kind=Kind.SIGN_IN_FAILED, username="observer")
    record_event(kind=Kind.SIGN_IN, user=personas["outsider"])  # a member of another notice only
    record_event(kind=Kind.EVIDENCE_DOWNLOAD, user=personas["outsider"], notice=None, detail="elsewhere")
    record_event(kind=Kind.PERMISSION_DENIED, user=personas["observer"], notice=personas.notice)
    client.force_login(personas["administrator"])
    rows = [(e.kind, e.username) for e in client.get(events_url(personas.notice)).context["page"]]
    assert ("sign_in", "outsider") not in rows and ("evidence_download", "outsider") not in rows
    for row in [
        ("sign_in", "officer"),
        ("sign_in_failed", "observer"),
        ("permission_denied", "observer"),
        ("sign_in", "administrator"),
    ]:
        assert row in rows


def test_the_events_page_filters_by_what_happened_and_who(client, personas):
    record_event(kind=Kind.SIGN_IN_FAILED, username="officer")
    record_event(kind=Kind.SIGN_IN_FAILED, username="chair")
    client.force_login(personas["administrator"])
    response = client.get(events_url(personas.notice, kind="sign_in_failed", username="offi"))
    assert [(e.kind, e.username) for e in response.context["page"]] == [("sign_in_failed", "officer")]
    assert "1 event." in response.content.decode()


def test_a_bad_date_filter_is_shown_as_an_error_not_ignored(client, personas):
    client.force_login(personas["administrator"])
    page = client.get(events_url(personas.notice, on_or_after="31/31/2015")).content.decode()
    assert "Enter the earliest date as a date, for example 21/05/2014." in page and 'value="31/31/2015"' in page


def test_the_csv_export_holds_the_filtered_events_with_formulas_neutralised(client, personas):
    record_event(kind=Kind.SIGN_IN_FAILED, username="officer", detail='=HYPERLINK("http://x")')
    record_event(kind=Kind.SIGN_IN, user=personas["officer"])
    client.force_login(personas["administrator"])
    response = client.get(reverse("audit:events-export", args=[personas.notice.pk]) + "?kind=sign_in_failed")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["When (UK time)", "What happened", "Username"]
    assert [[row[1], row[2], row[6]] for row in rows[1:]] == [["Sign-in failed", "officer", '\'=HYPERLINK("http://x")']]
    assert SecurityEvent.objects.filter(kind=Kind.EXPORT, notice=personas.notice).exists()


def test_the_events_page_takes_the_same_queries_however_many_events(client, personas, django_assert_num_queries):
    client.force_login(personas["administrator"])
    url = events_url(personas.notice)
    client.get(url)
    # session, user, membership; the count; the page of rows.
    with django_assert_num_queries(5):
        client.get(url)
    for n in range(120):
        record_event(kind=Kind.SIGN_IN_FAILED, username="officer", detail=f"attempt {n}")
    with django_assert_num_queries(5):
        response = client.get(url + "?page=2")
    assert len(response.context["page"]) == 50


def test_superusers_read_events_in_django_admin_but_cannot_change_them(client, personas):
    from measures.tests import factories

    boss = factories.make_user("boss", is_staff=True, is_superuser=True)
    event = record_event(kind=Kind.SIGN_IN, user=personas["chair"])
    assert event is not None
    client.force_login(boss)
    assert client.get(reverse("admin:audit_securityevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_securityevent_add")).status_code == 403
    assert client.post(reverse("admin:audit_securityevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403


def test_administrators_see_a_members_sign_ins_only_from_the_moment_they_joined(client, personas):
    # Security review (issue 13), finding 6: attaching an existing account must not open its past.
    from datetime import timedelta

    from django.utils import timezone

    from measures import services

    veteran = personas["outsider"]  # works for another council, long before joining this notice
    long_ago = timezone.now() - timedelta(days=400)
    SecurityEvent.objects.create(
        kind=Kind.SIGN_IN, user=veteran, username="outsider", ip_address="10.1.1.1", at=long_ago
    )
    SecurityEvent.objects.create(kind=Kind.SIGN_IN_FAILED, username="outsider", ip_address="10.1.1.2", at=long_ago)
    services.invitation_send(
        notice=personas.notice, name="Olive", email="olive@example.org", role="officer", organisation=None
    )
    invitation = personas.notice.invitations.get()
    token = "the-token"
    invitation.token_sha256 = services.invitation_token_hash(token)
    invitation.save()
    record_event(kind=Kind.SIGN_IN, user=veteran, detail="invited, not yet accepted")
    services.invitation_accept(token=token, user=veteran)
    record_event(kind=Kind.SIGN_IN, user=veteran, detail="after joining")
    client.force_login(personas["administrator"])
    page = client.get(events_url(personas.notice))
    rows = [(e.kind, e.username, e.detail) for e in page.context["page"]]
    assert ("sign_in", "outsider", "after joining") in rows
    assert ("sign_in_failed", "outsider", "") not in rows and ("sign_in", "outsider", "") not in rows
    assert ("sign_in", "outsider", "invited, not yet accepted") not in rows
    body = page.content.decode()
    assert "10.1.1.1" not in body and "10.1.1.2" not in body
    csv_body = client.get(reverse("audit:events-export", args=[personas.notice.pk])).getvalue().decode()
    assert "10.1.1.1" not in csv_body and "after joining" in csv_body
