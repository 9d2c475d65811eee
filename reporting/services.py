"""Every write to the statutory reports. Drafts change freely (with history and optimistic
locking); issuing writes the row once and for all; builds record their progress on the row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from audit.services import record_event
from measures.models import Measure, Notice
from notice_tracker.lib.concurrency import lock_current
from notice_tracker.lib.history import save_as, set_history_user
from progress.selectors import Judgement, latest_judgements
from reporting.selectors import section_plan
from reports.models import IssuedReportError, Report, ReportSection, report_upload_to

Build = Report.Build
REPORT_FIELDS = ["executive_summary", "overall_judgement", "mscb_assessment", "next_steps", "correction_note"]
FILE_SLUGS: dict[str, str] = {
    Report.Kind.CHAIR: "chair-report",
    Report.Kind.REVIEW_PACK: "dfe-review-pack",
    Report.Kind.MSCB: "mscb-update",
    Report.Kind.LEAD_MEMBER: "lead-member-report",
}


def _check_period(*, notice: Notice, period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise ValidationError({"period_end": "The period must end on or after the day it starts."})
    if period_start < notice.issued_on:
        raise ValidationError(
            {"period_start": f"The period cannot start before the notice was issued ({notice.issued_on:%-d %B %Y})."}
        )


DRAFT_EXISTS = "A draft of this report for this period is already started: open it from the reports list."


def draft_for(*, notice: Notice, kind: str, period_start: date, period_end: date) -> Report | None:
    """The draft already started of this kind for exactly this period, if any."""
    return (
        Report.objects.drafts()
        .filter(notice=notice, kind=kind, period_start=period_start, period_end=period_end)
        .first()
    )


@transaction.atomic
def report_create(
    *,
    notice: Notice,
    by: User,
    kind: str,
    period_start: date,
    period_end: date,
    supersedes: Report | None = None,
    correction_note: str = "",
) -> Report:
    """Start a draft with its sections: one per measure (or the MSCB update's headings).

    A correction (`supersedes`) starts from the issued report's words, for the same kind and period.
    """
    _check_period(notice=notice, period_start=period_start, period_end=period_end)
    if draft_for(notice=notice, kind=kind, period_start=period_start, period_end=period_end):
        raise ValidationError(DRAFT_EXISTS)
    if supersedes is not None:
        if not supersedes.is_issued or supersedes.notice_id != notice.pk or supersedes.kind != kind:
            raise ValidationError("Only an issued report of the same kind on this notice can be corrected.")
        if Report.objects.filter(supersedes=supersedes).exists():
            raise ValidationError("A correction of this report has already been started.")
    report = Report(
        notice=notice,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        author=by,
        supersedes=supersedes,
        correction_note=correction_note,
    )
    if supersedes is not None:
        for field in REPORT_FIELDS[:-1]:
            setattr(report, field, getattr(supersedes, field))
    set_history_user(report, by)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # the same draft started at the same moment by someone else
        raise ValidationError(DRAFT_EXISTS) from None
    written = {s.measure_id or s.heading: s for s in supersedes.sections.all()} if supersedes else {}
    # The Chair's own monthly judgements start her report's, so the two never drift apart unseen.
    judged = latest_judgements(notice, on=period_end) if kind in CHAIRS_KINDS and supersedes is None else {}
    sections = []
    for position, plan in enumerate(section_plan(notice, kind), start=1):
        old = written.get(plan["measure"].pk if plan["measure"] else plan["heading"])
        sections.append(
            ReportSection(
                report=report,
                position=position,
                measure=plan["measure"],
                heading=plan["heading"],
                judgement=old.judgement if old else _judged(judged, plan["measure"]),
                narrative=old.narrative if old else "",
            )
        )
    ReportSection.objects.bulk_create(sections)
    return report


CHAIRS_KINDS = {Report.Kind.CHAIR, Report.Kind.REVIEW_PACK}


def _judged(judged: dict[int, Judgement], measure: Measure | None) -> str:
    judgement = judged.get(measure.pk) if measure is not None else None
    return judgement.rag if judgement else ""


def _refuse_frozen(report: Report) -> None:
    if report.is_issued:
        raise IssuedReportError()
    if report.is_issuing:
        raise ValidationError("The report is being issued; it cannot be changed now.")


@transaction.atomic
def report_update(
    *, report: Report, by: User, form_data: dict[str, Any], sections: dict[int, dict[str, str]], expected_version: int
) -> Report:
    """Save the author's words. `sections` maps a section's id to its `judgement` and `narrative`.

    Raises StaleEdit if someone saved the report after `expected_version` was read.
    """
    current = lock_current(Report, report.pk, expected_version=expected_version)
    _refuse_frozen(current)
    for field in REPORT_FIELDS:
        if field in form_data:
            setattr(current, field, form_data[field] or "")
    current.version += 1
    save_as(current, by)
    for section in ReportSection.objects.filter(report=current, pk__in=list(sections)):
        wanted = sections[section.pk]
        if (section.judgement, section.narrative) != (wanted.get("judgement", ""), wanted.get("narrative", "")):
            section.judgement, section.narrative = wanted.get("judgement", ""), wanted.get("narrative", "")
            save_as(section, by)
    return current


@transaction.atomic
def late_reason_record(*, report: Report, by: User, reason: str) -> Report:
    """Record why a report is issued after its due date, just before it is issued (it is printed in it)."""
    current = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_frozen(current)
    if current.late_reason != reason:
        current.late_reason = reason
        current.version += 1
        save_as(current, by)
    return current


@transaction.atomic
def report_delete(*, report: Report, by: User) -> None:
    """Delete a draft (an issued report refuses, in the model and in the database)."""
    current = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_frozen(current)
    draft_file = current.draft_file.name
    set_history_user(current, by)
    current.delete()
    if draft_file:
        transaction.on_commit(lambda: default_storage.delete(draft_file))


# ------------------------------------------------------------------------------------ builds


# Build bookkeeping is written through the plain manager: it is not part of the record, so it
# leaves no history rows (the fields are excluded from the history anyway). Every such write
# is limited to drafts, and the database refuses any write to an issued row regardless.
def _bookkeeping() -> QuerySet[Report]:
    return Report._base_manager.filter(status=Report.Status.DRAFT)


@transaction.atomic
def build_requested(*, report: Report, by: User, final: bool, job_id: str = "") -> Report:
    """Record that a draft PDF (or the final one, which issues the report) has been asked for."""
    current = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_frozen(current)
    if current.is_under_way:  # a stalled build (no worker, or a dead one) may be asked for again
        raise ValidationError("A PDF of this report is already being built; wait for it to finish.")
    changes = {
        "build_status": Build.QUEUED,
        "build_final": final,
        "build_error": "",
        "build_requested_at": timezone.now(),
        "build_requested_by": by,
        "build_job_id": job_id,
    }
    _bookkeeping().filter(pk=current.pk).update(**changes)
    for field, value in changes.items():
        setattr(current, field, value)
    return current


def build_started(report_pk: int) -> Report | None:
    """Mark the build running; None when there is nothing to build (the report was issued or deleted meanwhile)."""
    if not _bookkeeping().filter(pk=report_pk).update(build_status=Build.RUNNING):
        return None
    return Report.objects.select_related("notice__authority", "author", "supersedes__author").get(pk=report_pk)


def build_failed(report_pk: int, *, error: str) -> None:
    _bookkeeping().filter(pk=report_pk).update(build_status=Build.FAILED, build_error=error[:2000])


@contextmanager
def _stored_file_removed_on_failure(pdf: bytes) -> Iterator[str]:
    """Store the PDF under a random name; remove it again if the write that records it does not commit."""
    name = default_storage.save(report_upload_to(None, "report.pdf"), ContentFile(pdf))
    try:
        yield name
    except BaseException:
        default_storage.delete(name)
        raise


def draft_pdf_store(*, report_pk: int, pdf: bytes) -> None:
    """Keep the latest draft PDF (the previous one is removed)."""
    with _stored_file_removed_on_failure(pdf) as name, transaction.atomic():
        old = _bookkeeping().select_for_update().filter(pk=report_pk).values_list("draft_file", flat=True).first()
        if old is None:
            raise IssuedReportError("The report was issued or deleted while its draft was being built.")
        _bookkeeping().filter(pk=report_pk).update(
            draft_file=name, draft_built_at=timezone.now(), build_status=Build.DONE
        )
        if old:
            transaction.on_commit(lambda: default_storage.delete(old))


def file_name(report: Report, *, on: date | None = None, draft: bool = False, extension: str = "pdf") -> str:
    """'medway-council-chair-report-2014-08-21.pdf': the authority, the kind and the issue date."""
    day = on or report.issued_on or report.period_end
    return f"{slugify(report.notice.authority.name)}-{FILE_SLUGS[report.kind]}-{day:%Y-%m-%d}{'-DRAFT' if draft else ''}.{extension}"


def report_issue(*, report_pk: int, by: User, on: date, pdf: bytes, snapshot: dict[str, Any]) -> Report:
    """Issue the report: store the PDF with its SHA-256 and the data it was built from. Happens once.

    The row is written for the last time here: from now on the model and the database refuse
    every change. The draft PDF goes (it is not part of the record).
    """
    with _stored_file_removed_on_failure(pdf) as name, transaction.atomic():
        current = Report.objects.select_for_update().select_related("notice__authority").get(pk=report_pk)
        if current.is_issued:
            raise IssuedReportError("This report has already been issued.")
        draft_file = current.draft_file.name
        current.status, current.issued_on, current.issued_at, current.issued_by = (
            Report.Status.ISSUED,
            on,
            timezone.now(),
            by,
        )
        current.pdf_file.name, current.pdf_size, current.pdf_sha256 = name, len(pdf), hashlib.sha256(pdf).hexdigest()
        current.pdf_name, current.snapshot = file_name(current, on=on), snapshot
        current.draft_file.name, current.draft_built_at = "", None
        current.build_status, current.build_error = Build.DONE, ""
        save_as(current, by)
        record_event(
            kind="report_issued",
            notice=current.notice,
            obj=current,
            user=by,
            detail=f"{current.pdf_name} SHA-256 {current.pdf_sha256}",
        )
        if draft_file:
            transaction.on_commit(lambda: default_storage.delete(draft_file))
    return current


def sha256_of_stored(report: Report) -> str:
    """The SHA-256 of the bytes stored now: equal to `report.pdf_sha256` unless the file was tampered with."""
    digest = hashlib.sha256()
    with report.pdf_file.open("rb") as stored:
        for chunk in iter(lambda: stored.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()
