"""get_action_for_user: the action, or 404 for outsiders, or 403 for members without the right."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from actions.access import get_action_for_user
from actions.tests import factories as action_factories
from measures.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def actions(personas):
    police = factories.make_member(personas.notice, "officer", username="pc", organisation=personas.partner)
    ours = action_factories.make_action(personas.notice, owner=police, organisation=personas.organisation)
    owned = action_factories.make_action(personas.notice, owner=personas["officer"], organisation=personas.partner)
    theirs = action_factories.make_action(personas.notice, owner=police, organisation=personas.partner)
    return personas, ours, owned, theirs


def test_every_member_can_read_any_action_of_the_notice(actions):
    personas, ours, _, theirs = actions
    for role in ["observer", "lead_member", "mscb_chair", "officer"]:
        assert get_action_for_user(personas[role], personas.notice.pk, theirs.pk).action == theirs


def test_officer_can_write_actions_they_own_or_their_organisation_leads_only(actions):
    personas, ours, owned, theirs = actions
    officer = personas["officer"]
    assert get_action_for_user(officer, personas.notice.pk, ours.pk, write=True).can_edit
    assert get_action_for_user(officer, personas.notice.pk, owned.pk, write=True).can_edit
    with pytest.raises(PermissionDenied):
        get_action_for_user(officer, personas.notice.pk, theirs.pk, write=True)


def test_chair_and_administrator_can_write_any_action(actions):
    personas, _, _, theirs = actions
    for role in ["chair", "administrator"]:
        assert get_action_for_user(personas[role], personas.notice.pk, theirs.pk, write=True).can_edit


def test_observer_cannot_write_even_an_action_of_their_organisation(actions):
    personas, ours, _, _ = actions
    with pytest.raises(PermissionDenied):
        get_action_for_user(personas["observer"], personas.notice.pk, ours.pk, write=True)


def test_outsider_and_wrong_notice_get_404(actions):
    personas, ours, _, _ = actions
    with pytest.raises(Http404):
        get_action_for_user(personas["outsider"], personas.notice.pk, ours.pk)
    other = factories.make_notice("Other")
    factories.make_member(other, "chair", username="chair2")
    chair2 = other.memberships.get().user
    with pytest.raises(Http404):
        get_action_for_user(chair2, other.pk, ours.pk)
