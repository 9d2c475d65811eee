"""Restricted evidence (personal data): only the submitter's organisation, the Chair and administrators
ever learn it exists. Everyone else gets exactly what they would for an item that does not exist.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from evidence import selectors, services
from evidence.tests import factories
from measures.access import get_notice_access
from measures.models import Membership
from measures.tests import factories as measure_factories

Role = Membership.Role


@pytest.fixture
def restricted(personas):
    return factories.make_item(personas.notice, personas["officer"], title="Audit quoting case files", restricted=True)


@pytest.fixture
def police_officer(personas):
    return measure_factories.make_member(
        personas.notice, Role.OFFICER, username="police", organisation=personas.partner
    )


def pages(item):
    n, i = item.notice_id, item.pk
    return [
        reverse("evidence:item-detail", args=[n, i]),
        reverse("evidence:revision-download", args=[n, i, 1]),
        reverse("evidence:item-edit", args=[n, i]),
        reverse("evidence:item-revise", args=[n, i]),
        reverse("evidence:item-review", args=[n, i]),
        reverse("evidence:revision-preview", args=[n, i, 1, 1]),
    ]


def listed(client, notice) -> dict[str, bool]:
    """Whether the title is in the list page, the CSV export and the Excel export."""
    title = "Audit quoting case files"
    page = client.get(reverse("evidence:item-list", args=[notice.pk])).content.decode()
    csv = client.get(reverse("evidence:item-export", args=[notice.pk, "csv"])).content.decode("utf-8-sig")
    xlsx = client.get(reverse("evidence:item-export", args=[notice.pk, "xlsx"])).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    cells = {cell.value for row in sheet.iter_rows() for cell in row}
    return {"list": title in page, "csv": title in csv, "xlsx": title in cells}


@pytest.mark.parametrize("who", ["observer", "police"])
def test_restricted_evidence_is_invisible_to_observers_and_other_organisations(
    client, personas, restricted, police_officer, who
):
    user = police_officer if who == "police" else personas[who]
    client.force_login(user)
    assert listed(client, personas.notice) == {"list": False, "csv": False, "xlsx": False}
    for url in pages(restricted):
        assert client.get(url).status_code == 404, url


def test_an_observer_in_the_submitters_organisation_still_cannot_see_restricted_evidence(client, personas, restricted):
    assert Membership.objects.get(user=personas["observer"]).organisation == restricted.organisation
    client.force_login(personas["observer"])
    assert client.get(pages(restricted)[0]).status_code == 404


@pytest.mark.parametrize("who", ["officer", "chair", "administrator", "lead_member"])
def test_restricted_evidence_is_visible_to_the_submitters_organisation_the_chair_and_administrators(
    client, personas, restricted, who
):
    client.force_login(personas[who])
    assert listed(client, personas.notice) == {"list": True, "csv": True, "xlsx": True}
    assert client.get(pages(restricted)[0]).status_code == 200
    assert client.get(pages(restricted)[1]).status_code == 200
    assert client.get(pages(restricted)[-1]).status_code == 200  # its preview, as its download


def test_the_chair_sees_restricted_evidence_from_every_organisation(client, personas, police_officer):
    factories.make_item(personas.notice, police_officer, title="Audit quoting case files", restricted=True)
    client.force_login(personas["chair"])
    assert listed(client, personas.notice)["list"]
    client.force_login(personas["officer"])
    assert not listed(client, personas.notice)["list"]


def test_another_organisations_officer_can_read_but_not_change_unrestricted_evidence(client, personas, police_officer):
    item = factories.make_item(personas.notice, personas["officer"])
    client.force_login(police_officer)
    assert client.get(pages(item)[0]).status_code == 200
    assert client.get(pages(item)[2]).status_code == 403
    assert client.get(pages(item)[3]).status_code == 403


def test_a_published_document_never_holds_restricted_evidence(personas, restricted):
    measure = measure_factories.make_measure(personas.notice)
    requirement = measure_factories.make_requirement(measure)
    open_item = factories.make_item(personas.notice, personas["officer"], title="Open", requirements=[requirement])
    restricted.requirements.set([requirement])
    for item in (open_item, restricted):
        item.refresh_from_db()
        services.evidence_review(
            item=item, by=personas["chair"], decision="accepted", note="", expected_version=item.version
        )
    chair = get_notice_access(personas["chair"], personas.notice.pk)
    [for_chair] = selectors.accepted_evidence_by_requirement(personas.notice, viewer_access=chair)
    [for_pdf] = selectors.accepted_evidence_by_requirement(personas.notice, viewer_access=None)
    assert {i.title for i in for_chair.qualitative} == {"Open", "Audit quoting case files"}
    assert [i.title for i in for_pdf.qualitative] == ["Open"]
    assert list(selectors.publishable_evidence(personas.notice)) == [open_item]


def test_an_outsider_gets_404_for_every_evidence_page(client, personas):
    item = factories.make_item(personas.notice, personas["officer"])
    client.force_login(personas["outsider"])
    for url in [*pages(item), reverse("evidence:item-list", args=[personas.notice.pk])]:
        assert client.get(url).status_code == 404, url


def test_an_item_is_only_found_under_its_own_notice(client, personas):
    item = factories.make_item(personas.notice, personas["officer"])
    other = measure_factories.make_notice("Second Council")
    Membership.objects.create(user=personas["chair"], notice=other, role=Role.CHAIR)
    client.force_login(personas["chair"])
    assert client.get(reverse("evidence:item-detail", args=[other.pk, item.pk])).status_code == 404
