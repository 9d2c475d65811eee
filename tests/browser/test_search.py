"""An officer finds a piece of evidence by a word in its title through the navbar's search box (issue 12)."""

import pytest
from playwright.sync_api import expect

from evidence.tests.factories import make_item
from measures.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_finds_evidence_by_a_word_in_its_title_and_opens_it(personas, sign_in, page, assert_accessible):
    item = make_item(
        personas.notice,
        personas["chair"],
        title="Return home interviews audit, October 2014",
        description="Interviews held within 72 hours for children who went missing.",
    )
    police = factories.make_member(personas.notice, "officer", organisation=personas.partner)
    make_item(personas.notice, police, title="Police interviews with a missing child", restricted=True)
    sign_in("officer")
    search = page.get_by_role("search", name="Quick search")
    search.get_by_label("Search your notices").fill("interviews")
    search.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.get_by_role("status")).to_contain_text("1 result for “interviews”")
    evidence = page.get_by_role("region", name="Evidence")
    expect(evidence.get_by_role("link")).to_have_count(1)
    expect(page.get_by_text("Police interviews")).to_have_count(0)  # another organisation's restricted item
    assert_accessible()

    evidence.get_by_role("link", name=item.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(item.title)
    assert page.url.endswith(item.get_absolute_url())
