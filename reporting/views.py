"""Statutory report pages: access → form → service → redirect. PDFs leave only through the
download views, which stream the stored file."""

from __future__ import annotations

import hashlib
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from audit.models import SecurityEvent
from audit.services import record_event
from measures.access import get_notice_access
from measures.roles import Can
from notice_tracker.lib import clock
from notice_tracker.lib.concurrency import StaleEdit
from notice_tracker.lib.conflict import refused, respond
from notice_tracker.lib.crumbs import notice_crumbs
from notice_tracker.lib.files import attachment_response
from notice_tracker.lib.http import AuthenticatedHttpRequest
from notice_tracker.lib.uploads import upload_size_guarded
from progress.position import current_position
from reporting import jobs, selectors, services, word
from reporting.forms import LateReasonForm, ReportNarrativeForm, ReportStartForm, VerifyForm, section_forms
from reports.access import can_write, get_report_for_user, writable_kinds
from reports.models import IssuedReportError, Report

logger = logging.getLogger(__name__)


def _crumbs(notice, *tail):
    return notice_crumbs(notice, ("Reports", reverse("reports:report-list", args=[notice.pk])), *tail)


def _context(access, report: Report, **extra) -> dict:
    return {
        "access": access,
        "notice": access.notice,
        "report": report,
        "can_write": can_write(access, report.kind),
        "breadcrumbs": _crumbs(access.notice, (str(report), report.get_absolute_url()), *extra.pop("tail", ())),
        **extra,
    }


@login_required
def report_list(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    position = current_position(access.notice, on=clock.today())
    return render(
        request,
        "reporting/report_list.html",
        {
            "access": access,
            "notice": access.notice,
            "reports": list(selectors.report_rows(access)),
            "schedule": position.reports,
            "next_due": position.next_report,
            "late": position.late_reports,
            "writable": dict(writable_kinds(access)),
            "breadcrumbs": notice_crumbs(access.notice, ("Reports", None)),
        },
    )


@login_required
def report_create(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.WRITE_REPORTS)
    initial = {
        "kind": request.GET.get("kind"),
        "period_start": request.GET.get("from"),
        "period_end": request.GET.get("to"),
    }
    form = ReportStartForm(request.POST or None, initial=initial, kinds=writable_kinds(access), notice=access.notice)
    if request.method == "GET" and all(initial.values()):
        # "Start" beside a period that already has a draft opens that draft.
        probe = ReportStartForm(initial, kinds=writable_kinds(access), notice=access.notice)
        draft = probe.is_valid() and services.draft_for(notice=access.notice, **probe.cleaned_data)
        if draft:
            messages.info(request, f"{draft} is already started; here it is.")
            return redirect("reports:report-edit", notice_pk, draft.pk)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(notice=access.notice, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{report} started as a draft, with a section for each part to write.")
            return redirect("reports:report-edit", notice_pk, report.pk)
    return render(
        request,
        "reporting/report_start.html",
        {
            "access": access,
            "notice": access.notice,
            "form": form,
            "breadcrumbs": notice_crumbs(
                access.notice, ("Reports", reverse("reports:report-list", args=[notice_pk])), ("Start a report", None)
            ),
        },
    )


@login_required
def report_detail(request: AuthenticatedHttpRequest, notice_pk: int, report_pk: int) -> HttpResponse:
    access, report = get_report_for_user(request.user, notice_pk, report_pk)
    context = _context(
        access,
        report,
        sections=list(report.sections.select_related("measure").order_by("position")),
        history=selectors.report_history(report),
    )
    context["breadcrumbs"][-1] = (str(report), None)
    return render(request, "reporting/report_detail.html", context)


@login_required
def report_edit(request: AuthenticatedHttpRequest, notice_pk: int, report_pk: int) -> HttpResponse:
    access, report = get_report_for_user(request.user, notice_pk, report_pk, write=True)
    if report.is_issued:
        raise PermissionDenied("An issued report cannot be changed; start a correction instead.")
    sections = list(report.sections.select_related("measure").order_by("position"))
    data = request.POST if request.method == "POST" else None
    form, parts, conflict = ReportNarrativeForm(data, instance=report), section_forms(report, sections, data), None
    if data is not None and form.is_valid() and all(part.is_valid() for part in parts):
        try:
            services.report_update(
                report=report,
                by=request.user,
                form_data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
                sections={part.instance.pk: part.cleaned_data for part in parts},
            )
        except StaleEdit as stale:
            form, conflict = refused(
                form, stale.current, noun="report", history=selectors.report_history, instance=stale.current
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your changes to the draft are saved.")
            return redirect(report)
    # Each measure's roll-up, reasons and period facts, beside the box the author judges it in.
    facts = {m.reference: m for m in selectors.report_data(report, with_charts=False).measures}
    sections_with_facts = [
        (part, facts.get(part.instance.measure.reference) if part.instance.measure else None) for part in parts
    ]
    return respond(
        request,
        "reporting/report_edit.html",
        _context(
            access, report, form=form, parts=parts, sections_with_facts=sections_with_facts, tail=[("Edit", None)]
        ),
        conflict=conflict,
    )


@login_required
def report_preview(request: AuthenticatedHttpRequest, notice_pk: int, report_pk: int) -> HttpResponse:
    access, report = get_report_for_user(request.user, notice_pk, report_pk)
    if report.is_issued:
        return redirect(report)  # an issued report is its PDF; there is nothing to preview
    data = selectors.report_data(report)
    return render(
        request,
        "reporting/report_preview.html",
        _context(access, report, data=data, for_pdf=False, tail=[("Preview", None)]),
    )


@login_required
@require_POST
def report_draft_build(request: AuthenticatedHttpRequest, notice_pk: int, report_pk: int) -> HttpResponse:
    access, report = get_report_for_user(request.user, notice_pk, report_pk)
    if report.is_issued:
        raise Http404("An issued report has no draft.")
    if not can_write(access, report.kind):
        # Building replaces the draft PDF everyone reading the draft downloads: only its writers may.
        raise PermissionDenied("Your role on this notice does not write this report.")
    try:
        report = jobs.request_build(report=report, by=request.user, final=False, on=clock.today())
    except (ValidationError, IssuedReportError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("reports:report-detail", notice_pk, report_pk)


@login_required
def report_draft_download(request: AuthenticatedHttpRequest, notice_pk: int, report_pk: int) -> FileResponse:
    access, report = get_report_for_user(request.user, notice_pk, report_pk)
    if report.is_issued or not report.draft_file:
        raise Http404("No draft PDF has been built for this report.")
    name = services.file_name(report, on=clock.today(), draft=True)
    record_event(
        kind=SecurityEvent.Kind.REPORT_DRAFT_DOWNLOAD, request=request, notice=access.notice, obj=report, detail=name
    )
    return _stream(report.draft_file, name, report)


@login_required
def report_issue(request: AuthenticatedHttpRequest, notice_pk: int, report_pk: int) -> HttpResponse:
    access, report = get_report_for_user(request.user, notice_pk, report_pk, write=True)
    if report.is_issued:
        raise PermissionDenied("This report has already been issued.")
    today = clock.today()
    due = selectors.report_due(report)
    late = due is not None and today > due.due_on
    form = LateReasonForm(
        request.POST if request.method == "POST" else None, initial={"late_reason": report.late_reason}, late=late
    )
    if request.method == "POST" and form.is_valid():
        try:
            if late:
                services.late_reason_record(report=report, by=request.user, reason=form.cleaned_data["late_reason"])
            report = jobs.request_build(report=report, by=request.user, final=True, on=today)
        except (ValidationError, IssuedReportError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            report.refresh_from_db()
            if report.is_issued:
                messages.success(
                    request, f"{report} issued. Its PDF is stored with its SHA-256 and can no longer change."
                )
        return redirect("reports:report-detail", notice_pk, report_pk)
    context = _context(access, report, form=form, due=due, late=late, tail=[("Issue", None)])
    if late and due is not None:
        context["days_late"] = (today - due.due_on).days
    return render(request, "reporting/report_issue.html", context)


@login_required
def report_docx(request: AuthenticatedHttpRequest, notice_pk: int, report_pk: int) -> HttpResponse:
    """The Word copy of a report, draft or issued: for comment and committee papers (the PDF is the record)."""
    access, report = get_report_for_user(request.user, notice_pk, report_pk)
    content = word.report_docx(report)
    if report.is_issued:
        name, kind = f"{slugify(report.pdf_name.removesuffix('.pdf'))}.docx", SecurityEvent.Kind.REPORT_DOWNLOAD
    else:
        name = services.file_name(report, on=clock.today(), draft=True, extension="docx")
        kind = SecurityEvent.Kind.REPORT_DRAFT_DOWNLOAD
    record_event(kind=kind, request=request, notice=access.notice, obj=report, detail=f"Word copy: {name}")
    response = HttpResponse(content, content_type=word.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def report_download(request: AuthenticatedHttpRequest, notice_pk: int, report_pk: int) -> HttpResponse | FileResponse:
    access, report = get_report_for_user(request.user, notice_pk, report_pk)
    if not report.is_issued:
        raise Http404("The report has not been issued.")
    if not selectors.stored_pdf_matches(report):
        # The copy on disk is not the one issued: send nothing, and say so where it will be seen.
        detail = f"Refused: the stored file's SHA-256 differs from the record ({report.pdf_name})"
        record_event(
            kind=SecurityEvent.Kind.REPORT_DOWNLOAD, request=request, notice=access.notice, obj=report, detail=detail
        )
        logger.error("Issued report %s: stored file %s does not match its SHA-256", report.pk, report.pdf_file.name)
        return render(request, "reporting/report_mismatch.html", _context(access, report), status=409)
    record_event(
        kind=SecurityEvent.Kind.REPORT_DOWNLOAD,
        request=request,
        notice=access.notice,
        obj=report,
        detail=report.pdf_name,
    )
    return _stream(report.pdf_file, report.pdf_name, report)


def _stream(field_file, name: str, report: Report) -> FileResponse:
    return attachment_response(field_file, filename=name, content_type="application/pdf", owner=f"report {report.pk}")


@login_required
@upload_size_guarded
def report_verify(request: AuthenticatedHttpRequest, notice_pk: int, report_pk: int) -> HttpResponse:
    access, report = get_report_for_user(request.user, notice_pk, report_pk)
    if not report.is_issued:
        raise Http404("Only an issued report can be verified.")
    form, uploaded_sha256 = VerifyForm(request.POST or None, request.FILES or None), None
    if request.method == "POST" and form.is_valid():
        digest = hashlib.sha256()
        for chunk in form.cleaned_data["copy"].chunks():
            digest.update(chunk)
        uploaded_sha256 = digest.hexdigest()
    return render(
        request,
        "reporting/report_verify.html",
        _context(
            access,
            report,
            form=form,
            uploaded_sha256=uploaded_sha256,
            matches=uploaded_sha256 == report.pdf_sha256,
            tail=[("Verify a copy", None)],
        ),
    )


@login_required
def report_delete(request: AuthenticatedHttpRequest, notice_pk: int, report_pk: int) -> HttpResponse:
    access, report = get_report_for_user(request.user, notice_pk, report_pk, write=True)
    if report.is_issued:
        raise PermissionDenied("An issued report can never be deleted.")
    if request.method == "POST":
        try:
            services.report_delete(report=report, by=request.user)
        except (ValidationError, IssuedReportError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect(report)
        messages.success(request, f"The draft {report} was deleted.")
        return redirect("reports:report-list", notice_pk)
    return render(request, "reporting/report_delete.html", _context(access, report, tail=[("Delete", None)]))


@login_required
@require_POST
def report_correct(request: AuthenticatedHttpRequest, notice_pk: int, report_pk: int) -> HttpResponse:
    access, report = get_report_for_user(request.user, notice_pk, report_pk, write=True)
    if not report.is_issued:
        raise Http404("Only an issued report can be corrected.")
    try:
        correction = services.report_create(
            notice=access.notice,
            by=request.user,
            kind=report.kind,
            period_start=report.period_start,
            period_end=report.period_end,
            supersedes=report,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)
    messages.success(
        request, "A correction has been started from the issued report's words. Say what it corrects, then issue it."
    )
    return redirect("reports:report-edit", notice_pk, correction.pk)
