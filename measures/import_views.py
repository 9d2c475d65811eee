"""Importing a notice through the web: upload, review beside its text, correct, confirm; revised notices."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from measures import importing
from measures.access import get_notice_access
from measures.forms import ImportReview, MatchForm, NoticeUploadForm
from measures.importer.corrections import CorrectionError, Corrections, answers, duty_key
from measures.models import Measure, Notice, NoticeImport, Requirement
from measures.roles import Can
from notice_tracker.lib.concurrency import StaleEdit
from notice_tracker.lib.crumbs import notice_crumbs
from notice_tracker.lib.files import attachment_response
from notice_tracker.lib.http import AuthenticatedHttpRequest
from notice_tracker.lib.uploads import upload_size_guarded


def _upload(request: AuthenticatedHttpRequest, *, supersedes: Notice | None, context: dict) -> HttpResponse:
    form = NoticeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = importing.notice_import_upload(
                upload=form.cleaned_data["file"], by=request.user, supersedes=supersedes
            )
        except importing.ImportRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            messages.info(request, "Check what was read from the notice, correct what it guessed, then confirm.")
            return redirect(record.get_absolute_url())
    return render(request, "measures/import_upload.html", {"form": form, "supersedes": supersedes, **context})


@upload_size_guarded(what="Notices")
def import_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A superuser imports a notice: it has no administrator until it exists, and they become its first."""
    if not importing.may_import_new_notice(request.user):
        raise PermissionDenied("Only a superuser imports a new notice; a notice's administrators import its revision.")
    return _upload(request, supersedes=None, context={"title": "Import a notice", "notice": None, "breadcrumbs": None})


@upload_size_guarded(what="Notices")
def notice_revise(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    """A notice's administrator imports the revised notice that replaces it."""
    access = get_notice_access(request.user, notice_pk, need=Can.IMPORT_REVISION)
    about = reverse("dashboards:notice-detail", args=[notice_pk])
    return _upload(
        request,
        supersedes=access.notice,
        context={
            "access": access,
            "notice": access.notice,
            "title": "Import the revised notice",
            "breadcrumbs": notice_crumbs(access.notice, ("About this notice", about), ("Revised notice", None)),
        },
    )


def import_review(request: AuthenticatedHttpRequest, import_pk: int) -> HttpResponse:
    record = importing.get_import_for_user(request.user, import_pk)
    if record.is_confirmed:
        return render(request, "measures/import_done.html", {"record": record, "refusal": None})
    try:
        review = importing.review(record)
    except importing.ImportRefused as refusal:
        return render(request, "measures/import_done.html", {"record": record, "refusal": str(refusal)}, status=410)
    old_measures, old_requirements = _old_rows(record)
    mapping = record.mapping or (
        importing.suggested_mapping(record.supersedes, review.parsed) if record.supersedes else {}
    )
    forms = ImportReview(
        request.POST or None,
        parsed=review.parsed,
        corrections=Corrections.from_json(record.corrections),
        mapping=mapping,
        old_measures=old_measures,
        old_requirements=old_requirements,
        version=record.version,
    )
    status = 200
    if request.method == "POST" and forms.is_valid():
        expected = int(request.POST.get("version") or 0)
        corrections, mapping = forms.corrections(), forms.mapping()
        try:
            if "confirm" in request.POST:
                notice = importing.notice_import_confirm(
                    record=record, corrections=corrections, mapping=mapping, by=request.user, expected_version=expected
                )
                messages.success(request, f"{notice} is imported.")
                return redirect(notice.get_absolute_url())
            importing.notice_import_save(
                record=record, corrections=corrections, mapping=mapping, by=request.user, expected_version=expected
            )
            messages.success(request, "Your corrections are saved. Check the result, then confirm.")
            return redirect(record.get_absolute_url())
        except CorrectionError as error:
            forms.problems += error.problems
        except importing.ImportRefused as refusal:
            forms.problems.append(str(refusal))
        except StaleEdit:
            status = 409
            forms.problems.append(
                "Someone else saved corrections to this import after you opened it. Nothing was saved; "
                "open the page again to see theirs."
            )
    return render(request, "measures/import_review.html", _review_context(record, review, forms), status=status)


def _old_rows(record: NoticeImport) -> tuple[list[Measure], list[Requirement]]:
    if record.supersedes is None:
        return [], []
    measures = list(Measure.objects.filter(notice=record.supersedes).order_by("position"))
    requirements = list(
        Requirement.objects.filter(measure__notice=record.supersedes)
        .select_related("measure")
        .order_by("measure__position", "position")
    )
    return measures, requirements


def _review_context(record: NoticeImport, review: importing.Review, forms: ImportReview) -> dict:
    parsed = review.parsed
    requirement_forms = iter(forms.requirements.forms)
    measures = [
        {"measure": m, "form": form, "requirements": [(r, next(requirement_forms)) for r in m.requirements]}
        for m, form in zip(parsed.measures, forms.measures.forms, strict=True)
    ]
    duties = [
        {"duty": d, "form": form, "questions": [q for q in parsed.questions if answers(d, q)], "key": duty_key(d)}
        for d, form in zip(parsed.duties, forms.duties.forms, strict=True)
    ]
    old_measures, old_requirements = _old_rows(record)
    match_forms = forms.matches.forms
    matches: list[tuple[Measure | Requirement, MatchForm]] = [(m, match_forms[n]) for n, m in enumerate(old_measures)]
    matches += [(r, match_forms[len(old_measures) + n]) for n, r in enumerate(old_requirements)]
    unmatched = [row for row, form in matches if not (form["became"].value() or "")]
    corrected = review.corrected
    return {
        "record": record,
        "source_lines": review.source.text.splitlines(),
        "parsed": parsed,
        "corrected": corrected,
        "corrected_requirements": sum(len(m.requirements) for m in corrected.measures) if corrected else None,
        "measures": measures,
        "duties": duties,
        "forms": forms,
        "old_measure_matches": matches[: len(old_measures)],
        "old_requirement_matches": matches[len(old_measures) :],
        "unmatched_measures": [row for row in unmatched if isinstance(row, Measure)],
        "unmatched_requirements": [row for row in unmatched if isinstance(row, Requirement)],
        "problems": review.problems + forms.problems,
    }


@require_POST
def import_discard(request: AuthenticatedHttpRequest, import_pk: int) -> HttpResponse:
    record = importing.get_import_for_user(request.user, import_pk)
    back = (
        reverse("dashboards:notice-detail", args=[record.supersedes_id])
        if record.supersedes_id
        else reverse("measures:notice-list")
    )
    try:
        importing.notice_import_discard(record=record)
    except importing.ImportRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(record.get_absolute_url())
    messages.success(request, f"The import of {record.source_name} is discarded; nothing was imported.")
    return redirect(back)


def import_source(request: AuthenticatedHttpRequest, import_pk: int) -> FileResponse:
    """The file as uploaded, byte for byte (its SHA-256 is on the import's page)."""
    record = importing.get_import_for_user(request.user, import_pk)
    return attachment_response(
        record.source_file,
        filename=record.source_name,
        content_type=record.source_content_type,
        owner=f"notice import {record.pk}",
    )
