"""Notice pages: the list of notices, a notice's people and roles, and the invitations to them."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from measures import services
from measures.access import NoticeAccess, get_notice_access, notices_for_user
from measures.forms import InvitationForm, MembershipForm, NewAccountForm, NewSingleSignOnAccountForm, NoticeLiftForm
from measures.models import Invitation, Membership
from measures.roles import Can, membership_can
from notice_tracker.lib import clock
from notice_tracker.lib.crumbs import notice_crumbs
from notice_tracker.lib.files import attachment_response
from notice_tracker.lib.historydiff import record_history
from notice_tracker.lib.http import AuthenticatedHttpRequest
from notice_tracker.lib.uploads import upload_size_guarded


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


def _get_invitation(access: NoticeAccess, invitation_pk: int) -> Invitation:
    invitation = access.notice.invitations.filter(pk=invitation_pk, accepted_at__isnull=True).first()
    if invitation is None:
        raise Http404("No such invitation on this notice.")
    return invitation


def people(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.ADMINISTER)
    members = list(access.notice.memberships.select_related("user", "organisation").order_by("role", "user__last_name"))
    for member in members:
        member.notice = access.notice
        member.reviews_evidence = membership_can(member, Can.REVIEW_EVIDENCE)  # type: ignore[attr-defined]  # read by the page
    # Invitations show only what the administrator typed: never an account's own details.
    invitations = list(
        access.notice.invitations.filter(accepted_at__isnull=True).select_related("organisation").order_by("name")
    )
    return render(
        request,
        "measures/people.html",
        {
            "access": access,
            "notice": access.notice,
            "members": members,
            "invitations": invitations,
            "breadcrumbs": notice_crumbs(access.notice, ("People and roles", None)),
        },
    )


def person_add(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.ADMINISTER)
    form = InvitationForm(request.POST or None, notice=access.notice)
    if request.method == "POST" and form.is_valid():
        invitation = services.invitation_send(notice=access.notice, invited_by=request.user, **form.cleaned_data)
        # The same words whoever the address belongs to (security review, issue 13, finding 6).
        messages.success(
            request,
            f"{invitation.name} is invited to be {invitation.get_role_display()} on this notice. "
            f"They get the role when they accept the invitation e-mailed to {invitation.email}.",
        )
        return redirect(_people_url(notice_pk))
    return render(
        request,
        "measures/person_form.html",
        {
            "access": access,
            "notice": access.notice,
            "form": form,
            "title": "Invite a person",
            "breadcrumbs": notice_crumbs(access.notice, ("People and roles", _people_url(notice_pk)), ("Invite", None)),
        },
    )


@require_POST
def invitation_resend(request: AuthenticatedHttpRequest, notice_pk: int, invitation_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.ADMINISTER)
    invitation = _get_invitation(access, invitation_pk)
    services.invitation_resend(invitation=invitation)
    messages.success(
        request,
        f"A new invitation has been e-mailed to {invitation.name} at {invitation.email}; the earlier link no longer works.",
    )
    return redirect(_people_url(notice_pk))


@require_POST
def invitation_cancel(request: AuthenticatedHttpRequest, notice_pk: int, invitation_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.ADMINISTER)
    invitation = _get_invitation(access, invitation_pk)
    services.invitation_cancel(invitation=invitation)
    messages.success(request, f"The invitation to {invitation.name} is cancelled; its link no longer works.")
    return redirect(_people_url(notice_pk))


def _invitation_or_refusal(request: HttpRequest, token: str) -> Invitation | HttpResponse:
    try:
        return services.invitation_for_token(token)
    except services.InvitationError as refusal:
        return render(request, "measures/invitation.html", {"refusal": str(refusal)}, status=410)


@never_cache
@login_not_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: accept signed in, or make an account and accept with it.

    The page is the same whoever the invitation's address belongs to; nothing on it depends on
    which accounts exist.
    """
    found = _invitation_or_refusal(request, token)
    if isinstance(found, HttpResponse):
        return found
    form = None
    if not request.user.is_authenticated:
        form_class = NewAccountForm if settings.PASSWORD_SIGN_IN else NewSingleSignOnAccountForm
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    user = form.save(commit=False)
                    first, _, last = found.name.rpartition(" ")
                    user.first_name, user.last_name = (first, last) if first else (last, "")
                    user.email = found.email
                    user.save()
                    services.invitation_accept(token=token, user=user)
            except services.InvitationError as refusal:
                return render(request, "measures/invitation.html", {"refusal": str(refusal)}, status=410)
            messages.success(
                request,
                f"Your account {user.username} is made, and you are {found.get_role_display()} on the notice to "
                f"{found.notice.authority.name}. "
                + (
                    "Sign in with your new password; you will then set up two-factor sign-in."
                    if settings.PASSWORD_SIGN_IN
                    else "Sign in with your council account."
                ),
            )
            return redirect(f"{reverse('login')}?{urlencode({'next': found.notice.get_absolute_url()})}")
    return render(
        request,
        "measures/invitation.html",
        {
            "invitation": found,
            "token": token,
            "form": form,
            "sign_in_url": f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}",
        },
    )


@require_POST
def invitation_accept(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """Accept as the person signed in (and through two-factor sign-in, like every signed-in page)."""
    try:
        membership = services.invitation_accept(token=token, user=request.user)
    except services.InvitationError as refusal:
        return render(request, "measures/invitation.html", {"refusal": str(refusal)}, status=410)
    messages.success(
        request,
        f"You are now {membership.get_role_display()} on the notice to {membership.notice.authority.name}.",
    )
    return redirect(membership.notice.get_absolute_url())


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


@upload_size_guarded(what="Letters")
def notice_lift(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    """An administrator records that the Department lifted the notice, with its letter."""
    access = get_notice_access(request.user, notice_pk, need=Can.ADMINISTER)
    about = reverse("dashboards:notice-detail", args=[notice_pk])
    if not access.notice.is_active:
        messages.info(request, f"The notice was lifted on {access.notice.lifted_on:%-d %B %Y}.")
        return redirect(about)
    form = NoticeLiftForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_lift(
                notice=access.notice,
                by=request.user,
                lifted_on=form.cleaned_data["lifted_on"],
                letter=form.cleaned_data["letter"],
                today=clock.today(),
            )
        except services.LiftRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The notice is recorded as lifted. Its records are now read-only.")
            return redirect(about)
    return render(
        request,
        "measures/notice_lift.html",
        {
            "access": access,
            "notice": access.notice,
            "form": form,
            "breadcrumbs": notice_crumbs(
                access.notice, ("About this notice", about), ("Record the notice lifted", None)
            ),
        },
    )


def lifting_letter(request: AuthenticatedHttpRequest, notice_pk: int) -> FileResponse:
    """The letter lifting the notice: every member may read it."""
    notice = get_notice_access(request.user, notice_pk).notice
    if not notice.has_lifting_letter:
        raise Http404("No letter lifting this notice is recorded.")
    return attachment_response(
        notice.lifting_letter_file,
        filename=notice.lifting_letter_name,
        content_type=notice.lifting_letter_content_type,
        owner=f"lifting letter of notice {notice.pk}",
    )
