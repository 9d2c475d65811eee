"""The evidence coverage matrix: exactly the accepted evidence each viewer may see, gaps shown."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards.tests.dashboard_data import make_item
from measures.models import Requirement
from measures.tests import factories


@pytest.fixture
def scene(personas):
    notice, officer = personas.notice, personas["officer"]
    measure = factories.make_measure(notice, "3", heading="Improve assessments")
    proved = factories.make_requirement(measure, "3.1", text="Assessments are timely")
    gap = factories.make_requirement(
        measure, "3.2", text="Children say they are listened to", kind=Requirement.Kind.IMPACT
    )
    other = factories.make_requirement(factories.make_measure(notice, "4", heading="Voice of the child"), "4.1")
    make_item(notice, by=officer, requirements=[proved], title="Accepted audit", organisation=personas.organisation)
    make_item(
        notice,
        by=officer,
        requirements=[proved],
        title="Accepted figures",
        nature="quantitative",
        organisation=personas.partner,
    )
    make_item(notice, by=officer, requirements=[gap], title="Submitted survey", status="submitted")
    make_item(notice, by=officer, requirements=[gap], title="Rejected plan", status="rejected")
    make_item(notice, by=officer, requirements=[gap], title="More needed audit", status="more_needed")
    make_item(
        notice,
        by=officer,
        requirements=[other],
        title="Restricted case audit",
        restricted=True,
        organisation=personas.organisation,
    )
    return notice, measure, other


def page(client, user, notice, **params):
    client.force_login(user)
    response = client.get(reverse("evidence:coverage", args=[notice.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_matrix_shows_only_accepted_evidence(client, personas, scene):
    body = page(client, personas["chair"], scene[0])
    assert "Accepted audit" in body and "Accepted figures" in body
    for title in ("Submitted survey", "Rejected plan", "More needed audit"):
        assert title not in body


def test_a_requirement_with_no_accepted_evidence_is_marked_as_a_gap(client, personas, scene):
    body = page(client, personas["chair"], scene[0])
    assert "Gap: no accepted evidence" in body[body.index("Children say they are listened to") :][:400]
    assert "Gap: no accepted evidence" not in body[body.index("Assessments are timely") :][:400]


def test_restricted_evidence_counts_only_for_those_allowed_to_see_it(client, personas, scene):
    assert "Restricted case audit" in page(client, personas["chair"], scene[0])
    assert "Restricted case audit" in page(client, personas["officer"], scene[0])  # their own organisation's
    body = page(client, personas["observer"], scene[0])
    assert "Restricted case audit" not in body
    assert "Gap: no accepted evidence" in body[body.index("4.1") :][:600]


def test_matrix_filters_by_measure(client, personas, scene):
    notice, measure, other = scene
    body = page(client, personas["chair"], notice, measure=measure.pk)
    assert "Assessments are timely" in body and "Restricted case audit" not in body


def test_matrix_filters_by_organisation(client, personas, scene):
    body = page(client, personas["chair"], scene[0], organisation=personas.partner.pk)
    assert "Accepted figures" in body and "Accepted audit" not in body


def test_a_measure_of_another_notice_is_refused_with_the_error_shown(client, personas, scene):
    foreign = factories.make_measure(factories.make_notice("Elsewhere"), "9")
    body = page(client, personas["chair"], scene[0], measure=foreign.pk)
    assert "Select a valid choice" in body


def test_an_outsider_gets_404(client, personas, scene):
    client.force_login(personas["outsider"])
    assert client.get(reverse("evidence:coverage", args=[scene[0].pk])).status_code == 404


def test_a_full_cell_links_to_the_rest_of_its_evidence(client, personas, scene):
    notice, measure, _ = scene
    requirement = measure.requirements.get(reference="3.1")
    for month in range(1, 5):
        make_item(
            notice,
            by=personas["officer"],
            requirements=[requirement],
            title=f"Audit {month}",
            covers_from=date(2015, month, 1),
        )
    body = page(client, personas["chair"], notice)
    assert "Audit 4" in body and "Audit 1" not in body  # the newest three
    assert "and 2 more" in body


def count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("evidence:coverage", args=[client.notice.pk]))
    return len(queries)


def test_matrix_query_count_does_not_grow_with_the_evidence(client, personas, scene):
    notice, measure, other = scene
    client.force_login(personas["chair"])
    client.notice = notice
    small = count(client)
    for requirement in [*measure.requirements.all(), other]:
        for nature in ("qualitative", "quantitative", "qualitative"):
            make_item(notice, by=personas["officer"], requirements=[requirement], nature=nature)
    assert count(client) == small == 9
