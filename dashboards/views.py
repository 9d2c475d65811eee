"""The notice's About page, its dashboard (its landing page), the measure page and the portfolio of every notice a user has a role on."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from audit.models import SecurityEvent
from audit.services import record_event
from dashboards import selectors
from dashboards.changes import changes_since
from dashboards.forms import DutyCompletionForm, JudgementForm
from dashboards.rag_history import HistoryTable, snapshots_mark
from dashboards.services import notice_visit_record
from evidence.access import visibility_filter
from evidence.models import EvidenceItem
from measures.access import get_notice_access
from measures.models import Duty
from measures.roles import Can
from measures.selectors import measure_with_requirements, notice_measures
from meetings.models import BoardMeeting
from notice_tracker.lib import clock
from notice_tracker.lib.concurrency import StaleEdit
from notice_tracker.lib.conflict import refused, respond
from notice_tracker.lib.crumbs import notice_crumbs
from notice_tracker.lib.files import attachment_response
from notice_tracker.lib.http import AuthenticatedHttpRequest
from notice_tracker.lib.uploads import upload_size_guarded
from progress import services as progress_services
from progress.models import DutyCompletion
from progress.position import current_position, position_mark
from progress.services import DutyRefused, judgement_record
from reports.models import Report


@login_required
def dashboard(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    notice, today = access.notice, clock.today()
    since = notice_visit_record(user=request.user, notice=notice, at=timezone.now())
    position, mark = position_mark(notice, on=today)
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "access": access,
            "notice": notice,
            "today": today,
            "rollup": position.rollup,
            # The month-end ratings' table is kept under the position's mark and the snapshots': read only
            # when either has moved.
            "history": HistoryTable(notice, position),
            "snapshots_mark": snapshots_mark(notice.pk),
            "position": position,
            "position_mark": mark,  # the parts made from the position alone are kept under it
            "awaiting": selectors.evidence_awaiting_review(access),
            "changes": changes_since(access, since=since),
            "breadcrumbs": notice_crumbs(notice),
        },
    )


@login_required
def portfolio(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = clock.today()
    return render(
        request,
        "dashboards/portfolio.html",
        {
            "rows": selectors.portfolio_rows(request.user, on=today),
            "today": today,
        },
    )


@login_required
def system_notices(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every notice in the system, for a superuser setting a council up or helping one; each look is logged."""
    if not request.user.is_superuser:
        raise PermissionDenied("Only a superuser sees every notice.")
    today = clock.today()
    record_event(kind=SecurityEvent.Kind.SYSTEM_VIEW, request=request)
    return render(request, "dashboards/system_notices.html", {"rows": selectors.system_rows(on=today), "today": today})


@login_required
def measure_detail(request: AuthenticatedHttpRequest, notice_pk: int, reference: str) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    measure = measure_with_requirements(access.notice, reference)
    if measure is None:
        raise Http404("No such measure in this notice.")
    today = clock.today()
    position = current_position(access.notice, on=today)
    rollup = position.rollup
    return render(
        request,
        "dashboards/measure_detail.html",
        {
            "access": access,
            "notice": access.notice,
            "measure": measure,
            "today": today,
            "rollup": rollup.for_measure(measure.pk),
            "rule_text": rollup.rule_text,
            "can_judge": access.can(Can.JUDGE_MEASURES),
            "judgement_history": selectors.judgement_history(measure),
            "panels": selectors.measure_panels(access, measure, position),
            "breadcrumbs": notice_crumbs(access.notice, (f"Measure {measure.reference}", None)),
        },
    )


@login_required
def notice_detail(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    today = clock.today()
    return render(
        request,
        "dashboards/notice_detail.html",
        {
            "access": access,
            "notice": access.notice,
            "measures": notice_measures(access.notice),
            "position": current_position(access.notice, on=today),
            "can_record_duties": access.can(Can.RECORD_DUTIES),
            "can_lift": access.notice.is_active and access.can(Can.ADMINISTER),
            "source_reports": list(access.notice.source_reports.all()),
            "today": today,
            "breadcrumbs": notice_crumbs(access.notice, ("About this notice", None)),
        },
    )


@login_required
def measure_judgement(request: AuthenticatedHttpRequest, notice_pk: int, reference: str) -> HttpResponse:
    """The Chair records (or revises) this month's judgement of the measure."""
    access = get_notice_access(request.user, notice_pk, need=Can.JUDGE_MEASURES)
    measure = measure_with_requirements(access.notice, reference)
    if measure is None:
        raise Http404("No such measure in this notice.")
    month = clock.today().replace(day=1)
    current = selectors.judgement_for(measure, month=month)
    initial: dict[str, int | str] = {"version": current.version if current else 0}
    if current:
        initial |= {"rag": current.rag, "sentence": current.sentence}
    form = JudgementForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            judgement_record(
                measure=measure,
                by=request.user,
                month=month,
                rag=form.cleaned_data["rag"],
                sentence=form.cleaned_data["sentence"],
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleEdit as stale:
            form, conflict = refused(form, stale.current, noun="judgement", history=selectors.judgement_record_history)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Your judgement for {month:%B %Y} is recorded.")
            return redirect(measure.get_absolute_url() + "#judgement-heading")
    return respond(
        request,
        "dashboards/judgement_form.html",
        {
            "access": access,
            "notice": access.notice,
            "measure": measure,
            "month": month,
            "today": clock.today(),
            "form": form,
            "rollup": current_position(access.notice, on=clock.today()).rollup.for_measure(measure.pk),
            "breadcrumbs": notice_crumbs(
                access.notice,
                (f"Measure {measure.reference}", measure.get_absolute_url()),
                ("Your judgement", None),
            ),
        },
        conflict=conflict,
    )


@login_required
@upload_size_guarded(what="Documents")
def duty_complete(request: AuthenticatedHttpRequest, notice_pk: int, duty_pk: int) -> HttpResponse:
    """The Chair or an administrator records a one-off duty as done, with what proves it."""
    access = get_notice_access(request.user, notice_pk, need=Can.RECORD_DUTIES)
    duty = Duty.objects.filter(notice=access.notice, pk=duty_pk).select_related("completion").first()
    if duty is None or duty.is_recurring:
        raise Http404("No such one-off duty on this notice.")
    completion = getattr(duty, "completion", None)
    initial: dict[str, object] = {"version": completion.version if completion else 0, "done_on": duty.completed_on}
    if completion:
        initial |= {
            "evidence": completion.evidence_id,
            "report": completion.report_id,
            "meeting": completion.meeting_id,
            "note": completion.note,
        }
    form = DutyCompletionForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        evidence=EvidenceItem.objects.filter(visibility_filter(None), notice=access.notice).order_by("title"),
        reports=Report.objects.current().filter(notice=access.notice).order_by("-period_end"),
        meetings=BoardMeeting.objects.filter(notice=access.notice).order_by("-held_on"),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            progress_services.duty_complete(
                duty=duty,
                by=request.user,
                today=clock.today(),
                done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data["evidence"],
                report=form.cleaned_data["report"],
                meeting=form.cleaned_data["meeting"],
                letter=form.cleaned_data["letter"],
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleEdit as stale:
            form, conflict = refused(
                form,
                stale.current,
                noun="record",
                history=selectors.duty_completion_history,
                evidence=form.fields["evidence"].queryset,  # type: ignore[attr-defined]
                reports=form.fields["report"].queryset,  # type: ignore[attr-defined]
                meetings=form.fields["meeting"].queryset,  # type: ignore[attr-defined]
            )
        except DutyRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{duty.title}” is recorded as done.")
            return redirect(reverse("dashboards:notice-detail", args=[notice_pk]) + "#duties-heading")
    return respond(
        request,
        "dashboards/duty_form.html",
        {
            "access": access,
            "notice": access.notice,
            "duty": duty,
            "form": form,
            "breadcrumbs": notice_crumbs(
                access.notice,
                ("About this notice", reverse("dashboards:notice-detail", args=[notice_pk])),
                ("Record a duty as done", None),
            ),
        },
        conflict=conflict,
    )


@login_required
def duty_letter(request: AuthenticatedHttpRequest, notice_pk: int, duty_pk: int) -> FileResponse:
    """The document uploaded as a duty's proof: every member may read it."""
    access = get_notice_access(request.user, notice_pk)
    completion = DutyCompletion.objects.filter(duty__notice=access.notice, duty_id=duty_pk).first()
    if completion is None or not completion.has_letter:
        raise Http404("No document is recorded for this duty.")
    return attachment_response(
        completion.letter_file,
        filename=completion.letter_name,
        content_type=completion.letter_content_type,
        owner=f"document of duty {duty_pk}",
    )
