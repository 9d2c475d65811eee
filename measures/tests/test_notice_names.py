"""notice_names: the key of the names a notice's lists show, moving when one of them changes."""

import pytest

from measures.models import Membership
from measures.selectors import notice_names
from measures.tests import factories

pytestmark = pytest.mark.django_db


def test_the_key_moves_when_a_members_or_an_organisations_name_changes_and_only_then():
    notice, other = factories.make_notice("First"), factories.make_notice("Second")
    organisation = factories.make_organisation(notice, "Children's services")
    member = factories.make_user("member")
    Membership.objects.create(user=member, notice=notice, role="officer", organisation=organisation)
    before = notice_names(notice.pk)
    assert notice_names(notice.pk) == before != notice_names(other.pk)
    member.first_name = "Helen"
    member.save()
    renamed = notice_names(notice.pk)
    assert renamed != before
    organisation.name = "Early help"
    organisation.save()
    now = notice_names(notice.pk)
    assert now not in (before, renamed)
    factories.make_organisation(other, "Elsewhere")  # another notice's: not this one's names
    assert notice_names(notice.pk) == now
