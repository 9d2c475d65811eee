import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.tests.helpers import authenticator_for, current_code
from audit.models import SecurityEvent
from measures.tests import factories

SETUP = reverse("accounts:two-factor-setup")
VERIFY = reverse("accounts:two-factor")


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED = True


def notice_url(personas) -> str:
    return reverse("dashboards:notice-detail", args=[personas.notice.pk])


@pytest.mark.parametrize("role", ["officer", "observer", "administrator"])
def test_a_member_without_an_authenticator_is_sent_to_set_one_up_first(client, personas, required, role):
    client.force_login(personas[role])
    response = client.get(notice_url(personas))
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fnotices%2F{personas.notice.pk}%2F"


def test_setting_up_shows_the_qr_code_and_the_key_to_type_in(client, personas, required):
    client.force_login(personas["officer"])
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=personas["officer"], confirmed=False)
    assert '<svg role="img" aria-label="QR code for your authenticator app' in page
    assert re.search(r'id="secret">([A-Z2-7]{4} ){7}[A-Z2-7]{4}</p>', page)
    assert client.get(SETUP).status_code == 200
    assert TOTPDevice.objects.filter(user=personas["officer"]).get() == device, "a reload keeps the key already scanned"


def test_confirming_with_a_right_code_shows_ten_recovery_codes_once_and_lets_them_in(client, personas, required):
    officer = personas["officer"]
    client.force_login(officer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)
    response = client.post(SETUP, {"code": current_code(device), "next": notice_url(personas)})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:recovery-codes"))
    page = client.get(response["Location"]).content.decode()
    codes = StaticToken.objects.filter(device__user=officer).values_list("token", flat=True)
    assert len(codes) == 10 and all(code in page for code in codes)
    assert client.get(response["Location"]).status_code == 302, "the codes are never shown again"
    assert client.get(notice_url(personas)).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert SecurityEvent.objects.filter(kind="otp_enrolled", user=officer).exists()


def test_a_wrong_code_while_setting_up_is_refused_and_the_form_shown_again(client, personas, required):
    client.force_login(personas["officer"])
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "That code is not right" in page
    assert 'value="000000"' in page, "the input is kept"
    assert not TOTPDevice.objects.filter(user=personas["officer"], confirmed=True).exists()


def test_a_member_with_an_authenticator_must_give_a_code_before_any_page(client, personas, required):
    authenticator_for(personas["chair"])
    client.force_login(personas["chair"])
    for url in [notice_url(personas), reverse("measures:notice-list"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(f"{VERIFY}?next="), url


def test_a_right_code_lets_them_in_and_back_to_the_page_they_asked_for(client, personas, required):
    device = authenticator_for(personas["chair"])
    client.force_login(personas["chair"])
    response = client.post(VERIFY, {"code": current_code(device), "next": notice_url(personas)})
    assert response.status_code == 302 and response["Location"] == notice_url(personas)
    assert client.get(notice_url(personas)).status_code == 200


def test_a_code_pasted_with_spaces_is_accepted(client, personas, required):
    device = authenticator_for(personas["chair"])
    client.force_login(personas["chair"])
    code = current_code(device)
    response = client.post(VERIFY, {"code": f" {code[:3]} {code[3:]} "})
    assert response.status_code == 302


def test_a_wrong_code_is_refused_recorded_and_then_throttled(client, personas, required):
    device = authenticator_for(personas["chair"])
    client.force_login(personas["chair"])
    first = client.post(VERIFY, {"code": "000000"})
    assert first.status_code == 200 and "That code is not right" in first.content.decode()
    assert SecurityEvent.objects.filter(kind="otp_failed", user=personas["chair"]).count() == 1
    # After a wrong code django-otp makes the device wait (1 s, then 2, 4…): even the right code waits.
    second = client.post(VERIFY, {"code": current_code(device)})
    assert "Too many wrong codes. Wait until" in second.content.decode()
    assert client.get(notice_url(personas)).status_code == 302


def test_a_recovery_code_lets_them_in_once_only(client, personas, required):
    officer = personas["officer"]
    authenticator_for(officer)
    codes = services.recovery_codes_replace(user=officer)
    client.force_login(officer)
    response = client.post(VERIFY, {"recovery_code": codes[0].upper(), "next": notice_url(personas)})
    assert response.status_code == 302 and response["Location"] == notice_url(personas)
    assert StaticToken.objects.filter(device__user=officer).count() == 9
    assert SecurityEvent.objects.filter(kind="recovery_code_used", user=officer).exists()
    client.logout()
    StaticDevice.objects.filter(user=officer).update(throttling_failure_count=0)
    client.force_login(officer)
    again = client.post(VERIFY, {"recovery_code": codes[0]})
    assert again.status_code == 200 and "That recovery code is not right, or was used already" in again.content.decode()


def test_code_fields_invite_autofill_and_paste(client, personas, required):
    authenticator_for(personas["chair"])
    client.force_login(personas["chair"])
    page = client.get(VERIFY).content.decode()
    found = re.search(r'<input[^>]*name="code"[^>]*>', page)
    assert found is not None
    code_input = found.group(0)
    assert 'autocomplete="one-time-code"' in code_input and 'inputmode="numeric"' in code_input
    assert "onpaste" not in page and "onpaste" not in client.get(SETUP).content.decode()


def test_signing_out_works_before_the_code_is_given(client, personas, required):
    authenticator_for(personas["chair"])
    client.force_login(personas["chair"])
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_accessibility_statement_needs_no_code(client, personas, required):
    client.force_login(personas["chair"])
    assert client.get(reverse("accessibility")).status_code == 200


def test_nobody_is_asked_for_a_code_when_two_factor_is_not_required(client, personas, settings):
    settings.OTP_REQUIRED = False
    authenticator_for(personas["chair"])
    client.force_login(personas["chair"])
    assert client.get(notice_url(personas)).status_code == 200


def test_a_user_with_no_role_anywhere_is_not_asked_but_staff_are(client, db, required):
    loner = factories.make_user("loner")
    client.force_login(loner)
    assert client.get(reverse("measures:notice-list")).status_code == 200
    loner.is_staff = True
    loner.save()
    assert client.get(reverse("measures:notice-list")).status_code == 302
