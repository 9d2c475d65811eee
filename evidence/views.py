"""Evidence pages: access → form → service → redirect. Files only ever leave through `revision_download`,
and page images of them (PNG drawn on the server, evidence/previews.py) through `revision_preview`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from audit.models import SecurityEvent
from audit.services import record_event
from evidence import previews, selectors, services
from evidence.access import (
    can_edit,
    get_evidence_for_user,
    revision_downloadable,
    sees_restricted,
    visibility_filter,
)
from evidence.export import FORMATS, export_response
from evidence.filters import EvidenceFilter
from evidence.forms import EvidenceItemForm, ReviewForm, RevisionForm, RevisionVisibilityForm
from evidence.list_rows import evidence_row_html
from evidence.models import EvidenceRevision
from measures.access import get_notice_access
from measures.roles import Can
from measures.selectors import notice_names
from notice_tracker.lib import clock
from notice_tracker.lib.concurrency import StaleEdit
from notice_tracker.lib.conflict import refused, respond
from notice_tracker.lib.crumbs import notice_crumbs
from notice_tracker.lib.files import attachment_response
from notice_tracker.lib.fragments import notice_mark
from notice_tracker.lib.http import AuthenticatedHttpRequest
from notice_tracker.lib.pagination import get_page
from notice_tracker.lib.uploads import upload_size_guarded


def _crumbs(notice, *tail):
    return notice_crumbs(notice, ("Evidence", reverse("evidence:item-list", args=[notice.pk])), *tail)


@login_required
def item_list(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    filters = EvidenceFilter(request.GET or None, queryset=selectors.visible_evidence(access), notice=access.notice)
    page = SimpleLazyObject(lambda: get_page(selectors.evidence_page_rows(filters.qs), request.GET.get("page")))
    return render(
        request,
        "evidence/item_list.html",
        {
            "access": access,
            "notice": access.notice,
            "filters": filters,
            "items": SimpleLazyObject(lambda: page.object_list),
            "rows_html": SimpleLazyObject(lambda: [evidence_row_html(item) for item in page.object_list]),
            "page": page,
            # The table is made from records the notice's mark covers and the names of its members and
            # organisations, for what this member may see: kept per process under the mark, those names,
            # that visibility and the query, and read (`page`) only when it is rendered again.
            "position_mark": notice_mark(access.notice, on=clock.today()),
            "table_key": "|".join(
                [request.GET.urlencode(), str(visibility_filter(access)), notice_names(access.notice.pk)]
            ),
            "can_submit": access.can(Can.SUBMIT_EVIDENCE),
            "query": request.GET.urlencode(),
            "breadcrumbs": notice_crumbs(access.notice, ("Evidence", None)),
        },
    )


@login_required
def item_export(request: AuthenticatedHttpRequest, notice_pk: int, fmt: str) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    if fmt not in FORMATS:
        raise Http404("Export as csv or xlsx.")
    filters = EvidenceFilter(request.GET or None, queryset=selectors.visible_evidence(access), notice=access.notice)
    stem = f"evidence-notice-{access.notice.pk}"
    record_event(
        kind=SecurityEvent.Kind.EXPORT, request=request, notice=access.notice, detail=f"evidence list {fmt.upper()}"
    )
    return export_response(selectors.evidence_list(filters.qs), fmt=fmt, filename_stem=stem)


def _history_for(access):
    """The item's history as this member may read it (for the page shown on a refused edit)."""
    return lambda item: selectors.evidence_history(item, restricted_era_shown=sees_restricted(access, item))


def _preview(detail: selectors.EvidenceDetail, item) -> previews.Preview | None:
    """The current file version's preview, when the member may download that version."""
    current = next((r for r in detail.revisions if r.pk == item.current_revision_id), None)
    if current is None or not current.downloadable:  # type: ignore[attr-defined]  # set by evidence_detail
        return None
    return previews.preview_of(current)


@login_required
def item_detail(request: AuthenticatedHttpRequest, notice_pk: int, item_pk: int) -> HttpResponse:
    access, item = get_evidence_for_user(request.user, notice_pk, item_pk)
    detail = selectors.evidence_detail(item, access)
    return render(
        request,
        "evidence/item_detail.html",
        {
            "access": access,
            "notice": access.notice,
            "item": item,
            "detail": detail,
            "preview": _preview(detail, item),
            "can_edit": can_edit(access, item),
            "can_review": access.can(Can.REVIEW_EVIDENCE) and item.submitted_by_id != request.user.pk,
            "breadcrumbs": _crumbs(access.notice, (item.title, None)),
        },
    )


@login_required
@upload_size_guarded
def item_submit(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.SUBMIT_EVIDENCE)
    posted = request.method == "POST"
    # "Submit evidence for A-004" on an action's page starts the form linked to that action.
    action = request.GET.get("action", "")
    initial = {"actions": [int(action)]} if action.isdigit() and len(action) < 10 else {}
    form = EvidenceItemForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        notice=access.notice,
        with_file=True,
        initial=initial,
    )
    if posted and form.is_valid():
        try:
            item = services.evidence_submit(
                notice=access.notice,
                by=request.user,
                organisation=access.membership.organisation,
                form_data=form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Evidence “{item.title}” submitted for review.")
            return redirect(item)
    return render(
        request,
        "evidence/item_form.html",
        {
            "notice": access.notice,
            "form": form,
            "heading": "Submit evidence",
            "button": "Submit evidence",
            "breadcrumbs": _crumbs(access.notice, ("Submit", None)),
        },
    )


@login_required
def item_edit(request: AuthenticatedHttpRequest, notice_pk: int, item_pk: int) -> HttpResponse:
    access, item = get_evidence_for_user(request.user, notice_pk, item_pk, write=True)
    posted, conflict = request.method == "POST", None
    form = EvidenceItemForm(request.POST if posted else None, instance=item, notice=access.notice, with_file=False)
    if posted and form.is_valid():
        try:
            services.evidence_update(
                item=item,
                by=request.user,
                form_data=form.cleaned_data,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleEdit as stale:
            form, conflict = refused(
                form,
                stale.current,
                noun="evidence",
                history=_history_for(access),
                instance=item,
                notice=access.notice,
                with_file=False,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Changes saved.")
            return redirect(item)
    return respond(
        request,
        "evidence/item_form.html",
        {
            "notice": access.notice,
            "item": item,
            "form": form,
            "heading": f"Edit “{item.title}”",
            "button": "Save changes",
            "breadcrumbs": _crumbs(access.notice, (item.title, item.get_absolute_url()), ("Edit", None)),
        },
        conflict=conflict,
    )


@login_required
@upload_size_guarded
def item_revise(request: AuthenticatedHttpRequest, notice_pk: int, item_pk: int) -> HttpResponse:
    access, item = get_evidence_for_user(request.user, notice_pk, item_pk, write=True)
    posted, conflict = request.method == "POST", None
    form = RevisionForm(
        request.POST if posted else None, request.FILES if posted else None, initial={"version": item.version}
    )
    if posted and form.is_valid():
        try:
            services.evidence_add_revision(
                item=item,
                by=request.user,
                upload=form.cleaned_data["file"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit as stale:
            form, conflict = refused(form, stale.current, noun="evidence", history=_history_for(access))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "New version uploaded; the item goes back for review.")
            return redirect(item)
    return respond(
        request,
        "evidence/revision_form.html",
        {
            "notice": access.notice,
            "item": item,
            "form": form,
            "breadcrumbs": _crumbs(access.notice, (item.title, item.get_absolute_url()), ("New version", None)),
        },
        conflict=conflict,
    )


@login_required
def item_review(request: AuthenticatedHttpRequest, notice_pk: int, item_pk: int) -> HttpResponse:
    access, item = get_evidence_for_user(request.user, notice_pk, item_pk, need=Can.REVIEW_EVIDENCE)
    posted, conflict = request.method == "POST", None
    form = ReviewForm(request.POST if posted else None, initial={"version": item.version})
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            services.evidence_review(
                item=item,
                by=request.user,
                decision=data["decision"],
                note=data["note"],
                expected_version=data["version"],
            )
        except StaleEdit as stale:
            form, conflict = refused(form, stale.current, noun="evidence", history=_history_for(access))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Review recorded.")
            return redirect(item)
    detail = selectors.evidence_detail(item, access)
    return respond(
        request,
        "evidence/review_form.html",
        {
            "notice": access.notice,
            "item": item,
            "form": form,
            "detail": detail,
            "preview": _preview(detail, item),
            "breadcrumbs": _crumbs(access.notice, (item.title, item.get_absolute_url()), ("Review", None)),
        },
        conflict=conflict,
    )


@login_required
def revision_download(request: AuthenticatedHttpRequest, notice_pk: int, item_pk: int, number: int) -> FileResponse:
    access, item = get_evidence_for_user(request.user, notice_pk, item_pk)
    revision = get_object_or_404(item.revisions, number=number)
    if not revision_downloadable(access, item, revision):
        raise Http404("No such file version.")  # as if it did not exist: a withdrawn or restricted version
    record_event(kind=SecurityEvent.Kind.EVIDENCE_DOWNLOAD, request=request, notice=access.notice, obj=revision)
    return attachment_response(
        revision.file,
        filename=revision.original_name,
        content_type=revision.content_type,
        owner=f"evidence revision {revision.pk}",
    )


@login_required
def revision_preview(
    request: AuthenticatedHttpRequest, notice_pk: int, item_pk: int, number: int, page: int
) -> HttpResponse:
    """A page of a file version as a PNG drawn on the server, for whoever may download that version."""
    access, item = get_evidence_for_user(request.user, notice_pk, item_pk)
    revision = get_object_or_404(item.revisions, number=number)
    if not revision_downloadable(access, item, revision):
        raise Http404("No such file version.")  # as for the download: a withdrawn or restricted version
    try:
        png = previews.page_png(revision, page)
    except previews.NoPreview as problem:
        return HttpResponse(str(problem), status=404, content_type="text/plain; charset=utf-8")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = HttpResponse(png, content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = f'inline; filename="evidence-{item.pk}-v{revision.number}-page-{page}.png"'
    response["Cache-Control"] = "private, max-age=3600"  # the same bytes for as long as the version exists
    return response


@login_required
@require_POST
def revision_visibility(request: AuthenticatedHttpRequest, notice_pk: int, item_pk: int, number: int) -> HttpResponse:
    access, item = get_evidence_for_user(request.user, notice_pk, item_pk, write=True)
    form = RevisionVisibilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose who may download this version.")
        return redirect(item)
    try:
        revision = services.evidence_revision_visibility(
            item=item, number=number, by=request.user, visibility=form.cleaned_data["visibility"]
        )
    except EvidenceRevision.DoesNotExist:
        raise Http404("No such file version.") from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Version {revision.number}: {revision.get_visibility_display().lower()}.")
    return redirect(item)
