import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from measures.models import Membership
from measures.tests import factories

pytestmark = pytest.mark.django_db


def _link(mail) -> str:
    line = next(line for line in mail.body.splitlines() if "/invitations/" in line)
    return line.replace("http://127.0.0.1:8000", "")


def _invite(client, notice, *, name="Jo Smith", email="jo.smith@example.org", role="officer", **extra):
    # `username`, `first_name` and `last_name` are what the form asked before invitations; sent
    # too so that these tests fail, rather than error, on the code before them.
    first, _, last = name.partition(" ")
    data = {"name": name, "username": extra.pop("username", "j.smith"), "first_name": first, "last_name": last}
    data |= {"email": email, "role": role, **extra}
    return client.post(reverse("measures:person-add", args=[notice.pk]), data, follow=True)


def test_a_new_person_makes_their_account_through_the_single_use_invitation_link(
    client, personas, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(personas["administrator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, personas.notice, organisation=personas.partner.pk)
    assert "password" not in response.content.decode().lower().split("<main")[-1].split("</main>")[0]
    assert not Membership.objects.filter(notice=personas.notice, role="officer", organisation=personas.partner)
    (mail,) = mailoutbox
    assert mail.to == ["jo.smith@example.org"] and "Officer" in mail.body and "Hello Jo Smith" in mail.body
    link = _link(mail)
    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Sign in to accept" in page.content.decode()
    done = client.post(
        link, {"username": "jo.s", "password1": "a long new passphrase", "password2": "a long new passphrase"}
    )
    assert done.status_code == 302 and done["Location"].startswith(reverse("login"))
    user = get_user_model().objects.get(username="jo.s")
    assert user.check_password("a long new passphrase")
    assert (user.first_name, user.last_name, user.email) == ("Jo", "Smith", "jo.smith@example.org")
    membership = Membership.objects.get(user=user, notice=personas.notice)
    assert membership.role == "officer" and membership.organisation == personas.partner
    again = client.get(link)
    assert again.status_code == 410 and "already been accepted" in again.content.decode()
    reused = client.post(link, {"username": "jo.t", "password1": "another passphrase!", "password2": "x"})
    assert reused.status_code == 410 and not get_user_model().objects.filter(username="jo.t").exists()


def test_an_organisation_of_another_notice_cannot_be_chosen(client, personas):
    from measures.tests.factories import make_organisation

    foreign = make_organisation(personas["outsider"].memberships.get().notice, "Elsewhere Services")
    client.force_login(personas["administrator"])
    membership = Membership.objects.get(user=personas["officer"], notice=personas.notice)
    response = client.post(
        reverse("measures:person-edit", args=[personas.notice.pk, membership.pk]),
        {"role": "officer", "organisation": foreign.pk},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    membership.refresh_from_db()
    assert membership.organisation == personas.organisation


def test_role_changes_and_removals_are_kept_in_history(client, personas):
    client.force_login(personas["administrator"])
    membership = Membership.objects.get(user=personas["officer"], notice=personas.notice)
    client.post(
        reverse("measures:person-edit", args=[personas.notice.pk, membership.pk]),
        {"role": "lead_member", "organisation": personas.organisation.pk},
    )
    client.post(reverse("measures:person-remove", args=[personas.notice.pk, membership.pk]))
    kinds = list(
        Membership.history.filter(id=membership.pk).order_by("history_date").values_list("history_type", "role")
    )
    assert kinds == [("+", "officer"), ("~", "lead_member"), ("-", "lead_member")]
    assert all(h.history_user == personas["administrator"] for h in Membership.history.filter(id=membership.pk)[:2])


def test_administrators_cannot_remove_their_own_role(client, personas):
    admin = personas["administrator"]
    client.force_login(admin)
    own = Membership.objects.get(user=admin, notice=personas.notice)
    response = client.post(reverse("measures:person-remove", args=[personas.notice.pk, own.pk]), follow=True)
    assert "cannot remove your own role" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


# Security review (issue 13), finding 2: a DfE observer never reviews evidence.


def test_the_form_refuses_to_make_an_observer_an_evidence_reviewer_and_keeps_the_input(client, personas):
    client.force_login(personas["administrator"])
    response = client.post(
        reverse("measures:person-add", args=[personas.notice.pk]),
        {"name": "Dee Visitor", "email": "dee@example.org", "role": "observer", "can_review_evidence": "on"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "A DfE observer cannot review evidence" in body and 'value="Dee Visitor"' in body
    assert not personas.notice.invitations.exists()


def test_the_form_does_not_offer_evidence_review_when_changing_an_observer(client, personas):
    client.force_login(personas["administrator"])
    observer = Membership.objects.get(user=personas["observer"], notice=personas.notice)
    url = reverse("measures:person-edit", args=[personas.notice.pk, observer.pk])
    assert 'type="checkbox"' not in client.get(url).content.decode()
    response = client.post(url, {"role": "observer", "can_review_evidence": "on"})
    assert response.status_code == 302
    observer.refresh_from_db()
    assert observer.can_review_evidence is False


def test_the_service_refuses_to_make_an_observer_an_evidence_reviewer(personas):
    from django.core.exceptions import ValidationError

    from measures import services

    with pytest.raises(ValidationError):
        services.invitation_send(
            notice=personas.notice,
            name="Dee Two",
            email="dee2@example.org",
            role="observer",
            organisation=None,
            can_review_evidence=True,
        )
    observer = Membership.objects.get(user=personas["observer"], notice=personas.notice)
    with pytest.raises(ValidationError):
        services.membership_change(membership=observer, role="observer", organisation=None, can_review_evidence=True)
    officer = Membership.objects.get(user=personas["officer"], notice=personas.notice)
    with pytest.raises(ValidationError):
        services.membership_change(membership=officer, role="observer", organisation=None, can_review_evidence=True)
    assert not Membership.objects.filter(notice=personas.notice, role="observer", can_review_evidence=True).exists()


def test_the_role_check_ignores_the_reviewer_flag_on_an_observer(personas):
    from measures.roles import Can, membership_can

    observer = Membership.objects.get(user=personas["observer"], notice=personas.notice)
    observer.can_review_evidence = True  # as a row written before the rule, or by hand, might say
    assert not membership_can(observer, Can.REVIEW_EVIDENCE)


# Security review (issue 13), finding 6: adding a person never says whether, or whose, an account
# already exists. An invitation grants nothing until accepted, and shows only what was typed.


def _named(user, first: str, last: str, email: str):
    user.first_name, user.last_name, user.email = first, last, email
    user.save()
    return user


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_list_shows_the_typed_name_as_invited_never_the_accounts_own(
    client, personas, django_capture_on_commit_callbacks
):
    _named(personas["outsider"], "Olive", "Outsider", "olive@elsewhere.example")
    gone = _named(factories.make_user("gone", is_active=False), "Gina", "Gone", "gina@elsewhere.example")
    client.force_login(personas["administrator"])
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, personas.notice, name="Typed Person", username="outsider", email="olive@elsewhere.example")
        _invite(client, personas.notice, name="Another Typed", username="gone", email=gone.email)
    page = client.get(reverse("measures:people", args=[personas.notice.pk])).content.decode()
    assert "Typed Person" in page and "Another Typed" in page
    assert page.count(">Invited</span>") == 2
    for leak in ("Olive", "Outsider", ">outsider<", "Gina", "Gone", ">gone<", "Deactivated"):
        assert leak not in page, leak


def test_an_administrator_typing_their_own_or_an_existing_address_gets_the_same_flow(
    client, personas, mailoutbox, django_capture_on_commit_callbacks
):
    admin = _named(personas["administrator"], "Ada", "Admin", "ada@medway.example")
    _named(personas["outsider"], "Olive", "Outsider", "olive@elsewhere.example")
    client.force_login(admin)
    answers = {}
    with django_capture_on_commit_callbacks(execute=True):
        for username in ("outsider", "administrator", "nobody.yet"):  # an account elsewhere, their own, none
            name = f"Person {username}"
            response = _invite(client, personas.notice, name=name, username=username, email=admin.email)
            assert response.redirect_chain == [(reverse("measures:people", args=[personas.notice.pk]), 302)]
            answers[username] = [m.replace(name, "NAME") for m in _messages(response)]
        # An address some account already has gets the same answer as one none has.
        response = _invite(client, personas.notice, name="Olive O", email="olive@elsewhere.example")
        answers["existing address"] = [
            m.replace("Olive O", "NAME").replace("olive@elsewhere.example", admin.email) for m in _messages(response)
        ]
        response = _invite(client, personas.notice, name="New N", email="new.person@example.org")
        answers["new address"] = [
            m.replace("New N", "NAME").replace("new.person@example.org", admin.email) for m in _messages(response)
        ]
    assert len({tuple(said) for said in answers.values()}) == 1 and answers["outsider"]
    to_admin = [mail for mail in mailoutbox if mail.to == [admin.email]]
    assert len(to_admin) == 3
    bodies = {
        mail.body.replace(_link(mail), "LINK").replace(name, "NAME")
        for mail, name in zip(to_admin, ("Person outsider", "Person administrator", "Person nobody.yet"), strict=True)
    }
    assert len(bodies) == 1
    assert {mail.to[0] for mail in mailoutbox} == {admin.email, "olive@elsewhere.example", "new.person@example.org"}
    # Following the links (signed out) shows the same page whatever account the address belongs to.
    client.logout()
    pages = set()
    for mail, name in zip(to_admin, ("Person outsider", "Person administrator", "Person nobody.yet"), strict=True):
        link = _link(mail)
        body = client.get(link).content.decode().split("<main")[-1].split("</main>")[0]
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
        pages.add(body.replace(name, "NAME").replace(link.rstrip("/").rsplit("/", 1)[-1], "TOKEN"))
    assert len(pages) == 1
    assert not Membership.objects.filter(notice=personas.notice, user=personas["outsider"]).exists()


def _pending(client, personas, mailoutbox, capture, email="olive@elsewhere.example") -> str:
    client.force_login(personas["administrator"])
    with capture(execute=True):
        _invite(client, personas.notice, name="Olive O", username="outsider", email=email)
    client.logout()
    return _link(mailoutbox[-1])


def test_an_invitation_not_yet_accepted_opens_none_of_the_notices_pages(
    client, personas, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(personas["administrator"])
    _invite(client, personas.notice, name="Olive O", username="outsider", email="olive@elsewhere.example")
    client.force_login(personas["outsider"])
    notice = personas.notice
    for url in (
        reverse("dashboards:notice-detail", args=[notice.pk]),
        reverse("measures:people", args=[notice.pk]),
        reverse("actions:action-list", args=[notice.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert notice not in client.get(reverse("measures:notice-list")).context["notices"]


def test_accepting_signed_in_adds_the_role_to_that_account_once(
    client, personas, mailoutbox, django_capture_on_commit_callbacks
):
    link = _pending(client, personas, mailoutbox, django_capture_on_commit_callbacks)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    outsider = personas["outsider"]
    client.force_login(outsider)
    page = client.get(link).content.decode()
    assert "Accept the invitation" in page and "signed in as" in page
    done = client.post(reverse("measures:invitation-accept", args=[token]))
    assert done.status_code == 302 and done["Location"] == personas.notice.get_absolute_url()
    membership = Membership.objects.get(user=outsider, notice=personas.notice)
    assert membership.role == "officer"
    assert client.get(personas.notice.get_absolute_url()).status_code == 200
    again = client.post(reverse("measures:invitation-accept", args=[token]))
    assert again.status_code == 410 and "already been accepted" in again.content.decode()
    # Now a member who accepted: the list shows their account.
    client.force_login(personas["administrator"])
    page = client.get(reverse("measures:people", args=[personas.notice.pk])).content.decode()
    assert ">outsider<" in page and ">Invited</span>" not in page


def test_an_expired_invitation_says_so_and_grants_nothing(
    client, personas, mailoutbox, django_capture_on_commit_callbacks, settings
):
    from datetime import timedelta

    from django.utils import timezone

    link = _pending(client, personas, mailoutbox, django_capture_on_commit_callbacks)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    invitation = personas.notice.invitations.get()
    assert invitation.expires_at - invitation.sent_at == timedelta(days=settings.INVITATION_DAYS) == timedelta(7)
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invitation.save()
    expired = "This invitation has expired; ask your notice&#x27;s administrator to send a new one."
    page = client.get(link)
    assert page.status_code == 410 and expired in page.content.decode()
    made = client.post(
        link, {"username": "olive.new", "password1": "a long new passphrase", "password2": "a long new passphrase"}
    )
    assert made.status_code == 410 and not get_user_model().objects.filter(username="olive.new").exists()
    client.force_login(personas["outsider"])
    refused = client.post(reverse("measures:invitation-accept", args=[token]))
    assert refused.status_code == 410 and expired in refused.content.decode()
    assert not Membership.objects.filter(user=personas["outsider"], notice=personas.notice).exists()
    client.force_login(personas["administrator"])
    people = client.get(reverse("measures:people", args=[personas.notice.pk])).content.decode()
    assert "<strong>Expired</strong>" in people


def test_a_resent_invitation_has_a_new_link_and_the_old_one_stops_working(
    client, personas, mailoutbox, django_capture_on_commit_callbacks
):
    old = _pending(client, personas, mailoutbox, django_capture_on_commit_callbacks)
    invitation = personas.notice.invitations.get()
    client.force_login(personas["administrator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("measures:invitation-resend", args=[personas.notice.pk, invitation.pk]), follow=True
        )
    assert "A new invitation has been e-mailed to Olive O" in " ".join(_messages(response))
    new = _link(mailoutbox[-1])
    assert new != old and mailoutbox[-1].to == ["olive@elsewhere.example"]
    client.force_login(personas["outsider"])
    assert client.get(old).status_code == 410 and "not valid" in client.get(old).content.decode()
    assert client.get(new).status_code == 200


def test_a_cancelled_invitation_stops_working(client, personas, mailoutbox, django_capture_on_commit_callbacks):
    link = _pending(client, personas, mailoutbox, django_capture_on_commit_callbacks)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    invitation = personas.notice.invitations.get()
    client.force_login(personas["administrator"])
    response = client.post(reverse("measures:invitation-cancel", args=[personas.notice.pk, invitation.pk]), follow=True)
    assert "The invitation to Olive O is cancelled" in " ".join(_messages(response))
    assert "Olive O" not in response.content.decode().split("<main")[-1].split("</main>")[0].replace(
        "The invitation to Olive O is cancelled", ""
    )
    client.force_login(personas["outsider"])
    assert client.get(link).status_code == 410
    assert client.post(reverse("measures:invitation-accept", args=[token])).status_code == 410
    assert not Membership.objects.filter(user=personas["outsider"], notice=personas.notice).exists()


def test_another_notices_administrator_cannot_resend_or_cancel_an_invitation(
    client, personas, mailoutbox, django_capture_on_commit_callbacks
):
    _pending(client, personas, mailoutbox, django_capture_on_commit_callbacks)
    invitation = personas.notice.invitations.get()
    other = personas["outsider"].memberships.get()
    other.role = "administrator"
    other.save()
    client.force_login(personas["outsider"])
    for name in ("measures:invitation-resend", "measures:invitation-cancel"):
        assert client.post(reverse(name, args=[other.notice_id, invitation.pk])).status_code == 404
    assert personas.notice.invitations.filter(pk=invitation.pk).exists()


def test_someone_who_already_has_a_role_cannot_accept_a_second(
    client, personas, mailoutbox, django_capture_on_commit_callbacks
):
    link = _pending(client, personas, mailoutbox, django_capture_on_commit_callbacks)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    client.force_login(personas["observer"])
    response = client.post(reverse("measures:invitation-accept", args=[token]))
    assert response.status_code == 410 and "already have a role on this notice" in response.content.decode()
    assert Membership.objects.get(user=personas["observer"], notice=personas.notice).role == "observer"
