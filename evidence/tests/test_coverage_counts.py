"""The coverage matrix's stored counts follow every write to evidence, and read as counting the items would."""

import pytest
from django.db import transaction
from django.db.models import Count

from evidence import services
from evidence.coverage_selectors import coverage_matrix
from evidence.models import CoverageCount, EvidenceItem
from evidence.tests.factories import make_item
from measures.access import get_notice_access
from measures.tests import factories


def counted_live(access) -> dict:
    """The matrix's cells worked out from the items themselves, as the page did before counts were stored."""
    from evidence.access import visibility_filter

    accepted = EvidenceItem.objects.accepted().filter(visibility_filter(access), notice=access.notice)
    links = EvidenceItem.requirements.through.objects.filter(evidenceitem__in=accepted.values("pk"))
    return {
        (row["requirement_id"], row["evidenceitem__nature"]): row["n"]
        for row in links.values("requirement_id", "evidenceitem__nature").annotate(n=Count("evidenceitem_id"))
    }


def shown(access) -> dict:
    cells = {}
    for group in coverage_matrix(access):
        for row in group.rows:
            for nature, cell in (("qualitative", row.qualitative), ("quantitative", row.quantitative)):
                if cell.count:
                    cells[(row.requirement.pk, nature)] = cell.count
    return cells


@pytest.fixture
def scene(personas):
    measure = factories.make_measure(personas.notice, "3", heading="Improve assessments")
    return personas, factories.make_requirement(measure, "3.1"), factories.make_requirement(measure, "3.2")


def agree(personas) -> None:
    for role in ("chair", "officer", "observer", "administrator"):
        access = get_notice_access(personas[role], personas.notice.pk)
        assert shown(access) == counted_live(access), role


def test_the_stored_counts_follow_submit_review_edit_and_delete(scene):
    personas, first, second = scene
    officer, chair = personas["officer"], personas["chair"]
    item = make_item(personas.notice, officer, requirements=[first])
    restricted = make_item(personas.notice, officer, requirements=[first, second], restricted=True, title="Private")
    assert not CoverageCount.objects.exists()  # nothing accepted yet
    for one in (item, restricted):
        one.refresh_from_db()
        services.evidence_review(item=one, by=chair, decision="accepted", note="", expected_version=one.version)
    agree(personas)
    observer = get_notice_access(personas["observer"], personas.notice.pk)
    assert shown(observer) == {(first.pk, "qualitative"): 1}  # the restricted item counts for others only
    restricted.refresh_from_db()
    data = {f: getattr(restricted, f) for f in services.ITEM_FIELDS} | {"requirements": [second], "actions": []}
    services.evidence_update(item=restricted, by=officer, form_data=data, expected_version=restricted.version)
    agree(personas)  # the links changed: back to review, counted nowhere
    item.refresh_from_db()
    item.delete()
    agree(personas)
    assert not CoverageCount.objects.exists()


def test_a_rolled_back_write_leaves_the_counts_as_they_were(scene):
    personas, first, _ = scene
    item = make_item(personas.notice, personas["officer"], requirements=[first])
    item.refresh_from_db()
    services.evidence_review(
        item=item, by=personas["chair"], decision="accepted", note="", expected_version=item.version
    )
    before = list(CoverageCount.objects.values_list("requirement_id", "nature", "items"))
    with pytest.raises(RuntimeError), transaction.atomic():
        item.refresh_from_db()
        services.evidence_review(
            item=item, by=personas["chair"], decision="rejected", note="Not enough", expected_version=item.version
        )
        assert not CoverageCount.objects.exists()
        raise RuntimeError
    assert list(CoverageCount.objects.values_list("requirement_id", "nature", "items")) == before
    agree(personas)
