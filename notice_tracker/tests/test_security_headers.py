"""Headers on every answer, no caching of signed-in pages, generic error pages, no inline script."""

import re
from pathlib import Path

from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

ROOT = Path(settings.BASE_DIR)


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


def test_every_page_forbids_inline_and_remote_script_and_framing(client, personas):
    client.force_login(personas["officer"])
    for url in [reverse("login"), reverse("dashboards:notice-detail", args=[personas.notice.pk])]:
        response = client.get(url)
        policy = directives(response)
        assert policy["script-src"] == "script-src 'self'"
        assert policy["object-src"] == "object-src 'none'" and policy["frame-ancestors"] == "frame-ancestors 'none'"
        assert "unsafe-eval" not in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_no_template_carries_inline_script_or_event_handler_attributes():
    offenders = []
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts or "node_modules" in template.parts:
            continue
        text = template.read_text()
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0) or not re.search(r"<script\b[^>]*>\s*</script>", text[match.start() :]):
                offenders.append(f"{template.relative_to(ROOT)}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{template.relative_to(ROOT)}: on…= event handler attribute")
        if re.search(r"""href\s*=\s*["']\s*javascript:""", text, re.IGNORECASE):
            offenders.append(f"{template.relative_to(ROOT)}: javascript: link")
    assert offenders == []


def test_signed_in_answers_are_never_stored_but_the_sign_in_page_may_be(client, personas):
    client.force_login(personas["officer"])
    page = client.get(reverse("dashboards:notice-detail", args=[personas.notice.pk]))
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    export = client.get(reverse("evidence:item-export", args=[personas.notice.pk, "csv"]))
    assert "no-store" in export["Cache-Control"]
    client.logout()
    assert "no-store" not in client.get(reverse("accessibility")).get("Cache-Control", "")


def test_a_refusal_shows_the_generic_page_saying_the_role_does_not_allow_it(client, personas):
    client.force_login(personas["observer"])
    response = client.get(reverse("evidence:item-submit", args=[personas.notice.pk]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Your role on this notice does not allow it" in page and "Traceback" not in page


def test_an_unknown_address_shows_the_generic_not_found_page(client, personas):
    client.force_login(personas["officer"])
    response = client.get("/notices/999999/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_server_error_page_is_plain_html_that_cannot_fail_to_render():
    source = (ROOT / "templates" / "500.html").read_text()
    assert "{%" not in source and "{{" not in source
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "Sorry, there is a problem with the service" in response.content.decode()


def test_the_expired_form_page_replaces_djangos_csrf_message(client, personas):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(personas["officer"])
    response = strict.post(reverse("evidence:item-submit", args=[personas.notice.pk]), {})
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
