"""Notice pages: the list of notices, and a notice's people and roles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from measures import services
from measures.access import NoticeAccess, get_notice_access, notices_for_user
from measures.forms import MembershipForm, NewMemberForm
from measures.models import Membership
from measures.roles import Can, membership_can
from notice_tracker.lib.crumbs import notice_crumbs
from notice_tracker.lib.historydiff import record_history
from notice_tracker.lib.http import AuthenticatedHttpRequest


@login_required
def notice_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notices = notices_for_user(request.user).select_related("supersedes").order_by("-issued_on")
    return render(request, "measures/notice_list.html", {"notices": notices})


def _people_url(notice_pk: int) -> str:
    return reverse("measures:people", args=[notice_pk])


def _get_membership(access: NoticeAccess, membership_pk: int) -> Membership:
    membership = access.notice.memberships.select_related("user", "organisation").filter(pk=membership_pk).first()
    if membership is None:
        raise Http404("No such member of this notice.")
    return membership


def people(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.ADMINISTER)
    members = list(access.notice.memberships.select_related("user", "organisation").order_by("role", "user__last_name"))
    for member in members:
        member.reviews_evidence = membership_can(member, Can.REVIEW_EVIDENCE)  # type: ignore[attr-defined]  # read by the page
    return render(
        request,
        "measures/people.html",
        {
            "access": access,
            "notice": access.notice,
            "members": members,
            "breadcrumbs": notice_crumbs(access.notice, ("People and roles", None)),
        },
    )


def person_add(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.ADMINISTER)
    form = NewMemberForm(request.POST or None, notice=access.notice)
    if request.method == "POST" and form.is_valid():
        membership = services.membership_grant(notice=access.notice, **form.cleaned_data)
        # The same words whether or not the account existed (security review, issue 13, finding 6).
        messages.success(
            request,
            f"{form.cleaned_data['username']} is now {membership.get_role_display()} on this notice, "
            "and has been e-mailed about it.",
        )
        return redirect(_people_url(notice_pk))
    return render(
        request,
        "measures/person_form.html",
        {
            "access": access,
            "notice": access.notice,
            "form": form,
            "title": "Add a person",
            "breadcrumbs": notice_crumbs(access.notice, ("People and roles", _people_url(notice_pk)), ("Add", None)),
        },
    )


def person_edit(request: AuthenticatedHttpRequest, notice_pk: int, membership_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.ADMINISTER)
    membership = _get_membership(access, membership_pk)
    form = MembershipForm(request.POST or None, instance=membership, notice=access.notice)
    if request.method == "POST" and form.is_valid():
        services.membership_change(membership=membership, **form.cleaned_data)
        messages.success(request, f"{membership.user.username}'s role is saved.")
        return redirect(_people_url(notice_pk))
    return render(
        request,
        "measures/person_form.html",
        {
            "access": access,
            "notice": access.notice,
            "form": form,
            "membership": membership,
            "title": f"Role of {membership.user.get_full_name() or membership.user.username}",
            "history": record_history(membership),
            "breadcrumbs": notice_crumbs(
                access.notice, ("People and roles", _people_url(notice_pk)), ("Change role", None)
            ),
        },
    )


@require_POST
def person_remove(request: AuthenticatedHttpRequest, notice_pk: int, membership_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.ADMINISTER)
    membership = _get_membership(access, membership_pk)
    if membership.user_id == request.user.pk:
        messages.error(request, "You cannot remove your own role; ask another administrator.")
    else:
        services.membership_remove(membership=membership)
        messages.success(request, f"{membership.user.username} no longer has a role on this notice.")
    return redirect(_people_url(notice_pk))
