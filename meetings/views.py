"""Board meeting pages: access → form → service → redirect. Minutes leave only through `minutes_download`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from audit.models import SecurityEvent
from audit.services import record_event
from measures.access import get_notice_access
from measures.roles import Can
from meetings import selectors, services
from meetings.access import get_meeting_for_user
from meetings.forms import BoardMeetingForm, DfeReviewForm, guest_formset, guests_from
from meetings.models import DfeReview
from meetings.rows import meeting_row
from notice_tracker.lib import clock
from notice_tracker.lib.concurrency import StaleEdit
from notice_tracker.lib.conflict import refused, respond
from notice_tracker.lib.crumbs import notice_crumbs
from notice_tracker.lib.files import attachment_response
from notice_tracker.lib.http import AuthenticatedHttpRequest
from notice_tracker.lib.uploads import upload_size_guarded


def _crumbs(notice, *tail):
    return notice_crumbs(notice, ("Board meetings", reverse("meetings:meeting-list", args=[notice.pk])), *tail)


@login_required
def meeting_list(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    today = clock.today()
    page = selectors.meeting_page(access.notice, request.GET.get("page"))
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "access": access,
            "notice": access.notice,
            "today": today,
            "cadence": selectors.board_cadence(access.notice, on=today),
            "page": page,
            "meeting_rows": [meeting_row(meeting) for meeting in page.object_list],
            "can_record": access.can(Can.RECORD_MEETINGS),
            "breadcrumbs": notice_crumbs(access.notice, ("Board meetings", None)),
        },
    )


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, notice_pk: int, meeting_pk: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request.user, notice_pk, meeting_pk)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "access": access,
            "notice": access.notice,
            "meeting": meeting,
            "detail": selectors.meeting_detail(meeting, on=clock.today()),
            "can_record": access.can(Can.RECORD_MEETINGS),
            "breadcrumbs": _crumbs(access.notice, (str(meeting), None)),
        },
    )


@login_required
@upload_size_guarded
def meeting_create(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.RECORD_MEETINGS)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = BoardMeetingForm(data, files, notice=access.notice)
    guests = guest_formset(data, notice=access.notice)
    if data is not None and form.is_valid() and guests.is_valid():
        try:
            meeting = services.meeting_create(
                notice=access.notice, by=request.user, form_data={**form.cleaned_data, "guests": guests_from(guests)}
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{meeting} recorded.")
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "access": access,
            "notice": access.notice,
            "form": form,
            "guests": guests,
            "heading": "Record a Board meeting",
            "button": "Record meeting",
            "breadcrumbs": _crumbs(access.notice, ("Record", None)),
        },
    )


@login_required
@upload_size_guarded
def meeting_edit(request: AuthenticatedHttpRequest, notice_pk: int, meeting_pk: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request.user, notice_pk, meeting_pk, need=Can.RECORD_MEETINGS)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = BoardMeetingForm(data, files, instance=meeting, notice=access.notice)
    guests = guest_formset(data, notice=access.notice, meeting=meeting)
    conflict = None
    if data is not None and form.is_valid() and guests.is_valid():
        try:
            services.meeting_update(
                meeting=meeting,
                by=request.user,
                form_data={**form.cleaned_data, "guests": guests_from(guests)},
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleEdit as stale:
            form, conflict = refused(
                form,
                stale.current,
                noun="meeting",
                history=selectors.meeting_history,
                instance=stale.current,
                notice=access.notice,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Changes saved.")
            return redirect(meeting)
    return respond(
        request,
        "meetings/meeting_form.html",
        {
            "access": access,
            "notice": access.notice,
            "meeting": meeting,
            "form": form,
            "guests": guests,
            "heading": f"Edit the Board meeting of {meeting.held_on.day} {meeting.held_on:%B %Y}",
            "button": "Save changes",
            "breadcrumbs": _crumbs(access.notice, (str(meeting), meeting.get_absolute_url()), ("Edit", None)),
        },
        conflict=conflict,
    )


@login_required
def minutes_download(request: AuthenticatedHttpRequest, notice_pk: int, meeting_pk: int) -> FileResponse:
    access, meeting = get_meeting_for_user(request.user, notice_pk, meeting_pk)
    if not meeting.has_minutes:
        raise Http404("No minutes file is recorded for this meeting.")
    record_event(
        kind=SecurityEvent.Kind.MINUTES_DOWNLOAD,
        request=request,
        notice=access.notice,
        obj=meeting,
        detail=meeting.minutes_name,
    )
    return attachment_response(
        meeting.minutes_file,
        filename=meeting.minutes_name,
        content_type=meeting.minutes_content_type,
        owner=f"minutes of meeting {meeting.pk}",
    )


def _review_crumbs(notice, *tail):
    return _crumbs(notice, ("DfE reviews", reverse("meetings:review-list", args=[notice.pk])), *tail)


@login_required
def review_list(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    """The Department's six-monthly progress reviews and what each concluded."""
    access = get_notice_access(request.user, notice_pk)
    return render(
        request,
        "meetings/review_list.html",
        {
            "access": access,
            "notice": access.notice,
            "reviews": selectors.review_rows(access.notice),
            "can_record": access.can(Can.RECORD_MEETINGS),
            "breadcrumbs": _crumbs(access.notice, ("DfE reviews", None)),
        },
    )


@login_required
def review_create(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.RECORD_MEETINGS)
    form = DfeReviewForm(request.POST or None, notice=access.notice)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_record(notice=access.notice, by=request.user, form_data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{review} recorded.")
            return redirect("meetings:review-list", notice_pk=notice_pk)
    return render(
        request,
        "meetings/review_form.html",
        {
            "access": access,
            "notice": access.notice,
            "form": form,
            "heading": "Record a DfE progress review",
            "button": "Record review",
            "breadcrumbs": _review_crumbs(access.notice, ("Record", None)),
        },
    )


@login_required
def review_edit(request: AuthenticatedHttpRequest, notice_pk: int, review_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.RECORD_MEETINGS)
    review = DfeReview.objects.filter(notice=access.notice, pk=review_pk).first()
    if review is None:
        raise Http404("No such DfE review.")
    form = DfeReviewForm(request.POST or None, instance=review, notice=access.notice)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.review_update(
                review=review,
                by=request.user,
                form_data=form.cleaned_data,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleEdit as stale:
            form, conflict = refused(
                form,
                stale.current,
                noun="review",
                history=selectors.review_history,
                instance=stale.current,
                notice=access.notice,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Changes saved.")
            return redirect("meetings:review-list", notice_pk=notice_pk)
    return respond(
        request,
        "meetings/review_form.html",
        {
            "access": access,
            "notice": access.notice,
            "review": review,
            "form": form,
            "history": selectors.review_history(review),
            "heading": f"Edit the DfE review of {review.held_on.day} {review.held_on:%B %Y}",
            "button": "Save changes",
            "breadcrumbs": _review_crumbs(access.notice, (str(review), None)),
        },
        conflict=conflict,
    )
