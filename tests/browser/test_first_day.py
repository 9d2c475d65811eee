"""A real council's first day, from an empty database: the Medway notice is imported naming its
first administrator, who follows the e-mailed link, makes an account, signs in, and invites the Chair."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from measures.models import Invitation, Membership, Notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MEDWAY = Path(__file__).resolve().parents[2] / "measures" / "notices" / "medway-2014-05-21.txt"


def test_from_an_empty_database_to_the_first_administrator_inviting_the_chair(
    page, live_server, settings, mailoutbox, assert_accessible
):
    settings.SITE_URL = live_server.url
    assert not Notice.objects.exists()
    call_command(
        "import_notice",
        str(MEDWAY),
        "--administrator",
        "children.services@medway.example",
        "--administrator-name",
        "Priya Shah",
        stdout=StringIO(),
    )
    (mail,) = mailoutbox
    link = re.search(r"https?://\S+/invitations/\S+/", mail.body)
    assert link, mail.body

    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="Your invitation")).to_be_visible()
    expect(page.locator("main")).to_contain_text("invited to be Administrator on the notice to Medway Council")
    assert_accessible()
    page.get_by_label("Username").fill("priya.shah")
    page.locator("#id_password1").fill("a long council passphrase")
    page.locator("#id_password2").fill("a long council passphrase")
    page.get_by_role("button", name="Make my account and accept").click()

    expect(page.get_by_text("Your account priya.shah is made")).to_be_visible()
    page.get_by_label("Username").fill("priya.shah")
    page.get_by_label("Password").fill("a long council passphrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Medway Council")

    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Invite a person").click()
    page.get_by_label("Their name").fill("Helen Ward")
    page.get_by_label("Their e-mail address").fill("helen.ward@board.example")
    page.get_by_label("Role").select_option(label="Improvement Board Chair")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Helen Ward is invited to be Improvement Board Chair on this notice")).to_be_visible()
    assert_accessible()

    notice = Notice.objects.get()
    assert Membership.objects.get(notice=notice).user.username == "priya.shah"
    assert Invitation.objects.get(notice=notice, accepted_at__isnull=True).role == Membership.Role.CHAIR
    assert [m.to for m in mailoutbox] == [["children.services@medway.example"], ["helen.ward@board.example"]]
