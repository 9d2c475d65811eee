import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from measures.models import Membership

pytestmark = pytest.mark.django_db


def test_administrator_grants_a_role_to_a_new_person_and_sees_the_temporary_password_once(client, personas):
    client.force_login(personas["administrator"])
    response = client.post(
        reverse("measures:person-add", args=[personas.notice.pk]),
        {
            "username": "j.smith",
            "first_name": "Jo",
            "last_name": "Smith",
            "role": "officer",
            "organisation": personas.partner.pk,
        },
        follow=True,
    )
    membership = Membership.objects.get(user__username="j.smith")
    assert membership.role == "officer" and membership.organisation == personas.partner
    assert "temporary password" in response.content.decode()
    assert get_user_model().objects.get(username="j.smith").has_usable_password()


def test_granting_a_second_role_on_the_same_notice_is_refused_with_the_input_kept(client, personas):
    client.force_login(personas["administrator"])
    response = client.post(
        reverse("measures:person-add", args=[personas.notice.pk]),
        {"username": "officer", "role": "chair"},
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
