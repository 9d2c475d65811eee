"""A council's first day from an empty database: import the notice naming its first administrator,
DfE officials observing every notice in one step, and a superuser's view of every notice."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import SecurityEvent
from measures.models import DepartmentObserver, Invitation, Membership, Notice
from measures.services import department_observer_add
from measures.tests import factories

NOTICES = Path(__file__).resolve().parent / "notices"
MEDWAY = Path(__file__).resolve().parents[1] / "notices" / "medway-2014-05-21.txt"
NORTHBRIDGE = NOTICES / "northbridge-2015-03-02.txt"
pytestmark = pytest.mark.django_db


def run(*args: object) -> str:
    out = StringIO()
    call_command(*map(str, args), stdout=out)
    return out.getvalue()


def test_importing_with_an_administrator_invites_them_and_nobody_else(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = run(
            "import_notice", MEDWAY, "--administrator", "dcs.office@medway.example", "--administrator-name", "Ann Admin"
        )
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.name, invitation.role, invitation.notice.authority.name) == (
        "dcs.office@medway.example",
        "Ann Admin",
        Membership.Role.ADMINISTRATOR,
        "Medway Council",
    )
    assert "Invited dcs.office@medway.example to be the notice's administrator" in output
    assert [mail.to for mail in mailoutbox] == [["dcs.office@medway.example"]]
    assert "/invitations/" in mailoutbox[0].body
    assert not Membership.objects.exists()  # nothing is granted until the link is followed


def test_a_dry_run_says_what_it_would_do_and_does_nothing(mailoutbox):
    output = run("import_notice", MEDWAY, "--dry-run", "--administrator", "dcs.office@medway.example")
    assert "Would create:" in output and "Created:" not in output
    assert "Would invite dcs.office@medway.example" in output
    assert not Notice.objects.exists() and not Invitation.objects.exists() and mailoutbox == []


def test_a_bad_administrator_address_is_refused_before_anything_is_imported():
    with pytest.raises(CommandError, match="'not-an-address' is not an e-mail address. Nothing was imported"):
        run("import_notice", MEDWAY, "--administrator", "not-an-address")
    assert not Notice.objects.exists()


def test_a_dfe_official_observes_every_notice_and_every_later_one():
    run("import_notice", MEDWAY)
    medway = Notice.objects.get()
    official = factories.make_user("dfe.lead", email="lead@education.example")
    chair_elsewhere = factories.make_user("chair.elsewhere")
    other = factories.make_notice("Elsewhere Council")
    Membership.objects.create(user=official, notice=other, role=Membership.Role.CHAIR)  # a role already held stays
    output = run("department_observer", "add", "lead@education.example")
    assert "dfe.lead now observes every notice (1 gained them)" in output
    roles = dict(Membership.objects.filter(user=official).values_list("notice_id", "role"))
    assert roles == {medway.pk: Membership.Role.OBSERVER, other.pk: Membership.Role.CHAIR}
    run("import_notice", NORTHBRIDGE)
    northbridge = Notice.objects.get(authority__name__startswith="Northbridge")
    assert Membership.objects.get(user=official, notice=northbridge).role == Membership.Role.OBSERVER
    assert not Membership.objects.filter(user=chair_elsewhere).exists()
    assert "dfe.lead" in run("department_observer", "list")
    removed = run("department_observer", "remove", "dfe.lead")
    assert "2 observer roles removed" in removed
    assert list(Membership.objects.filter(user=official).values_list("role", flat=True)) == [Membership.Role.CHAIR]
    assert not DepartmentObserver.objects.exists()


def test_the_observer_command_names_what_is_wrong():
    with pytest.raises(CommandError, match="No account is called or has the address 'nobody'"):
        run("department_observer", "add", "nobody")
    with pytest.raises(CommandError, match="Say whose account"):
        run("department_observer", "add")
    gone = factories.make_user("gone", is_active=False)
    with pytest.raises(ValueError, match="gone's account is deactivated"):
        department_observer_add(user=gone)


def test_a_superuser_sees_every_notice_and_each_look_is_logged(client):
    run("import_notice", MEDWAY)
    ann = factories.make_member(Notice.objects.get(), Membership.Role.ADMINISTRATOR, username="ann")
    ann.email = "ann@medway.example"
    ann.save()
    factories.make_notice("Elsewhere Council")
    root = factories.make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    page = client.get(reverse("dashboards:system-notices")).content.decode()
    assert "Medway Council" in page and "Elsewhere Council" in page
    assert "ann &lt;ann@medway.example&gt;" in page and "None yet" in page
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SYSTEM_VIEW)
    assert event.user == root
