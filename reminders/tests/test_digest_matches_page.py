"""The daily digest and the My work page say the same, for every demo user: both read work_for."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from demo.notices import PEOPLE
from reminders.selectors import NoticeWork, work_for
from reminders.services import build_digest
from tests.demo import DEMO_TODAY

pytestmark = pytest.mark.pdf  # the demo issues its reports as PDFs


@pytest.fixture(scope="module")
def demo(loaded_demo):
    return loaded_demo


def item_urls(work: list[NoticeWork]) -> list[str]:
    urls = []
    for w in work:
        for items in (w.actions, w.missing_figures, w.duties, w.to_review, w.returned, w.reports):
            urls += [item.url for item in items]
        if w.board_meeting:
            urls.append(w.board_meeting.url)
    return urls


@pytest.mark.parametrize("username", [person[0] for person in PEOPLE])
def test_the_digest_lists_exactly_what_the_page_lists(demo, db, client, settings, username):
    settings.NOTICE_TRACKER_TODAY = DEMO_TODAY
    user = get_user_model().objects.get(username=username)
    work = work_for(user, on=DEMO_TODAY)
    client.force_login(user)
    page = client.get(reverse("reminders:my-work")).content.decode()
    digest = build_digest(user, work, on=DEMO_TODAY)
    assert digest.item_count == sum(w.item_count for w in work)
    for url in item_urls(work):
        assert f'href="{url}"' in page, url
        assert url in digest.text and url in digest.html, url
    if not work:
        assert "Nothing is due" in page


def test_the_chair_and_the_mscb_chair_see_what_the_demo_left_them(demo, db, settings):
    settings.NOTICE_TRACKER_TODAY = DEMO_TODAY
    users = get_user_model().objects
    [chair] = work_for(users.get(username="chair"), on=DEMO_TODAY)
    assert len(chair.to_review) >= 5  # the evidence awaiting her review
    assert any(r.overdue and r.row.kind == "chair_report" for r in chair.reports)  # her late report to the Minister
    [mscb] = work_for(users.get(username="mscb.chair"), on=DEMO_TODAY)
    assert any(r.overdue and r.row.kind == "mscb_update" for r in mscb.reports)  # her late 3-monthly update
