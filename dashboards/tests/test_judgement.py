"""The Chair's monthly judgement of a measure: recorded with history, shown beside the data's rating."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from dashboards.tests.dashboard_data import TODAY, populate
from measures.models import Measure
from progress.models import MeasureJudgement
from progress.position import current_position, forget_local_positions, notice_position
from progress.services import judgement_record

FORM = {"rag": "amber", "sentence": "Recruitment is turning the corner; the data lags.", "version": "0"}


@pytest.fixture(autouse=True)
def _pinned_today_and_empty_cache(settings):
    settings.NOTICE_TRACKER_TODAY = TODAY
    cache.clear()
    forget_local_positions()


@pytest.fixture
def measure(personas):
    populate(personas)
    return Measure.objects.filter(notice=personas.notice).order_by("position").first()


def judgement_url(measure):
    return reverse("dashboards:measure-judgement", args=[measure.notice_id, measure.reference])


def test_the_chair_records_a_judgement_and_every_page_shows_it_beside_the_data(client, personas, measure):
    client.force_login(personas["chair"])
    response = client.post(judgement_url(measure), FORM)
    assert response.status_code == 302
    judgement = MeasureJudgement.objects.get(measure=measure)
    assert (judgement.month, judgement.rag, judgement.recorded_by) == (date(2015, 2, 1), "amber", personas["chair"])
    rollup = current_position(personas.notice, on=TODAY).rollup.for_measure(measure.pk)
    assert rollup is not None
    data_rag = rollup.rag
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "February 2015" in page and FORM["sentence"] in page
    assert ("differs from the data" in page) == (data_rag != "amber")
    dashboard = client.get(reverse("dashboards:dashboard", args=[personas.notice.pk])).content.decode()
    assert f'data-fact="measure-judgement:{measure.reference}"' in dashboard
    portfolio = client.get(reverse("dashboards:portfolio")).content.decode()
    assert "The Chair has judged 1 measure" in portfolio


def test_a_revision_keeps_the_earlier_judgement_in_the_history(client, personas, measure):
    client.force_login(personas["chair"])
    client.post(judgement_url(measure), FORM)
    client.post(judgement_url(measure), {**FORM, "rag": "red", "sentence": "Worse than hoped.", "version": "1"})
    judgement = MeasureJudgement.objects.get(measure=measure)
    assert (judgement.rag, judgement.version) == ("red", 2)
    assert judgement.history.count() == 2
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Worse than hoped." in page and FORM["sentence"] in page  # the history keeps the first sentence


def test_a_judgement_saved_meanwhile_is_not_overwritten(client, personas, measure):
    judgement_record(
        measure=measure, by=personas["chair"], month=TODAY, rag="green", sentence="Mine first.", expected_version=0
    )
    client.force_login(personas["chair"])
    response = client.post(judgement_url(measure), FORM)  # the form was opened before that save
    assert response.status_code == 409
    body = response.content.decode()
    assert "Your changes have not been saved" in body and FORM["sentence"] in body
    assert MeasureJudgement.objects.get(measure=measure).sentence == "Mine first."


def test_a_judgement_needs_a_rating_and_a_sentence_and_keeps_what_was_typed(client, personas, measure):
    client.force_login(personas["chair"])
    response = client.post(judgement_url(measure), {"rag": "", "sentence": "  Half a thought", "version": "0"})
    body = response.content.decode()
    assert response.status_code == 200 and "Choose a rating." in body and "Half a thought" in body
    response = client.post(judgement_url(measure), {"rag": "green", "sentence": "   ", "version": "0"})
    assert "Say why, in a sentence." in response.content.decode()
    assert not MeasureJudgement.objects.exists()


def test_only_the_chair_may_judge_and_nobody_else_sees_the_button(client, personas, measure):
    for role in ("observer", "officer", "administrator", "mscb_chair"):
        client.force_login(personas[role])
        assert client.post(judgement_url(measure), FORM).status_code == 403
        assert judgement_url(measure) not in client.get(measure.get_absolute_url()).content.decode()
    client.force_login(personas["chair"])
    assert judgement_url(measure) in client.get(measure.get_absolute_url()).content.decode()


def test_the_position_reads_the_latest_judgement_up_to_its_date(personas, measure):
    chair = personas["chair"]
    judgement_record(
        measure=measure, by=chair, month=date(2015, 1, 9), rag="red", sentence="January.", expected_version=0
    )
    judgement_record(
        measure=measure, by=chair, month=date(2015, 2, 3), rag="green", sentence="February.", expected_version=0
    )
    january = notice_position(personas.notice, on=date(2015, 1, 31)).rollup.for_measure(measure.pk)
    february = current_position(personas.notice, on=TODAY).rollup.for_measure(measure.pk)
    december = notice_position(personas.notice, on=date(2014, 12, 31)).rollup.for_measure(measure.pk)
    assert january and february and december and january.judgement and february.judgement
    assert (january.judgement.sentence, february.judgement.sentence, december.judgement) == (
        "January.",
        "February.",
        None,
    )
