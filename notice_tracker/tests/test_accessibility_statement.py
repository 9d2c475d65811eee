from django.urls import reverse


def test_anyone_can_read_the_accessibility_statement_without_signing_in(client, db):
    response = client.get(reverse("accessibility"))
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200
    for text in [
        "Accessibility statement for Notice Tracker",
        "fully compliant with the",
        "Web Content Accessibility Guidelines version 2.2</a> AA standard",
        "Non-accessible content",
        "Reporting accessibility problems with this service",
        "Equality and Human Rights Commission (EHRC)",
        "Equality Commission for Northern Ireland",
        "axe-core",
        "How we tested this service",
        "signed out after 30 minutes without activity",
        "2 minutes before that, a message asks whether you want to stay signed in",
    ]:
        assert text in page, text
    # The timeout warning (tests/browser/test_session_timeout.py) met 2.2.1: no longer declared a failure.
    assert "2.2.1" not in page and "no warning" not in page
    # Reflow (tests/browser/test_every_page.py checks every page at 320 px): no longer declared a failure.
    assert "1.4.10" not in page and "scroll sideways as a whole" not in page


def test_the_footer_of_every_page_links_to_the_statement(client, db):
    page = client.get(reverse("login")).content.decode()
    assert f'<a href="{reverse("accessibility")}">Accessibility statement</a>' in page


def test_the_statement_names_the_configured_contact(client, db, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "digital@medway.gov.uk"
    assert "mailto:digital@medway.gov.uk" in client.get(reverse("accessibility")).content.decode()
