import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from measures.models import Membership

pytestmark = pytest.mark.django_db


def test_a_new_person_is_e_mailed_a_single_use_link_to_choose_their_password(
    client, personas, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(personas["administrator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("measures:person-add", args=[personas.notice.pk]),
            {
                "username": "j.smith",
                "first_name": "Jo",
                "last_name": "Smith",
                "email": "jo.smith@example.org",
                "role": "officer",
                "organisation": personas.partner.pk,
            },
            follow=True,
        )
    membership = Membership.objects.get(user__username="j.smith")
    assert membership.role == "officer" and membership.organisation == personas.partner
    assert "password" not in response.content.decode().lower().split("<main")[-1].split("</main>")[0]
    user = get_user_model().objects.get(username="j.smith")
    assert not user.has_usable_password()
    (mail,) = mailoutbox
    assert mail.to == ["jo.smith@example.org"] and "Officer" in mail.body
    link = next(line for line in mail.body.splitlines() if "/accounts/set-password/" in line)
    client.logout()
    form_url = client.get(link.replace("http://127.0.0.1:8000", ""), follow=True).redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"})
    assert done.status_code == 302 and done["Location"] == reverse("login")
    user.refresh_from_db()
    assert user.check_password("a long new passphrase")
    again = client.get(link.replace("http://127.0.0.1:8000", ""), follow=True)
    assert "has expired or has already been used" in again.content.decode()


def test_granting_a_second_role_on_the_same_notice_is_refused_with_the_input_kept(client, personas):
    client.force_login(personas["administrator"])
    response = client.post(
        reverse("measures:person-add", args=[personas.notice.pk]),
        {"username": "officer", "email": "x@example.org", "role": "chair"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "already has a role on this notice" in body and 'value="officer"' in body
    assert Membership.objects.get(user=personas["officer"], notice=personas.notice).role == "officer"


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
        {"username": "dfe.visitor", "role": "observer", "can_review_evidence": "on"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "A DfE observer cannot review evidence" in body and 'value="dfe.visitor"' in body
    assert not Membership.objects.filter(user__username="dfe.visitor").exists()


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
        services.membership_grant(
            notice=personas.notice, username="dfe.two", role="observer", organisation=None, can_review_evidence=True
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


# Security review (issue 13), finding 6: adding a person never says whether the account existed.


def _add(client, notice, username: str):
    return client.post(
        reverse("measures:person-add", args=[notice.pk]),
        {"username": username, "email": f"{username}@example.org", "role": "officer"},
        follow=True,
    )


def test_adding_an_existing_account_answers_exactly_as_adding_a_new_one(
    client, personas, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(personas["administrator"])
    with django_capture_on_commit_callbacks(execute=True):
        existing = _add(client, personas.notice, "outsider")  # an account on another notice
        new = _add(client, personas.notice, "newcomer")
    said = [
        [str(m).replace(name, "NAME") for m in r.context["messages"]]
        for r, name in ((existing, "outsider"), (new, "newcomer"))
    ]
    assert said[0] == said[1] and said[0]
    assert existing.redirect_chain == [(reverse("measures:people", args=[personas.notice.pk]), 302)]
    assert new.redirect_chain == existing.redirect_chain
    assert "password" not in " ".join(said[0]).lower()
    assert Membership.objects.filter(notice=personas.notice, user__username__in=["outsider", "newcomer"]).count() == 2
