import pytest
from playwright.sync_api import expect

from measures.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_signs_in_and_reads_a_measure_and_its_requirements(personas, sign_in, page, assert_accessible):
    measure = factories.make_measure(
        personas.notice, "3A", heading="Improve the quality of child protection conferences"
    )
    factories.make_requirement(
        measure,
        "3A.1",
        text="attendance by relevant professionals at child protection conferences is achieved regularly;",
    )
    sign_in("officer")
    expect(page.get_by_role("heading", name="Your notices")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="Improvement Notice").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Medway Council")
    assert_accessible()
    page.get_by_role("link", name="Improve the quality of child protection conferences").click()
    expect(page.get_by_text("attendance by relevant professionals")).to_be_visible()
    assert_accessible()


def test_the_sign_in_page_explains_a_wrong_password(personas, live_server, page, assert_accessible):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("username or password is not right")
    assert_accessible()


def test_the_skip_link_appears_on_the_first_tab_and_moves_focus_to_the_content(
    personas, sign_in, page, assert_accessible
):
    sign_in("officer")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert_accessible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
