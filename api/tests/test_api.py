"""The API's resources: who sees what, paging, filters, ETags, errors and the OpenAPI document."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from actions.tests import factories as action_factories
from api.tests.helpers import body, get, is_problem, make_token
from evidence.tests import factories as evidence_factories
from measures.models import Membership
from measures.tests import factories
from notice_tracker.lib import clock
from reporting.tests import report_factories
from reports.models import Report

Role = Membership.Role


def make_actions(personas, count: int, *, prefix: str = "A") -> list[Action]:
    return [
        action_factories.make_action(
            personas.notice, owner=personas["officer"], organisation=personas.organisation, reference=f"{prefix}-{i:03}"
        )
        for i in range(count)
    ]


@pytest.mark.django_db
def test_anonymous_callers_get_401_problem_details_not_a_sign_in_page(client, personas):
    for url in ["/api/v1/", "/api/v1/notices/", "/api/v1/openapi.json", "/api/v1/nowhere"]:
        response = client.get(url)
        assert is_problem(response, 401), url
        assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_a_signed_in_session_reads_the_api_but_not_before_its_second_factor(client, personas, settings):
    client.force_login(personas["chair"])
    assert client.get("/api/v1/notices/").status_code == 200
    settings.OTP_REQUIRED = True
    response = client.get("/api/v1/notices/")
    assert is_problem(response, 401)  # not the two-factor page's redirect, and no data


@pytest.mark.django_db
def test_lists_are_paged_with_counts_and_links(client, personas):
    make_actions(personas, 5)
    secret = make_token(personas["chair"])
    first = body(get(client, "/api/v1/actions/?limit=2", secret))
    assert first["count"] == 5 and first["previous"] is None
    assert [a["reference"] for a in first["results"]] == ["A-000", "A-001"]
    second = body(get(client, first["next"], secret))
    assert [a["reference"] for a in second["results"]] == ["A-002", "A-003"]
    assert second["previous"] == "http://testserver/api/v1/actions/?limit=2&offset=0"
    last = body(get(client, second["next"], secret))
    assert [a["reference"] for a in last["results"]] == ["A-004"] and last["next"] is None
    beyond = body(get(client, "/api/v1/actions/?offset=50", secret))
    assert beyond["count"] == 5 and beyond["results"] == []


@pytest.mark.django_db
def test_an_actions_updates_come_with_it(client, personas):
    (action,) = make_actions(personas, 1)
    action_factories.make_update(action, on=date(2014, 7, 1), note="Audit tool agreed.")
    action_factories.make_update(action, on=date(2014, 8, 1), percent_complete=50, note="First audits done.")
    data = body(get(client, f"/api/v1/actions/{action.pk}/", make_token(personas["observer"])))
    assert [u["note"] for u in data["updates"]] == ["First audits done.", "Audit tool agreed."]
    assert data["reference"] == "A-000" and data["notice"] == personas.notice.pk


@pytest.mark.django_db
def test_changed_since_returns_only_what_changed_at_or_after_the_moment(client, personas):
    old, changed = make_actions(personas, 2)
    moment = timezone.now()
    Action.history.filter(id=old.pk).update(history_date=moment - timedelta(days=2))
    Action.history.filter(id=changed.pk).update(history_date=moment - timedelta(days=2))
    action_factories.make_update(changed)  # a new progress update changes its action
    secret = make_token(personas["chair"])
    since = (moment - timedelta(seconds=1)).isoformat()
    data = body(client.get("/api/v1/actions/", {"changed_since": since}, HTTP_AUTHORIZATION=f"Bearer {secret}"))
    assert [a["id"] for a in data["results"]] == [changed.pk]
    # A moment without an offset is UK time; a date alone is midnight.
    everything = client.get("/api/v1/actions/", {"changed_since": "2000-01-01"}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert body(everything)["count"] == 2


@pytest.mark.django_db
def test_an_unchanged_answer_is_304_for_its_etag(client, personas):
    make_actions(personas, 2)
    secret = make_token(personas["chair"])
    first = get(client, "/api/v1/actions/", secret)
    etag = first["ETag"]
    assert etag.startswith('"')
    again = get(client, "/api/v1/actions/", secret, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert get(client, "/api/v1/actions/", secret, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    make_actions(personas, 1, prefix="B")  # a change: a new answer, a new tag
    changed = get(client, "/api/v1/actions/", secret, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/actions/?changed_since=yesterday",
        "/api/v1/actions/?changed_since=2015-02-30T10:00",
        "/api/v1/actions/?changed_since=0.5",  # pydantic would read Unix seconds; the API takes ISO 8601 only
        "/api/v1/actions/?limit=0",
        "/api/v1/actions/?limit=abc",
        "/api/v1/actions/?offset=-1",
        "/api/v1/actions/?offset=99999999999999999999999",
        "/api/v1/actions/?notice=abc",
        "/api/v1/actions/?notice=99999999999999999999999",
        "/api/v1/indicator-values/?indicator=0",
    ],
)
def test_bad_query_values_are_400_problem_details_naming_what_is_wrong(client, personas, url):
    response = get(client, url, make_token(personas["chair"]))
    assert is_problem(response, 400)
    name = url.split("?")[1].split("=")[0]
    assert name in body(response)["detail"]
    assert [e["name"] for e in body(response)["errors"]] == [name]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/actions/abc/",
        "/api/v1/actions/99999999999999999999/",
        "/api/v1/actions/999999/",
        "/api/v1/evidence/-1/",
        "/api/v1/notices/?notice=999999",
        "/api/v1/no-such-resource/",
        "/api/v1/reports/999999/pdf/",
    ],
)
def test_bad_ids_and_addresses_are_404_problem_details(client, personas, url):
    assert is_problem(get(client, url, make_token(personas["chair"])), 404)


@pytest.mark.django_db
def test_restricted_evidence_never_reaches_those_not_allowed(client, personas):
    notice = personas.notice
    partner_officer = factories.make_member(notice, Role.OFFICER, organisation=personas.partner)
    open_item = evidence_factories.make_item(notice, personas["officer"], title="Training record")
    secret = evidence_factories.make_item(
        notice, personas["officer"], restricted=True, title="Case file audit naming children"
    )

    def seen(user) -> set[int]:
        token = make_token(user)
        listed = {item["id"] for item in body(get(client, f"/api/v1/evidence/?notice={notice.pk}", token))["results"]}
        detail = get(client, f"/api/v1/evidence/{secret.pk}/", token)
        assert (detail.status_code == 200) == (secret.pk in listed)
        if detail.status_code != 200:
            assert is_problem(detail, 404)  # as if it did not exist
        return listed

    assert seen(personas["chair"]) == {open_item.pk, secret.pk}
    assert seen(personas["administrator"]) == {open_item.pk, secret.pk}
    assert seen(personas["officer"]) == {open_item.pk, secret.pk}  # the submitter's organisation
    assert seen(personas["observer"]) == {open_item.pk}
    assert seen(partner_officer) == {open_item.pk}
    # Nor anywhere else: no title of it in any answer the observer gets.
    observer = make_token(personas["observer"])
    for url in ["/api/v1/evidence/", "/api/v1/actions/", "/api/v1/duties/", "/api/v1/portfolio/", "/api/v1/notices/"]:
        assert b"naming children" not in get(client, url, observer).content, url


@pytest.mark.django_db
def test_evidence_files_are_linked_through_the_sites_checked_download(client, personas):
    item = evidence_factories.make_item(personas.notice, personas["officer"])
    data = body(get(client, f"/api/v1/evidence/{item.pk}/", make_token(personas["observer"])))
    (version,) = data["versions"]
    assert version["download_url"] == "http://testserver" + reverse(
        "evidence:revision-download", args=[personas.notice.pk, item.pk, 1]
    )
    client.force_login(personas["observer"])
    assert client.get(version["download_url"]).status_code == 200


@pytest.mark.django_db
def test_an_issued_reports_pdf_downloads_through_the_api_and_is_logged(client, personas):
    chair = personas["chair"]
    report = report_factories.issue_quickly(report_factories.make_report(personas.notice, chair), chair)
    draft = report_factories.make_report(personas.notice, chair, period=report_factories.Q2)
    observer = make_token(personas["observer"])
    listed = body(get(client, "/api/v1/reports/", observer))["results"]
    assert [r["id"] for r in listed] == [report.pk]  # never a draft
    assert is_problem(get(client, f"/api/v1/reports/{draft.pk}/", observer), 404)
    response = get(client, listed[0]["pdf_url"], observer)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == report_factories.TINY_PDF
    assert response["ETag"] == f'"{report.pdf_sha256}"'
    assert get(client, listed[0]["pdf_url"], observer, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert Report.objects.get(pk=report.pk).pdf_sha256 == listed[0]["pdf_sha256"]


@pytest.mark.django_db
def test_duties_come_from_the_notices_position(client, personas):
    from progress.position import current_position

    factories.make_duty(personas.notice)
    data = body(get(client, "/api/v1/duties/", make_token(personas["chair"])))
    (duty,) = data["results"]
    (position,) = current_position(personas.notice, on=clock.today()).duties
    assert duty["next_due_on"] == (position.due_on.isoformat() if position.due_on else None)
    assert duty["late_occurrences"] == position.late
    assert duty["report_occurrences"]  # the Chair's reports called for so far, and the next


@pytest.mark.django_db
def test_the_openapi_document_lists_every_resource(client, personas):
    client.force_login(personas["observer"])
    document = body(client.get("/api/v1/openapi.json"))
    paths = set(document["paths"])
    for resource in [
        "/api/v1/notices/",
        "/api/v1/notices/{notice_id}/",
        "/api/v1/portfolio/",
        "/api/v1/measures/",
        "/api/v1/requirements/",
        "/api/v1/actions/",
        "/api/v1/actions/{action_id}/",
        "/api/v1/evidence/",
        "/api/v1/evidence/{item_id}/",
        "/api/v1/indicators/",
        "/api/v1/indicator-values/",
        "/api/v1/duties/",
        "/api/v1/meetings/",
        "/api/v1/reports/",
        "/api/v1/reports/{report_id}/pdf/",
    ]:
        assert resource in paths, resource
    assert all(set(operations) == {"get"} for operations in document["paths"].values())  # read-only
    assert document["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    for operations in document["paths"].values():  # every error it can answer, as problem details
        responses = operations["get"]["responses"]
        assert {"400", "401", "404", "405", "429"} <= set(responses)
        assert "application/problem+json" in responses["401"]["content"]


@pytest.mark.django_db
def test_the_documentation_page_lists_every_operation_from_the_openapi_document(client, personas):
    client.force_login(personas["observer"])
    page = client.get("/api/v1/docs/").content.decode()
    schema = client.get("/api/v1/openapi.json").json()
    for address in schema["paths"]:
        assert f"GET {address}</code>" in page, address
    assert 'href="/api/v1/notices/"' in page  # "Read it" with the session
    assert "<script>" not in page  # no inline script: the CSP allows none
    client.logout()
    assert client.get("/api/v1/docs/")["Location"].startswith(reverse("login"))
