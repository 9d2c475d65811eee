import io
from collections import Counter
from datetime import date

import pytest
from pypdf import PdfReader

from actions.models import Action
from demo import notices as demo
from demo.evidence import load_evidence, tiny_pdf
from evidence.models import EvidenceItem, EvidenceRevision
from evidence.tests.helpers import stored_files
from measures.models import Requirement


@pytest.fixture
def context(db):
    return demo.load_people(demo.import_medway_notice())


def test_demo_evidence_covers_every_measure_with_a_mix_of_states_and_runs_again_without_change(context, media_root):
    first = Requirement.objects.filter(measure__notice=context.notice).order_by("measure__position", "position").first()
    assert first is not None
    officer = context.users["officer"]
    action = Action.objects.create(
        notice=context.notice,
        reference="A-001",
        title="Audit practice monthly",
        owner=officer,
        created_by=officer,
        lead_organisation=next(iter(context.organisations.values())),
        start_on=date(2014, 6, 1),
        due_on=date(2014, 12, 1),
    )
    action.requirements.set([first])
    load_evidence(context)
    assert EvidenceItem.objects.filter(actions=action).exists()
    items = list(EvidenceItem.objects.filter(notice=context.notice).prefetch_related("requirements__measure"))
    measures = set(context.notice.measures.values_list("reference", flat=True))
    assert {r.measure.reference for item in items for r in item.requirements.all()} == measures
    statuses = Counter(item.review_status for item in items)
    assert set(statuses) == {"submitted", "accepted", "more_needed", "rejected"}
    assert any(item.restricted for item in items) and not all(item.restricted for item in items)
    assert EvidenceRevision.objects.filter(number=2).exists()
    files = len(stored_files(media_root))
    assert files == EvidenceRevision.objects.count()

    load_evidence(context)
    assert EvidenceItem.objects.count() == len(items) and len(stored_files(media_root)) == files
    assert "added" in context.log[-1]


def test_the_generated_pdf_is_a_valid_pdf():
    reader = PdfReader(io.BytesIO(tiny_pdf("Measure 2: audit (June)")))
    assert "Measure 2: audit (June)" in reader.pages[0].extract_text()
