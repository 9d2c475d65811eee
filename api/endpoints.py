"""The API's resources, version 1: read-only routes, each reading through api.selectors and api.rows.

Every list is paged and filtered the same way (`ListQuery`): by notice, and by "changed since".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from ninja import Query, Router

from actions.models import Action, ActionUpdate
from api import rows, selectors
from api import schemas as s
from api.problems import problem
from audit.models import SecurityEvent
from audit.services import record_event
from dashboards.selectors import portfolio_rows
from evidence.models import EvidenceItem, EvidenceRevision
from indicators.models import Indicator, IndicatorValue
from measures.access import get_notice_access
from measures.models import Measure, Notice, Requirement
from meetings.models import BoardMeeting
from notice_tracker.lib import clock
from notice_tracker.lib.files import attachment_response
from reporting.selectors import stored_pdf_matches
from reports.access import get_report_for_user
from reports.models import Report

router = Router()
M = TypeVar("M", bound=Model)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # api.gate let only a signed-in user or a token's owner through
    return user


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


@router.get("/notices/", response=s.Page[s.NoticeOut], url_name="notice-list", tags=["notices"])
def notice_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    """The notices the caller is a member of."""
    scope = selectors.in_scope(_user(request), query.notice)
    notices = Notice.objects.filter(pk__in=list(scope)).order_by("pk")
    if query.changed_since:
        notices = notices.filter(pk__in=selectors.changed(Notice, query.changed_since))
    positions = selectors.Positions()
    return _page(request, notices, query, lambda notice: rows.notice_row(request, scope[notice.pk], positions))


@router.get("/notices/{id:notice_id}/", response=s.NoticeOut, url_name="notice-detail", tags=["notices"])
def notice_detail(request: HttpRequest, notice_id: int) -> dict[str, Any]:
    return rows.notice_row(request, get_notice_access(_user(request), notice_id), selectors.Positions())


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
                "url": selectors.absolute(request, row.notice.get_absolute_url()),
            }
        )
    return rows


@router.get("/measures/", response=s.Page[s.MeasureOut], url_name="measure-list", tags=["the notice"])
def measure_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    measures = selectors.measures(selectors.in_scope(_user(request), query.notice))
    if query.changed_since:
        measures = measures.filter(pk__in=selectors.changed(Measure, query.changed_since))
    positions = selectors.Positions()
    return _page(request, measures, query, lambda measure: rows.measure_row(request, measure, positions))


@router.get("/measures/{id:measure_id}/", response=s.MeasureOut, url_name="measure-detail", tags=["the notice"])
def measure_detail(request: HttpRequest, measure_id: int) -> dict[str, Any]:
    measure = selectors.measures(selectors.accesses(_user(request))).filter(pk=measure_id).first()
    if measure is None:
        raise Http404("No such measure.")
    return rows.measure_row(request, measure, selectors.Positions())


@router.get("/requirements/", response=s.Page[s.RequirementOut], url_name="requirement-list", tags=["the notice"])
def requirement_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    requirements = selectors.requirements(selectors.in_scope(_user(request), query.notice))
    if query.changed_since:
        requirements = requirements.filter(pk__in=selectors.changed(Requirement, query.changed_since))
    return _page(request, requirements, query, rows.requirement_row)


@router.get(
    "/requirements/{id:requirement_id}/", response=s.RequirementOut, url_name="requirement-detail", tags=["the notice"]
)
def requirement_detail(request: HttpRequest, requirement_id: int) -> dict[str, Any]:
    requirement = selectors.requirements(selectors.accesses(_user(request))).filter(pk=requirement_id).first()
    if requirement is None:
        raise Http404("No such requirement.")
    return rows.requirement_row(requirement)


@router.get("/actions/", response=s.Page[s.ActionOut], url_name="action-list", tags=["the plan"])
def action_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    """The improvement plan's actions, each with its progress updates (newest first)."""
    actions = selectors.actions(selectors.in_scope(_user(request), query.notice))
    if query.changed_since:
        actions = actions.filter(
            Q(pk__in=selectors.changed(Action, query.changed_since))
            | Q(pk__in=selectors.changed(ActionUpdate, query.changed_since, "action_id"))
        )
    positions = selectors.Positions()
    return _page(request, actions, query, lambda action: rows.action_row(request, action, positions))


@router.get("/actions/{id:action_id}/", response=s.ActionOut, url_name="action-detail", tags=["the plan"])
def action_detail(request: HttpRequest, action_id: int) -> dict[str, Any]:
    action = selectors.actions(selectors.accesses(_user(request))).filter(pk=action_id).first()
    if action is None:
        raise Http404("No such action.")
    return rows.action_row(request, action, selectors.Positions())


@router.get("/evidence/", response=s.Page[s.EvidenceOut], url_name="evidence-list", tags=["evidence"])
def evidence_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    """Evidence items' details (files through the site's permission-checked download). Restricted items
    appear only to the submitting organisation, the Chair and administrators, as on the pages."""
    scope = selectors.in_scope(_user(request), query.notice)
    items = selectors.visible_evidence(scope)
    if query.changed_since:
        items = items.filter(
            Q(pk__in=selectors.changed(EvidenceItem, query.changed_since))
            | Q(pk__in=selectors.changed(EvidenceRevision, query.changed_since, "item_id"))
        )
    return _page(request, items, query, lambda item: rows.evidence_row(request, item, scope[item.notice_id]))


@router.get("/evidence/{id:item_id}/", response=s.EvidenceOut, url_name="evidence-detail", tags=["evidence"])
def evidence_detail(request: HttpRequest, item_id: int) -> dict[str, Any]:
    scope = selectors.accesses(_user(request))
    item = selectors.visible_evidence(scope).filter(pk=item_id).first()
    if item is None:
        raise Http404("No such evidence item.")  # also a restricted one the caller may not see
    return rows.evidence_row(request, item, scope[item.notice_id])


@router.get("/indicators/", response=s.Page[s.IndicatorOut], url_name="indicator-list", tags=["indicators"])
def indicator_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    indicators = selectors.indicators(selectors.in_scope(_user(request), query.notice))
    if query.changed_since:
        indicators = indicators.filter(pk__in=selectors.changed(Indicator, query.changed_since))
    positions = selectors.Positions()
    return _page(request, indicators, query, lambda indicator: rows.indicator_row(request, indicator, positions))


@router.get("/indicators/{id:indicator_id}/", response=s.IndicatorOut, url_name="indicator-detail", tags=["indicators"])
def indicator_detail(request: HttpRequest, indicator_id: int) -> dict[str, Any]:
    indicator = selectors.indicators(selectors.accesses(_user(request))).filter(pk=indicator_id).first()
    if indicator is None:
        raise Http404("No such indicator.")
    return rows.indicator_row(request, indicator, selectors.Positions())


@router.get(
    "/indicator-values/", response=s.Page[s.IndicatorValueOut], url_name="indicator-value-list", tags=["indicators"]
)
def indicator_value_list(request: HttpRequest, query: Query[s.IndicatorValueQuery]) -> dict[str, Any]:
    """Indicator figures, by indicator and period; `indicator=<id>` keeps to one indicator."""
    values = (
        IndicatorValue.objects.filter(indicator__notice_id__in=list(selectors.in_scope(_user(request), query.notice)))
        .select_related("indicator")
        .order_by("indicator__notice_id", "indicator_id", "period", "pk")
    )
    if query.indicator is not None:
        values = values.filter(indicator_id=query.indicator)
    if query.changed_since:
        values = values.filter(pk__in=selectors.changed(IndicatorValue, query.changed_since))
    return _page(request, values, query, rows.value_row)


@router.get("/duties/", response=s.Page[s.DutyOut], url_name="duty-list", tags=["duties and meetings"])
def duty_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    """The notices' duties, each with the occurrence it is working towards, as the notice's position has them."""
    scope = selectors.in_scope(_user(request), query.notice)
    return _page(request, selectors.duty_rows(scope, since=query.changed_since), query, lambda row: row)


@router.get("/meetings/", response=s.Page[s.MeetingOut], url_name="meeting-list", tags=["duties and meetings"])
def meeting_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    """The Improvement Board's meetings."""
    meetings = (
        BoardMeeting.objects.filter(notice_id__in=list(selectors.in_scope(_user(request), query.notice)))
        .prefetch_related(Prefetch("actions_arising", queryset=Action.objects.only("pk")))
        .order_by("notice_id", "-held_on", "-pk")
    )
    if query.changed_since:
        meetings = meetings.filter(pk__in=selectors.changed(BoardMeeting, query.changed_since))
    return _page(request, meetings, query, lambda meeting: rows.meeting_row(request, meeting))


@router.get("/reports/", response=s.Page[s.ReportOut], url_name="report-list", tags=["reports"])
def report_list(request: HttpRequest, query: Query[s.ListQuery]) -> dict[str, Any]:
    """Issued statutory reports (drafts are not in the API)."""
    reports = selectors.issued(selectors.in_scope(_user(request), query.notice))
    if query.changed_since:
        reports = reports.filter(pk__in=selectors.changed(Report, query.changed_since))
    return _page(request, reports, query, lambda report: rows.report_row(request, report))


def _issued_report(request: HttpRequest, report_id: int) -> Report:
    notice_id = (
        selectors.issued(selectors.accesses(_user(request)))
        .filter(pk=report_id)
        .values_list("notice_id", flat=True)
        .first()
    )
    if notice_id is None:
        raise Http404("No such issued report.")
    _, report = get_report_for_user(_user(request), notice_id, report_id)  # the checks the report's page makes
    return report


@router.get("/reports/{id:report_id}/", response=s.ReportOut, url_name="report-detail", tags=["reports"])
def report_detail(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return rows.report_row(request, _issued_report(request, report_id))


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
