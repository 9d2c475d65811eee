"""Demo evidence for the Medway notice: every measure gets a qualitative and a quantitative item,
with small real files generated here, in a mix of review states; a few are restricted.

Deterministic and idempotent: items are found again by title, so a second run adds nothing.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from actions.models import Action
from evidence import services
from evidence.models import EvidenceItem, EvidenceReview
from measures.models import Measure, Membership
from notice_tracker.lib.dates import at_hour
from notice_tracker.lib.uploads import CheckedFile, check_upload

Kind, Nature, Decision = EvidenceItem.Kind, EvidenceItem.Nature, EvidenceItem.Status
SUBMITTERS = ["officer", "health.officer", "police.officer", "earlyhelp.officer"]
# What happens to the items in turn: a review decision (or none) and its note.
OUTCOMES = [
    ("accepted", ""),
    ("accepted", "Clear and well evidenced."),
    (None, ""),
    ("more_needed", "Please add the figures for the most recent quarter and say how the sample was chosen."),
    ("accepted", ""),
    (
        "rejected",
        "This describes the plan rather than its impact on children; resubmit when there is evidence of change.",
    ),
]
QUALITATIVE_KINDS = [
    Kind.CASE_FILE_AUDIT,
    Kind.PRACTICE_OBSERVATION,
    Kind.CHILD_FAMILY_FEEDBACK,
    Kind.MULTI_AGENCY_AUDIT,
    Kind.PARTNER_FEEDBACK,
]


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF showing `text` (Helvetica, so Latin-1 only)."""
    safe = text.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 14 Tf 72 760 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def tiny_csv(rows: list[tuple]) -> bytes:
    return "\n".join(",".join(str(v) for v in row) for row in rows).encode() + b"\n"


def checked(content: bytes, name: str) -> CheckedFile:
    upload = SimpleUploadedFile(name, content)
    return check_upload(upload, name=name, size=upload.size, max_bytes=25 * 1024 * 1024)


def load_evidence(context) -> None:
    notice = context.notice
    measures = list(Measure.objects.filter(notice=notice).prefetch_related("requirements").order_by("position"))
    existing = set(EvidenceItem.objects.filter(notice=notice).values_list("title", flat=True))
    memberships = {
        m.user.username: m for m in Membership.objects.filter(notice=notice).select_related("user", "organisation")
    }
    actions = list(Action.objects.filter(notice=notice).prefetch_related("requirements").order_by("reference"))
    created = 0
    for index, measure in enumerate(measures):
        for spec in _specs(index, measure):
            if spec["title"] in existing:
                continue
            _create(
                spec, notice=notice, membership=memberships[spec["by"]], chair=context.users["chair"], actions=actions
            )
            created += 1
    context.log.append(f"Evidence: {created} item{'s' if created != 1 else ''} added ({len(existing)} already there).")


def _specs(index: int, measure: Measure) -> list[dict]:
    requirements = sorted(measure.requirements.all(), key=lambda r: r.position)
    impact = [r for r in requirements if r.kind == "impact"] or requirements
    month = 6 + index % 9  # one month per measure, June 2014 to February 2015
    start = date(2014 + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    ref = measure.reference
    return [
        {
            "title": f"Audit of practice for measure {ref}, {start:%B %Y}",
            "kind": QUALITATIVE_KINDS[index % len(QUALITATIVE_KINDS)],
            "nature": Nature.QUALITATIVE,
            "covers_from": start,
            "covers_to": end,
            "requirements": requirements[:2],
            "restricted": index % 3 == 0,  # audits quote case files: personal data
            "by": SUBMITTERS[index % len(SUBMITTERS)],
            "outcome": OUTCOMES[index % len(OUTCOMES)],
            "file": (
                tiny_pdf(f"Measure {ref}: audit of practice, {start:%B %Y}. Findings and actions."),
                f"audit-measure-{ref}.pdf",
            ),
        },
        {
            "title": f"Performance figures for measure {ref}, {start:%B %Y}",
            "kind": Kind.PERFORMANCE_REPORT if index % 2 else Kind.DATASET,
            "nature": Nature.QUANTITATIVE,
            "covers_from": start,
            "covers_to": end,
            "requirements": impact[:2],
            "restricted": False,
            "by": SUBMITTERS[(index + 1) % len(SUBMITTERS)],
            "outcome": OUTCOMES[(index + 2) % len(OUTCOMES)],
            "file": (
                tiny_csv(
                    [
                        ("month", "measure", "cases", "within_timescale_percent"),
                        (f"{start:%Y-%m}", ref, 40 + index * 3, 62 + index * 2),
                    ]
                ),
                f"figures-measure-{ref}.csv",
            ),
            "link": f"https://example.org/medway/performance/measure-{ref}" if index % 4 == 1 else "",
        },
    ]


@transaction.atomic
def _create(spec: dict, *, notice, membership: Membership, chair, actions: list[Action]) -> EvidenceItem:
    content, name = spec["file"]
    wanted = {r.pk for r in spec["requirements"]}
    linked_actions = [a for a in actions if wanted & {r.pk for r in a.requirements.all()}][:2]
    form_data = {
        "title": spec["title"],
        "description": f"Demo evidence submitted by {membership.organisation or 'the Board'}.",
        "kind": spec["kind"],
        "nature": spec["nature"],
        "covers_from": spec["covers_from"],
        "covers_to": spec["covers_to"],
        "link": spec.get("link", ""),
        "restricted": spec["restricted"],
        "requirements": spec["requirements"],
        "actions": linked_actions,
        "file": checked(content, name),
    }
    item = services.evidence_submit(
        notice=notice, by=membership.user, organisation=membership.organisation, form_data=form_data
    )
    _dated(item, spec["covers_to"] or spec["covers_from"])
    decision, note = spec["outcome"]
    if decision:
        services.evidence_review(item=item, by=chair, decision=decision, note=note, expected_version=item.version)
    if decision == "more_needed" and spec["nature"] == Nature.QUALITATIVE:
        # The submitter answers with a second version, which goes back for review.
        item.refresh_from_db()
        services.evidence_add_revision(
            item=item,
            by=membership.user,
            expected_version=item.version,
            upload=checked(content + _addendum(name), name),
        )
    # Decided a week after it came in, as the Board's cycle ran.
    decided = min(item.submitted_at + timedelta(days=7), at_hour(date(2015, 2, 27), 9))
    EvidenceReview.objects.filter(item=item).update(decided_at=decided)
    return item


def _addendum(name: str) -> bytes:
    if name.endswith(".csv"):
        return b"latest quarter,,,\n"
    return b"\n% Revised with the latest quarter's figures.\n"


def _dated(item: EvidenceItem, covered_to: date) -> None:
    """Submitted a fortnight after the period it covers (never after the demo's end), so the
    demo's timestamps read as 2014–15 rather than the day it was loaded."""
    on = min(covered_to + timedelta(days=14), date(2015, 2, 26))
    at = at_hour(on)
    EvidenceItem.objects.filter(pk=item.pk).update(submitted_at=at)
    item.submitted_at = at
