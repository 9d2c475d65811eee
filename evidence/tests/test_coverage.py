"""The evidence coverage matrix: exactly the accepted evidence each viewer may see, gaps shown."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards.tests.dashboard_data import make_item
from measures.models import Requirement
from measures.tests import factories
from notice_tracker.lib import clock
from progress.position import current_position


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


def cells(body: str, reference: str) -> str:
    """The row of the requirement with this reference."""
    start = body.index(f'<span class="requirement-ref">{reference}</span>')
    return body[start : body.index("</tr>", start)]


def test_matrix_counts_only_accepted_evidence(client, personas, scene):
    body = page(client, personas["chair"], scene[0])
    proved = cells(body, "3.1")
    assert "1 item<span" in proved and "of accepted qualitative evidence for requirement 3.1" in proved
    assert "of accepted quantitative evidence for requirement 3.1" in proved
    assert "Gap: no accepted evidence" in cells(body, "3.2")  # submitted, rejected, more needed: none counts
    for title in ("Accepted audit", "Submitted survey", "Rejected plan", "More needed audit"):
        assert title not in body  # counts, not titles: the list behind each count shows them


def test_each_count_links_to_the_evidence_list_showing_exactly_those_items(client, personas, scene):
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
    make_item(notice, by=personas["officer"], requirements=[requirement], title="Audit unreviewed", status="submitted")
    body = page(client, personas["chair"], notice)
    row = cells(body, "3.1")
    assert "5 items<span" in row  # "Accepted audit" and four more, all qualitative
    found = re.search(r'<a href="([^"]+)">5 items', row)
    assert found is not None
    url = found.group(1).replace("&amp;", "&")
    assert f"requirement={requirement.pk}" in url and "review_status=accepted" in url and "nature=qualitative" in url
    listed = client.get(url).content.decode()
    for title in ("Accepted audit", "Audit 1", "Audit 2", "Audit 3", "Audit 4"):
        assert title in listed
    assert "Audit unreviewed" not in listed and "Accepted figures" not in listed and "5 items" in listed


def test_an_organisation_filter_carries_into_the_links(client, personas, scene):
    body = page(client, personas["chair"], scene[0], organisation=personas.partner.pk)
    row = cells(body, "3.1")
    assert f"organisation={personas.partner.pk}" in row
    assert "of accepted quantitative evidence" in row and "of accepted qualitative evidence" not in row


def test_a_requirement_with_no_accepted_evidence_is_marked_as_a_gap(client, personas, scene):
    body = page(client, personas["chair"], scene[0])
    assert "Gap: no accepted evidence" in body[body.index("Children say they are listened to") :][:400]
    assert "Gap: no accepted evidence" not in body[body.index("Assessments are timely") :][:400]


def test_restricted_evidence_counts_only_for_those_allowed_to_see_it(client, personas, scene):
    assert "1 item<span" in cells(page(client, personas["chair"], scene[0]), "4.1")
    assert "1 item<span" in cells(page(client, personas["officer"], scene[0]), "4.1")  # their own organisation's
    row = cells(page(client, personas["observer"], scene[0]), "4.1")
    assert "1 item" not in row and "Gap: no accepted evidence" in row


def test_matrix_filters_by_measure(client, personas, scene):
    notice, measure, other = scene
    body = page(client, personas["chair"], notice, measure=measure.pk)
    assert "Assessments are timely" in body and 'requirement-ref">4.1' not in body


def test_a_measure_of_another_notice_is_refused_with_the_error_shown(client, personas, scene):
    foreign = factories.make_measure(factories.make_notice("Elsewhere"), "9")
    body = page(client, personas["chair"], scene[0], measure=foreign.pk)
    assert "Select a valid choice" in body


def test_an_outsider_gets_404(client, personas, scene):
    client.force_login(personas["outsider"])
    assert client.get(reverse("evidence:coverage", args=[scene[0].pk])).status_code == 404


def count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("evidence:coverage", args=[client.notice.pk]))
    return len(queries)


def test_matrix_query_count_does_not_grow_with_the_evidence(client, personas, scene):
    notice, measure, other = scene
    client.force_login(personas["chair"])
    client.notice = notice
    # A write's commit stores the notice's position (progress.refresh); tests' writes never commit.
    current_position(notice, on=clock.today())
    small = count(client)
    before = client.get(reverse("evidence:coverage", args=[notice.pk])).content.decode()
    for requirement in [*measure.requirements.all(), other]:
        for nature in ("qualitative", "quantitative", "qualitative"):
            make_item(notice, by=personas["officer"], requirements=[requirement], nature=nature)
    current_position(notice, on=clock.today())
    assert count(client) == small == 9  # with the position's mark, the kept table's key
    # The kept table moved with the mark: the new items are counted.
    after = client.get(reverse("evidence:coverage", args=[notice.pk])).content.decode()
    assert after.count(" items<span") > before.count(" items<span")
    assert summary(after) != summary(before) and summary(after).startswith("0 of ")  # counted with the table
    # Kept: the matrix is not read at all, only the session, user, membership, mark and the two filters' options.
    assert count(client) == 6


def summary(body: str) -> str:
    sentence = body[body.index("<p><strong>") :]
    return re.sub(r"<[^>]+>", "", sentence[: sentence.index("</p>")])
