"""Lifting a notice: the date and the Department's letter, then a read-only record that can still be reported on."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demo.evidence import checked, tiny_pdf
from measures.models import Notice
from measures.roles import Can, membership_can
from measures.services import LiftRefused, notice_lift

TODAY = date(2015, 2, 27)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.NOTICE_TRACKER_TODAY = TODAY


def lift_url(notice: Notice) -> str:
    return reverse("measures:notice-lift", args=[notice.pk])


def letter(name: str = "lifting-letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf("The Department lifts the notice"), "application/pdf")


def test_an_administrator_lifts_the_notice_with_its_letter(client, personas):
    notice = personas.notice
    client.force_login(personas["administrator"])
    response = client.post(lift_url(notice), {"lifted_on": "20/02/2015", "letter": letter(), "confirm": "on"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.status, notice.lifted_on, notice.lifting_letter_name) == (
        Notice.Status.LIFTED,
        date(2015, 2, 20),
        "lifting-letter.pdf",
    )
    assert notice.history.first().history_user == personas["administrator"]
    # Every member reads the letter; someone from another notice cannot even find it.
    letter_url = reverse("measures:lifting-letter", args=[notice.pk])
    client.force_login(personas["observer"])
    about = client.get(reverse("dashboards:notice-detail", args=[notice.pk])).content.decode()
    assert "This notice was lifted on 20 February 2015" in about and letter_url in about
    assert client.get(letter_url).status_code == 200
    client.force_login(personas["outsider"])
    assert client.get(letter_url).status_code == 404


def test_a_lifted_notice_is_read_only_but_still_reportable(personas):
    notice = personas.notice
    notice_lift(
        notice=notice,
        by=personas["administrator"],
        lifted_on=date(2015, 2, 20),
        letter=checked(tiny_pdf("x"), "l.pdf"),
        today=TODAY,
    )
    membership = {role: personas.notice.memberships.get(user=personas[role]) for role in ("chair", "officer")}
    for role in membership.values():
        role.notice.refresh_from_db()
    assert membership_can(membership["chair"], Can.VIEW)
    assert membership_can(membership["chair"], Can.WRITE_CHAIR_REPORT)
    for capability in (Can.RECORD_MEETINGS, Can.REVIEW_EVIDENCE, Can.JUDGE_MEASURES, Can.RECORD_DUTIES):
        assert not membership_can(membership["chair"], capability), capability
    for capability in (Can.CREATE_ACTION, Can.SUBMIT_EVIDENCE, Can.ENTER_INDICATORS):
        assert not membership_can(membership["officer"], capability), capability


def test_pages_that_write_refuse_once_lifted_and_reports_stay_open(client, personas):
    notice = personas.notice
    notice_lift(
        notice=notice,
        by=personas["administrator"],
        lifted_on=date(2015, 2, 20),
        letter=checked(tiny_pdf("x"), "l.pdf"),
        today=TODAY,
    )
    client.force_login(personas["officer"])
    assert client.get(reverse("actions:action-create", args=[notice.pk])).status_code == 403
    assert client.get(reverse("actions:action-list", args=[notice.pk])).status_code == 200
    client.force_login(personas["chair"])
    assert client.get(reverse("meetings:meeting-create", args=[notice.pk])).status_code == 403
    assert client.get(reverse("reports:report-create", args=[notice.pk])).status_code == 200
    # The lifting form is not offered again.
    client.force_login(personas["administrator"])
    assert client.get(lift_url(notice)).status_code == 302


@pytest.mark.parametrize(
    ("posted", "problem"),
    [
        ({"lifted_on": "01/03/2015", "confirm": "on"}, "has not come yet"),
        ({"lifted_on": "01/05/2014", "confirm": "on"}, "before the notice was issued"),
        ({"lifted_on": "20/02/2015"}, "Tick the box to confirm"),
        ({"lifted_on": "31/02/2015", "confirm": "on"}, "Lifted on"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_changes(client, personas, posted, problem):
    client.force_login(personas["administrator"])
    response = client.post(lift_url(personas.notice), {**posted, "letter": letter()})
    assert response.status_code == 200 and problem in response.content.decode()
    personas.notice.refresh_from_db()
    assert personas.notice.is_active and not personas.notice.has_lifting_letter


def test_the_letter_is_required_and_must_be_a_document(client, personas):
    client.force_login(personas["administrator"])
    missing = client.post(lift_url(personas.notice), {"lifted_on": "20/02/2015", "confirm": "on"})
    assert "Attach the Department&#x27;s letter lifting the notice." in missing.content.decode()
    image = SimpleUploadedFile("letter.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    wrong = client.post(lift_url(personas.notice), {"lifted_on": "20/02/2015", "confirm": "on", "letter": image})
    assert "The letter must be PDF, Word or plain text" in wrong.content.decode()
    personas.notice.refresh_from_db()
    assert personas.notice.is_active


def test_lifting_twice_is_refused(personas):
    args = {"by": personas["administrator"], "letter": checked(tiny_pdf("x"), "l.pdf"), "today": TODAY}
    notice_lift(notice=personas.notice, lifted_on=date(2015, 2, 20), **args)
    with pytest.raises(LiftRefused, match="already recorded as lifted on 20 February 2015"):
        notice_lift(notice=personas.notice, lifted_on=date(2015, 2, 21), **args)
