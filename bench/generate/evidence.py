"""Evidence items with small real files, their links, revisions and reviews.

Files follow evidence/models.py and evidence/services.py: each revision's file is stored under
its own random name (`evidence/<notice>/<32 hex>`) with its size and SHA-256. A few dozen tiny
PDFs and CSVs are made once and their bytes written again under each name, straight to
MEDIA_ROOT (the storage API's name-collision checks would only slow 20,000 writes).
"""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings

from bench.generate.base import LAST_DAY, Context, Stage, aware, bulk, pick, random_name, scaled, with_history
from demo.evidence import tiny_csv, tiny_pdf
from evidence.coverage_counts import refresh_coverage_counts
from evidence.models import EvidenceItem, EvidenceReview, EvidenceRevision

Kind, Nature, Status = EvidenceItem.Kind, EvidenceItem.Nature, EvidenceItem.Status
QUALITATIVE = [
    Kind.CASE_FILE_AUDIT,
    Kind.MULTI_AGENCY_AUDIT,
    Kind.PRACTICE_OBSERVATION,
    Kind.CHILD_FAMILY_FEEDBACK,
    Kind.PARTNER_FEEDBACK,
    Kind.MINUTES,
    Kind.POLICY,
    Kind.TRAINING_RECORD,
]
QUANTITATIVE = [Kind.PERFORMANCE_REPORT, Kind.DATASET]
STATUS_WEIGHTS = [(Status.ACCEPTED, 50), (Status.SUBMITTED, 25), (Status.MORE_NEEDED, 15), (Status.REJECTED, 10)]
NOTES: dict[str, str] = {
    Status.ACCEPTED: "",
    Status.MORE_NEEDED: "Please add the figures for the most recent quarter and say how the sample was chosen.",
    Status.REJECTED: "This describes the plan rather than its impact on children; resubmit when there is evidence of change.",
}
MONTHS = [date(2014, month, 1) for month in range(6, 13)] + [date(2015, 1, 1), date(2015, 2, 1)]
POOL = 24  # distinct files of each type


@dataclass(frozen=True)
class Blob:
    content: bytes
    sha256: str
    name: str
    content_type: str


def file_pool() -> list[Blob]:
    blobs = []
    for number in range(POOL):
        pdf = tiny_pdf(f"Benchmark audit of practice, sample {number}: findings, actions and impact on children.")
        csv = tiny_csv(
            [
                ("month", "cases", "within_timescale_percent"),
                *((f"2014-{m:02d}", 40 + number + m, 60 + m) for m in range(6, 13)),
            ]
        )
        blobs.append(Blob(pdf, hashlib.sha256(pdf).hexdigest(), f"audit-{number:02d}.pdf", "application/pdf"))
        blobs.append(Blob(csv, hashlib.sha256(csv).hexdigest(), f"figures-{number:02d}.csv", "text/csv"))
    return blobs


def generate(ctx: Context) -> None:
    rows = []
    for notice, count in zip(ctx.notices, ctx.share(scaled("evidence_items", ctx.scale)), strict=True):
        rows += [_item(ctx, notice, number) for number in range(count)]
    with Stage(ctx, "evidence items") as stage:
        items = bulk(EvidenceItem, rows, stage=stage, say=ctx.say)
    _links(ctx, items)
    revisions = _revisions(ctx, items)
    _set_current(ctx, items, revisions)
    _reviews(ctx, items, revisions)
    # The links went in without history (no signal): the coverage matrix's counts are worked out once, here.
    refresh_coverage_counts([notice.pk for notice in ctx.notices])


def _item(ctx: Context, notice, number: int) -> EvidenceItem:
    rng = ctx.rng
    nature = Nature.QUANTITATIVE if rng.random() < 0.4 else Nature.QUALITATIVE
    kind = rng.choice(QUANTITATIVE if nature == Nature.QUANTITATIVE else QUALITATIVE)
    month = rng.choice(MONTHS)
    end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    submitter = rng.choice(ctx.officers[notice.pk])
    link_only = rng.random() < 0.1
    item = EvidenceItem(
        notice=notice,
        title=f"{Kind(kind).label} {number + 1}, {month:%B %Y}",
        description="Benchmark evidence: what was looked at, how the sample was chosen and what it shows.",
        kind=kind,
        nature=nature,
        covers_from=month,
        covers_to=end,
        link=f"https://example.org/benchmark/evidence/{notice.pk}/{number}" if link_only or rng.random() < 0.05 else "",
        submitted_by=submitter,
        organisation=ctx.member_organisation[(notice.pk, submitter.pk)],
        submitted_at=aware(min(end + timedelta(days=rng.randint(1, 20)), LAST_DAY)),
        restricted=nature == Nature.QUALITATIVE and rng.random() < 0.2,
        review_status=rng.choices([s for s, _ in STATUS_WEIGHTS], weights=[w for _, w in STATUS_WEIGHTS])[0],
    )
    item._link_only = link_only  # type: ignore[attr-defined]  # not a field: read by _revisions
    return with_history(item, by=submitter, on=item.submitted_at)


def _links(ctx: Context, items: list[EvidenceItem]) -> None:
    rng = ctx.rng
    with Stage(ctx, "evidence links") as stage:
        requirement_links = [
            EvidenceItem.requirements.through(evidenceitem_id=item.pk, requirement_id=requirement.pk)
            for item in items
            for requirement in pick(rng, ctx.requirements[item.notice_id], rng.randint(1, 2))
        ]
        action_links = [
            EvidenceItem.actions.through(evidenceitem_id=item.pk, action_id=action.pk)
            for item in items
            for action in pick(rng, ctx.actions.get(item.notice_id, []), rng.randint(0, 2))
        ]
        EvidenceItem.requirements.through.objects.bulk_create(requirement_links, batch_size=5000)
        EvidenceItem.actions.through.objects.bulk_create(action_links, batch_size=5000)
        stage.rows = len(requirement_links) + len(action_links)


def _revisions(ctx: Context, items: list[EvidenceItem]) -> dict[int, list[EvidenceRevision]]:
    """One file per item (none for link-only items); one in ten sent back for more has a second."""
    rng, pool = ctx.rng, file_pool()
    media = Path(settings.MEDIA_ROOT)
    rows = []
    with Stage(ctx, "evidence files written") as files:
        for item in items:
            if item._link_only:  # type: ignore[attr-defined]  # set by _item
                continue
            versions = 2 if item.review_status in (Status.MORE_NEEDED, Status.SUBMITTED) and rng.random() < 0.3 else 1
            for number in range(1, versions + 1):
                blob = rng.choice(pool)
                name = f"evidence/{item.notice_id}/{random_name(rng)}"
                _write(media / name, blob.content, ctx)
                when = item.submitted_at + timedelta(days=10 * (number - 1))
                rows.append(
                    with_history(
                        EvidenceRevision(
                            item=item,
                            number=number,
                            file=name,
                            original_name=blob.name,
                            content_type=blob.content_type,
                            size=len(blob.content),
                            sha256=blob.sha256,
                            uploaded_by=item.submitted_by,
                            uploaded_at=when,
                        ),
                        by=item.submitted_by,
                        on=when,
                    )
                )
        files.rows = len(rows)
    with Stage(ctx, "evidence revisions") as stage:
        created = bulk(EvidenceRevision, rows, stage=stage, say=ctx.say)
    by_item: dict[int, list[EvidenceRevision]] = {}
    for revision in created:
        by_item.setdefault(revision.item_id, []).append(revision)
    return by_item


def _write(path: Path, content: bytes, ctx: Context) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    ctx.files_written.append(str(path))


def _set_current(ctx: Context, items: list[EvidenceItem], revisions: dict[int, list[EvidenceRevision]]) -> None:
    """As evidence_submit does: the item is saved, then pointed at its file (a second history row)."""
    changed = []
    for item in items:
        if item.pk in revisions:
            item.current_revision = revisions[item.pk][-1]
            item.version = len(revisions[item.pk]) + (item.review_status != Status.SUBMITTED)
            changed.append(item)
    with Stage(ctx, "evidence current file set") as stage:
        for start in range(0, len(changed), 2000):
            EvidenceItem.objects.bulk_update(changed[start : start + 2000], ["current_revision", "version"])
            if len(changed) > 2000:
                ctx.say(f"    EvidenceItem current file: {min(start + 2000, len(changed)):,} / {len(changed):,}")
        stage.rows = len(changed)


def _reviews(ctx: Context, items: list[EvidenceItem], revisions: dict[int, list[EvidenceRevision]]) -> None:
    rows = []
    for item in items:
        if item.review_status == Status.SUBMITTED:
            continue
        chair = ctx.chair[item.notice_id]
        decided = min(item.submitted_at + timedelta(days=ctx.rng.randint(3, 25)), aware(LAST_DAY))
        current = revisions.get(item.pk, [None])[-1]
        rows.append(
            with_history(
                EvidenceReview(
                    item=item,
                    revision=current,
                    item_version=item.version,
                    decision=item.review_status,
                    note=NOTES[item.review_status],
                    reviewer=chair,
                    decided_at=decided,
                ),
                by=chair,
                on=decided,
            )
        )
    with Stage(ctx, "evidence reviews") as stage:
        bulk(EvidenceReview, rows, stage=stage, say=ctx.say)
