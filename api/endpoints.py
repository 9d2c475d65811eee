"""The API's resources, version 1: read-only, each checked against the caller's roles as the pages are.

Who may read what is decided by the same code as the pages: `measures.access` (a notice the caller
is not a member of answers 404), `evidence.access` (restricted evidence only for the submitter's
organisation, the Chair and administrators, never observers), `reports.access` (issued reports for
every member). Ratings, counts and next dates come from the notice's position
(`progress.position`), never worked out here. Every list is paged and filtered the same way
(`ListQuery`): by notice, and by "changed since" from the records' history.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router

from actions.models import Action, ActionUpdate
from api import schemas as s
from api.problems import problem
from audit.models import SecurityEvent
from audit.services import record_event
from dashboards.selectors import portfolio_rows
from evidence.access import revision_downloadable, revision_listed, visibility_filter
from evidence.models import EvidenceItem, EvidenceRevision
from indicators.models import Indicator, IndicatorValue
from measures.access import NoticeAccess, get_notice_access
from measures.models import Duty, Measure, Membership, Notice, Requirement
from meetings.models import BoardMeeting
from notice_tracker.lib import clock
from notice_tracker.lib.files import attachment_response
from progress.models import DutyCompletion
from progress.position import NoticePosition, current_position
from reporting.selectors import stored_pdf_matches
from reports.access import get_report_for_user
from reports.models import Report

router = Router()
M = TypeVar("M", bound=Model)


# ------------------------------------------------------------------ scope and paging


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # api.gate let only a signed-in user or a token's owner through
    return user


def _accesses(user: User) -> dict[int, NoticeAccess]:
    """Every notice the caller is a member of, as the pages see it (one query)."""
    found: dict[int, NoticeAccess] = {}
    for membership in (
        Membership.objects.select_related("notice__authority", "organisation")
        .filter(user=user, user__is_active=True)
        .order_by("notice_id", "pk")
    ):
        found.setdefault(membership.notice_id, NoticeAccess(notice=membership.notice, membership=membership))
    return found


def _scope(request: HttpRequest, notice: int | None) -> dict[int, NoticeAccess]:
    """The notices a list reads: the one asked for (404 unless a member, as on the pages), or all the caller's."""
    if notice is not None:
        access = get_notice_access(_user(request), notice)
        return {access.notice.pk: access}
    return _accesses(_user(request))


class _Positions:
    """Each notice's position today, read once a request (progress.position keeps them between requests)."""

    def __init__(self) -> None:
        self._found: dict[int, NoticePosition] = {}

    def __call__(self, notice: Notice) -> NoticePosition:
        if notice.pk not in self._found:
            self._found[notice.pk] = current_position(notice, on=clock.today())
        return self._found[notice.pk]


def _aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _changed(model: type[Model], since: datetime, column: str = "id") -> QuerySet[Any]:
    """Ids (or `column`) of the rows of `model` whose history has an entry at or after `since`."""
    history = model.history  # type: ignore[attr-defined]  # django-simple-history's manager
    return history.filter(history_date__gte=_aware(since)).values(column)


def _page(
    request: HttpRequest, rows: QuerySet[M] | Sequence[Any], query: s.ListQuery, serialize: Callable[[Any], Any]
) -> dict[str, Any]:
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    chosen = rows[query.offset : query.offset + query.limit]

    def link(offset: int) -> str:
        params = request.GET.copy()
        params["offset"], params["limit"] = str(offset), str(query.limit)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    following = query.offset + query.limit
    return {
        "count": count,
        "next": link(following) if following < count else None,
        "previous": link(max(0, query.offset - query.limit)) if query.offset > 0 else None,
        "results": [serialize(row) for row in chosen],
    }


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


# ------------------------------------------------------------------ notices and the portfolio


def _notice(request: HttpRequest, access: NoticeAccess, positions: _Positions) -> dict[str, Any]:
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
        "url": _absolute(request, notice.get_absolute_url()),
    }


@router.get("/notices/", response=s.Page[s.NoticeOut], url_name="notice-list", tags=["notices"])
def notice_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    """The notices the caller is a member of."""
    scope = _scope(request, query.notice)
    notices = Notice.objects.filter(pk__in=list(scope)).order_by("pk")
    if query.changed_since:
        notices = notices.filter(pk__in=_changed(Notice, query.changed_since))
    positions = _Positions()
    return _page(request, notices, query, lambda notice: _notice(request, scope[notice.pk], positions))


@router.get("/notices/{id:notice_id}/", response=s.NoticeOut, url_name="notice-detail", tags=["notices"])
def notice_detail(request: HttpRequest, notice_id: int) -> dict[str, Any]:
    return _notice(request, get_notice_access(_user(request), notice_id), _Positions())


@router.get("/portfolio/", response=list[s.PortfolioRowOut], url_name="portfolio", tags=["notices"])
def portfolio(request: HttpRequest) -> list[dict[str, Any]]:
    """Every notice the caller is a member of, with where it stands today: DfE's view across councils."""
    rows = []
    for row in portfolio_rows(_user(request), on=clock.today()):
        position, duty = row.position, row.next_duty
        rows.append(
            {
                "notice": row.notice.pk,
                "authority": row.notice.authority.name,
                "title": row.notice.title,
                "status": row.notice.status,
                "my_role": row.role,
                "overall_rag": position.overall_rag,
                "overdue_actions": row.overdue,
                "failing_indicators": len(position.failing_indicators),
                "next_duty": {"title": duty.title, "due_on": duty.due_on, "overdue": duty.is_overdue} if duty else None,
                "next_board_meeting": position.next_board_meeting,
                "delivery_deadline": position.deadline,
                "url": _absolute(request, row.notice.get_absolute_url()),
            }
        )
    return rows


# ------------------------------------------------------------------ the notice's text


def _measure(request: HttpRequest, measure: Measure, positions: _Positions) -> dict[str, Any]:
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
        "url": _absolute(request, measure.get_absolute_url()),
    }


def _measures(scope: dict[int, NoticeAccess]) -> QuerySet[Measure]:
    return Measure.objects.filter(notice_id__in=list(scope)).select_related("notice").order_by("notice_id", "position")


@router.get("/measures/", response=s.Page[s.MeasureOut], url_name="measure-list", tags=["the notice"])
def measure_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    measures = _measures(_scope(request, query.notice))
    if query.changed_since:
        measures = measures.filter(pk__in=_changed(Measure, query.changed_since))
    positions = _Positions()
    return _page(request, measures, query, lambda measure: _measure(request, measure, positions))


@router.get("/measures/{id:measure_id}/", response=s.MeasureOut, url_name="measure-detail", tags=["the notice"])
def measure_detail(request: HttpRequest, measure_id: int) -> dict[str, Any]:
    measure = _measures(_accesses(_user(request))).filter(pk=measure_id).first()
    if measure is None:
        raise Http404("No such measure.")
    return _measure(request, measure, _Positions())


def _requirement(requirement: Requirement) -> dict[str, Any]:
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


def _requirements(scope: dict[int, NoticeAccess]) -> QuerySet[Requirement]:
    return (
        Requirement.objects.filter(measure__notice_id__in=list(scope))
        .select_related("measure")
        .order_by("measure__notice_id", "measure__position", "position")
    )


@router.get("/requirements/", response=s.Page[s.RequirementOut], url_name="requirement-list", tags=["the notice"])
def requirement_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    requirements = _requirements(_scope(request, query.notice))
    if query.changed_since:
        requirements = requirements.filter(pk__in=_changed(Requirement, query.changed_since))
    return _page(request, requirements, query, _requirement)


@router.get(
    "/requirements/{id:requirement_id}/", response=s.RequirementOut, url_name="requirement-detail", tags=["the notice"]
)
def requirement_detail(request: HttpRequest, requirement_id: int) -> dict[str, Any]:
    requirement = _requirements(_accesses(_user(request))).filter(pk=requirement_id).first()
    if requirement is None:
        raise Http404("No such requirement.")
    return _requirement(requirement)


# ------------------------------------------------------------------ the plan


def _actions(scope: dict[int, NoticeAccess]) -> QuerySet[Action]:
    return (
        Action.objects.filter(notice_id__in=list(scope))
        .select_related("notice", "owner", "lead_organisation")
        .prefetch_related(
            Prefetch("updates", queryset=ActionUpdate.objects.select_related("author").order_by("-on", "-pk")),
            Prefetch("requirements", queryset=Requirement.objects.only("pk")),
        )
        .order_by("notice_id", "reference", "pk")
    )


def _action(request: HttpRequest, action: Action, positions: _Positions) -> dict[str, Any]:
    row = next((a for a in positions(action.notice).actions if a.pk == action.pk), None)
    return {
        "id": action.pk,
        "notice": action.notice_id,
        "reference": action.reference,
        "title": action.title,
        "description": action.description,
        "status": action.status,
        "owner": _name(action.owner),
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
                "author": _name(update.author),
                "note": update.note,
                "percent_complete": update.percent_complete,
                "created_at": update.created_at,
            }
            for update in action.updates.all()
        ],
        "url": _absolute(request, action.get_absolute_url()),
    }


@router.get("/actions/", response=s.Page[s.ActionOut], url_name="action-list", tags=["the plan"])
def action_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    """The improvement plan's actions, each with its progress updates (newest first)."""
    actions = _actions(_scope(request, query.notice))
    if query.changed_since:
        actions = actions.filter(
            Q(pk__in=_changed(Action, query.changed_since))
            | Q(pk__in=_changed(ActionUpdate, query.changed_since, "action_id"))
        )
    positions = _Positions()
    return _page(request, actions, query, lambda action: _action(request, action, positions))


@router.get("/actions/{id:action_id}/", response=s.ActionOut, url_name="action-detail", tags=["the plan"])
def action_detail(request: HttpRequest, action_id: int) -> dict[str, Any]:
    action = _actions(_accesses(_user(request))).filter(pk=action_id).first()
    if action is None:
        raise Http404("No such action.")
    return _action(request, action, _Positions())


# ------------------------------------------------------------------ evidence


def _evidence(scope: dict[int, NoticeAccess]) -> QuerySet[EvidenceItem]:
    """The items of these notices each caller may see: evidence.access.visibility_filter, notice by notice."""
    visible = Q(pk__in=[])
    for notice_id, access in scope.items():
        visible |= Q(notice_id=notice_id) & visibility_filter(access)
    return (
        EvidenceItem.objects.filter(visible)
        .select_related("submitted_by", "organisation")
        .prefetch_related(
            Prefetch("revisions", queryset=EvidenceRevision.objects.order_by("number")),
            Prefetch("requirements", queryset=Requirement.objects.only("pk")),
            Prefetch("actions", queryset=Action.objects.only("pk")),
        )
        .order_by("notice_id", "-submitted_at", "-pk")
    )


def _evidence_item(request: HttpRequest, item: EvidenceItem, access: NoticeAccess) -> dict[str, Any]:
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
                "download_url": _absolute(
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
        "submitted_by": _name(item.submitted_by),
        "submitted_at": item.submitted_at,
        "restricted": item.restricted,
        "review_status": item.review_status,
        "requirements": [r.pk for r in item.requirements.all()],
        "actions": [a.pk for a in item.actions.all()],
        "updated_at": item.updated_at,
        "versions": versions,
        "url": _absolute(request, item.get_absolute_url()),
    }


@router.get("/evidence/", response=s.Page[s.EvidenceOut], url_name="evidence-list", tags=["evidence"])
def evidence_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    """Evidence items' details (files through the site's permission-checked download). Restricted items
    appear only to the submitting organisation, the Chair and administrators, as on the pages."""
    scope = _scope(request, query.notice)
    items = _evidence(scope)
    if query.changed_since:
        items = items.filter(
            Q(pk__in=_changed(EvidenceItem, query.changed_since))
            | Q(pk__in=_changed(EvidenceRevision, query.changed_since, "item_id"))
        )
    return _page(request, items, query, lambda item: _evidence_item(request, item, scope[item.notice_id]))


@router.get("/evidence/{id:item_id}/", response=s.EvidenceOut, url_name="evidence-detail", tags=["evidence"])
def evidence_detail(request: HttpRequest, item_id: int) -> dict[str, Any]:
    scope = _accesses(_user(request))
    item = _evidence(scope).filter(pk=item_id).first()
    if item is None:
        raise Http404("No such evidence item.")  # also a restricted one the caller may not see
    return _evidence_item(request, item, scope[item.notice_id])


# ------------------------------------------------------------------ indicators


def _indicators(scope: dict[int, NoticeAccess]) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(notice_id__in=list(scope))
        .select_related("notice", "owner_organisation")
        .prefetch_related(Prefetch("requirements", queryset=Requirement.objects.only("pk")))
        .order_by("notice_id", "position", "code")
    )


def _indicator(request: HttpRequest, indicator: Indicator, positions: _Positions) -> dict[str, Any]:
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
        "url": _absolute(request, indicator.get_absolute_url()),
    }


@router.get("/indicators/", response=s.Page[s.IndicatorOut], url_name="indicator-list", tags=["indicators"])
def indicator_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    indicators = _indicators(_scope(request, query.notice))
    if query.changed_since:
        indicators = indicators.filter(pk__in=_changed(Indicator, query.changed_since))
    positions = _Positions()
    return _page(request, indicators, query, lambda indicator: _indicator(request, indicator, positions))


@router.get("/indicators/{id:indicator_id}/", response=s.IndicatorOut, url_name="indicator-detail", tags=["indicators"])
def indicator_detail(request: HttpRequest, indicator_id: int) -> dict[str, Any]:
    indicator = _indicators(_accesses(_user(request))).filter(pk=indicator_id).first()
    if indicator is None:
        raise Http404("No such indicator.")
    return _indicator(request, indicator, _Positions())


def _value(value: IndicatorValue) -> dict[str, Any]:
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


@router.get(
    "/indicator-values/", response=s.Page[s.IndicatorValueOut], url_name="indicator-value-list", tags=["indicators"]
)
def indicator_value_list(request: HttpRequest, query: Query[s.IndicatorValueQuery]) -> dict[str, Any]:
    """Indicator figures, by indicator and period; `indicator=<id>` keeps to one indicator."""
    values = (
        IndicatorValue.objects.filter(indicator__notice_id__in=list(_scope(request, query.notice)))
        .select_related("indicator")
        .order_by("indicator__notice_id", "indicator_id", "period", "pk")
    )
    if query.indicator is not None:
        values = values.filter(indicator_id=query.indicator)
    if query.changed_since:
        values = values.filter(pk__in=_changed(IndicatorValue, query.changed_since))
    return _page(request, values, query, _value)


# ------------------------------------------------------------------ duties, meetings, reports


def _duty_rows(request: HttpRequest, query: s.ListQuery) -> list[dict[str, Any]]:
    scope = _scope(request, query.notice)
    changed: set[int] | None = None
    if query.changed_since:
        changed = set(
            Duty.objects.filter(
                Q(pk__in=_changed(Duty, query.changed_since))
                | Q(pk__in=_changed(DutyCompletion, query.changed_since, "duty_id"))
            ).values_list("pk", flat=True)
        )
    positions = _Positions()
    rows = []
    for notice_id in sorted(scope):
        position = positions(scope[notice_id].notice)
        for duty_position in position.duties:
            duty = duty_position.duty
            if changed is not None and duty.pk not in changed:
                continue
            rows.append(
                {
                    "id": duty.pk,
                    "notice": notice_id,
                    "code": duty.code,
                    "title": duty.title,
                    "section": duty.section,
                    "responsible": duty.responsible,
                    "recipient": duty.recipient,
                    "cadence_months": duty.cadence_months,
                    "cadence_weeks": duty.cadence_weeks,
                    "starts_on": duty.starts_on,
                    "next_due_on": duty_position.due_on,
                    "overdue": duty_position.is_overdue,
                    "late_occurrences": duty_position.late,
                    "met_on": duty_position.met_on,
                    "last_met_on": duty_position.last_met_on,
                    "report_occurrences": [
                        {
                            "due_on": row.due_on,
                            "period_start": row.period_start,
                            "period_end": row.period_end,
                            "late": row.is_late,
                            "issued_report": row.issued.pk if row.issued else None,
                        }
                        for row in position.reports
                        if row.duty.pk == duty.pk
                    ],
                }
            )
    return rows


@router.get("/duties/", response=s.Page[s.DutyOut], url_name="duty-list", tags=["duties and meetings"])
def duty_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    """The notices' duties, each with the occurrence it is working towards, as the notice's position has them."""
    return _page(request, _duty_rows(request, query), query, lambda row: row)


def _meeting(request: HttpRequest, meeting: BoardMeeting) -> dict[str, Any]:
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
        "minutes_url": _absolute(request, meeting.get_minutes_url()) if meeting.minutes_file else None,
        "updated_at": meeting.updated_at,
        "url": _absolute(request, meeting.get_absolute_url()),
    }


@router.get("/meetings/", response=s.Page[s.MeetingOut], url_name="meeting-list", tags=["duties and meetings"])
def meeting_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    """The Improvement Board's meetings."""
    meetings = (
        BoardMeeting.objects.filter(notice_id__in=list(_scope(request, query.notice)))
        .prefetch_related(Prefetch("actions_arising", queryset=Action.objects.only("pk")))
        .order_by("notice_id", "-held_on", "-pk")
    )
    if query.changed_since:
        meetings = meetings.filter(pk__in=_changed(BoardMeeting, query.changed_since))
    return _page(request, meetings, query, lambda meeting: _meeting(request, meeting))


def _issued(scope: dict[int, NoticeAccess]) -> QuerySet[Report]:
    return (
        Report.objects.issued()
        .filter(notice_id__in=list(scope))
        .select_related("issued_by", "superseded_by")
        .order_by("notice_id", "-issued_at", "-pk")
    )


def _report(request: HttpRequest, report: Report) -> dict[str, Any]:
    superseded = getattr(report, "superseded_by", None)
    return {
        "id": report.pk,
        "notice": report.notice_id,
        "kind": report.kind,
        "kind_label": report.get_kind_display(),
        "period_start": report.period_start,
        "period_end": report.period_end,
        "issued_on": report.issued_on,
        "issued_by": _name(report.issued_by),
        "pdf_name": report.pdf_name,
        "pdf_size": report.pdf_size,
        "pdf_sha256": report.pdf_sha256,
        "supersedes": report.supersedes_id,
        "superseded": superseded is not None,
        "pdf_url": _absolute(request, reverse("api:report-pdf", args=[report.pk])),
        "url": _absolute(request, report.get_absolute_url()),
    }


@router.get("/reports/", response=s.Page[s.ReportOut], url_name="report-list", tags=["reports"])
def report_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    """Issued statutory reports (drafts are not in the API)."""
    reports = _issued(_scope(request, query.notice))
    if query.changed_since:
        reports = reports.filter(pk__in=_changed(Report, query.changed_since))
    return _page(request, reports, query, lambda report: _report(request, report))


def _issued_report(request: HttpRequest, report_id: int) -> Report:
    notice_id = _issued(_accesses(_user(request))).filter(pk=report_id).values_list("notice_id", flat=True).first()
    if notice_id is None:
        raise Http404("No such issued report.")
    _, report = get_report_for_user(_user(request), notice_id, report_id)  # the checks the report's page makes
    return report


@router.get("/reports/{id:report_id}/", response=s.ReportOut, url_name="report-detail", tags=["reports"])
def report_detail(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return _report(request, _issued_report(request, report_id))


@router.get(
    "/reports/{id:report_id}/pdf/",
    url_name="report-pdf",
    tags=["reports"],
    response={200: None},
    openapi_extra={"responses": {200: {"description": "The issued PDF", "content": {"application/pdf": {}}}}},
)
def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse | FileResponse:
    """The issued report's PDF, re-checked against its SHA-256 before it is sent (as on the report's page)."""
    report = _issued_report(request, report_id)
    if not stored_pdf_matches(report):
        record_event(
            kind=SecurityEvent.Kind.REPORT_DOWNLOAD,
            request=request,
            notice=report.notice_id,
            obj=report,
            detail=f"Refused (API): the stored file's SHA-256 differs from the record ({report.pdf_name})",
        )
        return problem(request, 409, "The stored file is not the one issued; an administrator has been told.")
    record_event(
        kind=SecurityEvent.Kind.REPORT_DOWNLOAD,
        request=request,
        notice=report.notice_id,
        obj=report,
        detail=report.pdf_name,
    )
    response = attachment_response(
        report.pdf_file, filename=report.pdf_name, content_type="application/pdf", owner=f"report {report.pk}"
    )
    response["ETag"] = f'"{report.pdf_sha256}"'
    return response
