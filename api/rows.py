"""What the API answers for each record: plain data for the schemas in api/schemas.py."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from actions.models import Action
from api.selectors import Positions, absolute, person_name
from evidence.access import revision_downloadable, revision_listed
from evidence.models import EvidenceItem
from indicators.models import Indicator, IndicatorValue
from measures.access import NoticeAccess
from measures.models import Measure, Requirement
from meetings.models import BoardMeeting
from reports.models import Report


def notice_row(request: HttpRequest, access: NoticeAccess, positions: Positions) -> dict[str, Any]:
    notice = access.notice
    return {
        "id": notice.pk,
        "authority": notice.authority.name,
        "title": notice.title,
        "issued_on": notice.issued_on,
        "issuer": notice.issuer,
        "status": notice.status,
        "lifted_on": notice.lifted_on,
        "delivery_deadline": notice.delivery_deadline,
        "my_role": access.role,
        "overall_rag": positions(notice).overall_rag,
        "url": absolute(request, notice.get_absolute_url()),
    }


def measure_row(request: HttpRequest, measure: Measure, positions: Positions) -> dict[str, Any]:
    rollup = next((m for m in positions(measure.notice).rollup.measures if m.measure.pk == measure.pk), None)
    return {
        "id": measure.pk,
        "notice": measure.notice_id,
        "reference": measure.reference,
        "printed_number": measure.printed_number,
        "heading": measure.heading,
        "intro": measure.intro,
        "position": measure.position,
        "rag": rollup.rag if rollup else "",
        "trend": rollup.trend if rollup else "",
        "url": absolute(request, measure.get_absolute_url()),
    }


def requirement_row(requirement: Requirement) -> dict[str, Any]:
    return {
        "id": requirement.pk,
        "notice": requirement.measure.notice_id,
        "measure": requirement.measure_id,
        "measure_reference": requirement.measure.reference,
        "reference": requirement.reference,
        "subheading": requirement.subheading,
        "text": requirement.text,
        "kind": requirement.kind,
        "position": requirement.position,
    }


def action_row(request: HttpRequest, action: Action, positions: Positions) -> dict[str, Any]:
    row = next((a for a in positions(action.notice).actions if a.pk == action.pk), None)
    return {
        "id": action.pk,
        "notice": action.notice_id,
        "reference": action.reference,
        "title": action.title,
        "description": action.description,
        "status": action.status,
        "owner": person_name(action.owner),
        "lead_organisation": action.lead_organisation.name,
        "start_on": action.start_on,
        "due_on": action.due_on,
        "completed_on": action.completed_on,
        "percent_complete": action.percent_complete,
        "rag": row.rag if row else "",
        "overdue": row.overdue if row else False,
        "requirements": [r.pk for r in action.requirements.all()],
        "updated_at": action.updated_at,
        "updates": [
            {
                "id": update.pk,
                "on": update.on,
                "author": person_name(update.author),
                "note": update.note,
                "percent_complete": update.percent_complete,
                "created_at": update.created_at,
            }
            for update in action.updates.all()
        ],
        "url": absolute(request, action.get_absolute_url()),
    }


def evidence_row(request: HttpRequest, item: EvidenceItem, access: NoticeAccess) -> dict[str, Any]:
    versions = []
    for revision in item.revisions.all():
        if not revision_listed(access, item, revision):
            continue
        download = revision_downloadable(access, item, revision)
        versions.append(
            {
                "number": revision.number,
                "file_name": revision.original_name,
                "content_type": revision.content_type,
                "size": revision.size,
                "uploaded_at": revision.uploaded_at,
                "download_url": absolute(
                    request, reverse("evidence:revision-download", args=[item.notice_id, item.pk, revision.number])
                )
                if download
                else None,
            }
        )
    return {
        "id": item.pk,
        "notice": item.notice_id,
        "title": item.title,
        "description": item.description,
        "kind": item.kind,
        "nature": item.nature,
        "covers_from": item.covers_from,
        "covers_to": item.covers_to,
        "link": item.link,
        "organisation": item.organisation.name if item.organisation else "",
        "submitted_by": person_name(item.submitted_by),
        "submitted_at": item.submitted_at,
        "restricted": item.restricted,
        "review_status": item.review_status,
        "requirements": [r.pk for r in item.requirements.all()],
        "actions": [a.pk for a in item.actions.all()],
        "updated_at": item.updated_at,
        "versions": versions,
        "url": absolute(request, item.get_absolute_url()),
    }


def indicator_row(request: HttpRequest, indicator: Indicator, positions: Positions) -> dict[str, Any]:
    row = next((i for i in positions(indicator.notice).indicators if i.indicator.pk == indicator.pk), None)
    return {
        "id": indicator.pk,
        "notice": indicator.notice_id,
        "code": indicator.code,
        "name": indicator.name,
        "definition": indicator.definition,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "target": indicator.target,
        "target_upper": indicator.target_upper,
        "tolerance": indicator.tolerance,
        "frequency": indicator.frequency,
        "owner_organisation": indicator.owner_organisation.name,
        "requirements": [r.pk for r in indicator.requirements.all()],
        "rag": str(row.assessment.rag) if row else "",
        "failing": row.assessment.is_failing if row else False,
        "url": absolute(request, indicator.get_absolute_url()),
    }


def value_row(value: IndicatorValue) -> dict[str, Any]:
    return {
        "id": value.pk,
        "notice": value.indicator.notice_id,
        "indicator": value.indicator_id,
        "indicator_code": value.indicator.code,
        "period": value.period,
        "value": value.value,
        "numerator": value.numerator,
        "denominator": value.denominator,
        "commentary": value.commentary,
        "entered_at": value.entered_at,
    }


def meeting_row(request: HttpRequest, meeting: BoardMeeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "notice": meeting.notice_id,
        "held_on": meeting.held_on,
        "location": meeting.location,
        "chaired_by": meeting.chaired_by,
        "dfe_attended": meeting.dfe_attended,
        "council_report_received": meeting.council_report_received,
        "minutes_summary": meeting.minutes_summary,
        "decisions": meeting.decisions,
        "actions_arising": [a.pk for a in meeting.actions_arising.all()],
        "minutes_url": absolute(request, meeting.get_minutes_url()) if meeting.minutes_file else None,
        "updated_at": meeting.updated_at,
        "url": absolute(request, meeting.get_absolute_url()),
    }


def report_row(request: HttpRequest, report: Report) -> dict[str, Any]:
    superseded = getattr(report, "superseded_by", None)
    return {
        "id": report.pk,
        "notice": report.notice_id,
        "kind": report.kind,
        "kind_label": report.get_kind_display(),
        "period_start": report.period_start,
        "period_end": report.period_end,
        "issued_on": report.issued_on,
        "issued_by": person_name(report.issued_by),
        "pdf_name": report.pdf_name,
        "pdf_size": report.pdf_size,
        "pdf_sha256": report.pdf_sha256,
        "supersedes": report.supersedes_id,
        "superseded": superseded is not None,
        "pdf_url": absolute(request, reverse("api:report-pdf", args=[report.pk])),
        "url": absolute(request, report.get_absolute_url()),
    }
