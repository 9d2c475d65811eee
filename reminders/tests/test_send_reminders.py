"""send_reminders: one digest a person with something to do, never two the same day (Django's locmem outbox)."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from actions.tests import factories as action_factories
from measures.models import Duty
from measures.tests import factories
from reminders.models import ReminderDigest
from reminders.services import send_reminders

ON = date(2015, 2, 27)


@pytest.fixture(autouse=True)
def email_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://tracker.example.org/"
    settings.DEFAULT_FROM_EMAIL = "notice-tracker@example.org"


@pytest.fixture
def world(personas):
    for role in ("officer", "chair", "observer", "administrator", "lead_member", "mscb_chair", "outsider"):
        personas[role].email = f"{role}@example.org"
        personas[role].first_name, personas[role].last_name = role.title(), "Person"
        personas[role].save()
    notice = personas.notice
    action_factories.make_action(
        notice,
        owner=personas["officer"],
        organisation=personas.organisation,
        reference="A-1",
        title="Audit twenty case files",
        due_on=date(2015, 1, 31),
    )
    action_factories.make_action(
        notice,
        owner=personas["officer"],
        organisation=personas.organisation,
        reference="A-2",
        title="Publish the thresholds document",
        due_on=date(2015, 3, 6),
    )
    factories.make_duty(
        notice,
        Duty.Code.REPORT_TO_DFE,
        title="Report on progress to DfE",
        cadence_months=None,
        starts_on=None,
        due_on=date(2015, 3, 2),
        section="13",
    )
    return personas


def sent_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_each_person_with_something_to_do_gets_one_digest_of_their_own(world):
    summary = send_reminders(on=ON)
    assert sorted(summary.sent) == ["chair", "officer", "outsider"]  # the outsider chairs a notice with no meetings
    assert len(mail.outbox) == 3
    [officer] = sent_to("officer@example.org")
    assert officer.subject == "Notice Tracker: 2 things to do (27 February 2015)"
    assert officer.from_email == "notice-tracker@example.org"
    assert "A-1 Audit twenty case files: was due 31 January 2015 (27 days overdue)" in officer.body
    assert "A-2 Publish the thresholds document: due 6 March 2015, 0% complete" in officer.body
    assert f"https://tracker.example.org/notices/{world.notice.pk}/actions/" in officer.body
    assert "Report on progress to DfE" not in officer.body
    html, mimetype = officer.alternatives[0]
    assert mimetype == "text/html" and '<a href="https://tracker.example.org/notices/' in html
    [chair] = sent_to("chair@example.org")
    assert "Report on progress to DfE (section 13): due 2 March 2015" in chair.body
    assert "Board meeting: overdue: the Board should have met by 21 June 2014." in chair.body
    assert "Audit twenty case files" not in chair.body


def test_nobody_with_nothing_to_do_is_emailed(world):
    summary = send_reminders(on=ON)
    for role in ("observer", "administrator", "lead_member", "mscb_chair"):
        assert sent_to(f"{role}@example.org") == []
    assert summary.nothing_to_do == 4


def test_a_second_run_the_same_day_sends_nothing_but_the_next_day_sends_again(world):
    send_reminders(on=ON)
    again = send_reminders(on=ON)
    assert len(mail.outbox) == 3
    assert again.sent == [] and sorted(again.already_sent) == ["chair", "officer", "outsider"]
    assert ReminderDigest.objects.filter(sent_on=ON).count() == 3
    send_reminders(on=date(2015, 2, 28))
    assert len(mail.outbox) == 6


def test_inactive_people_get_nothing(world):
    officer = world["officer"]
    officer.is_active = False
    officer.save()
    summary = send_reminders(on=ON)
    assert sent_to("officer@example.org") == []
    assert "officer" not in summary.sent


def test_people_without_an_email_address_are_reported_not_recorded(world):
    officer = world["officer"]
    officer.email = ""
    officer.save()
    summary = send_reminders(on=ON)
    assert summary.no_address == ["officer"]
    assert not ReminderDigest.objects.filter(user=officer).exists()


def test_a_failed_send_is_not_recorded_so_the_next_run_retries(world, settings):
    settings.EMAIL_BACKEND = "reminders.tests.failing_backend.EmailBackend"
    summary = send_reminders(on=ON)
    assert sorted(summary.failed) == ["chair", "officer", "outsider"]
    assert ReminderDigest.objects.count() == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert sorted(send_reminders(on=ON).sent) == ["chair", "officer", "outsider"]


def test_the_digest_record_keeps_the_count_and_a_checksum_of_the_body(world):
    send_reminders(on=ON)
    digest = ReminderDigest.objects.get(user=world["officer"])
    assert digest.item_count == 2 and len(digest.body_sha256) == 64


def test_the_command_runs_as_of_a_date_and_a_dry_run_sends_and_records_nothing(world):
    out = StringIO()
    call_command("send_reminders", "--date", "2015-02-27", "--dry-run", stdout=out)
    assert "Would send 3 digests: chair, officer, outsider" in out.getvalue()
    assert mail.outbox == [] and ReminderDigest.objects.count() == 0
    out = StringIO()
    call_command("send_reminders", "--date", "2015-02-27", stdout=out)
    assert "Reminders for 27 February 2015:" in out.getvalue() and "Sent 3 digests" in out.getvalue()
    assert len(mail.outbox) == 3


def test_the_command_refuses_a_date_it_cannot_read(world):
    with pytest.raises(CommandError, match="--date must be a date like 2015-02-27"):
        call_command("send_reminders", "--date", "27/02/2015", stdout=StringIO())


def test_the_command_uses_the_pinned_clock_by_default(world, settings):
    settings.NOTICE_TRACKER_TODAY = ON
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Reminders for 27 February 2015:" in out.getvalue()
