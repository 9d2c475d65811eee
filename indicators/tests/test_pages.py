"""The indicator pages: what each persona sees and may do, bad input re-shown, fixed query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Indicator, IndicatorValue
from indicators.tests.factories import add_values, make_indicator
from notice_tracker.lib import clock
from progress.position import current_position


@pytest.fixture
def world(personas):
    personas.notice.delivery_deadline = date(2015, 2, 23)
    personas.notice.save()
    own = make_indicator(personas.notice, "ASSESS-45", owner=personas.organisation, name="Assessments within 45 days")
    add_values(own, [60, 61, 62, 63, 64, 65])
    partner = make_indicator(personas.notice, "LAC-IHA-20", owner=personas.partner, name="Initial health assessments")
    add_values(partner, [80, 86, 90])
    return personas


def list_url(world):
    return reverse("indicators:indicator-list", args=[world.notice.pk])


def return_url(world, period="2014-12"):
    return reverse("indicators:indicator-return", args=[world.notice.pk]) + f"?period={period}"


def test_list_shows_latest_figure_rag_word_trend_and_sparkline(client, world):
    client.force_login(world["observer"])
    body = client.get(list_url(world)).content.decode()
    assert "Assessments within 45 days" in body and "65%" in body and "November 2014" in body
    assert '<span class="rag rag-red">Red</span>' in body and '<span class="rag rag-green">Green</span>' in body
    assert "Improving" in body and 'class="sparkline"' in body
    assert "Performance failing to meet targets and timescales" in body
    assert "is below the target of 85% by more than the tolerance" in body


def test_observer_sees_no_entry_buttons(client, world):
    client.force_login(world["observer"])
    assert "Enter monthly figures" not in client.get(list_url(world)).content.decode()


def test_detail_has_accessible_chart_values_table_history_and_projection(client, world):
    client.force_login(world["lead_member"])
    body = client.get(reverse("indicators:indicator-detail", args=[world.notice.pk, "ASSESS-45"])).content.decode()
    assert 'role="img" aria-labelledby="chart-assess-45-title chart-assess-45-desc"' in body
    assert '<title id="chart-assess-45-title">' in body and "<desc id=" in body
    assert "<caption>Assessments within 45 days: every figure" in body
    assert "after the delivery deadline of 23 February 2015" in body
    assert "June 2014 added" in body
    assert "least-squares" in body


def test_unknown_indicator_is_404(client, world):
    client.force_login(world["chair"])
    assert client.get(reverse("indicators:indicator-detail", args=[world.notice.pk, "NOPE"])).status_code == 404


def test_officer_return_shows_only_their_organisations_indicators(client, world):
    client.force_login(world["officer"])
    body = client.get(return_url(world)).content.decode()
    assert "Assessments within 45 days" in body and "Initial health assessments" not in body


def test_chair_return_shows_every_indicator(client, world):
    client.force_login(world["chair"])
    body = client.get(return_url(world)).content.decode()
    assert "Assessments within 45 days" in body and "Initial health assessments" in body


def test_officer_cannot_post_figures_for_another_organisations_indicator(client, world):
    client.force_login(world["officer"])
    partner = Indicator.objects.get(code="LAC-IHA-20")
    client.post(return_url(world), {f"i{partner.pk}_value": "50"})
    assert not IndicatorValue.objects.filter(indicator=partner, period=date(2014, 12, 1)).exists()


def test_officer_saves_the_monthly_return(client, world):
    client.force_login(world["officer"])
    own = Indicator.objects.get(code="ASSESS-45")
    response = client.post(
        return_url(world),
        {f"i{own.pk}_numerator": "33", f"i{own.pk}_denominator": "50", f"i{own.pk}_commentary": "New team started"},
    )
    assert response.status_code == 302
    saved = IndicatorValue.objects.get(indicator=own, period=date(2014, 12, 1))
    assert (saved.value, saved.commentary, saved.entered_by) == (Decimal("66.00"), "New team started", world["officer"])


def test_a_quarterly_figure_is_asked_for_in_the_return_for_the_quarters_last_month_and_stored_against_the_quarter(
    client, world
):
    quarterly = make_indicator(
        world.notice, "PEP-GOOD", owner=world.organisation, name="PEPs rated good", frequency="quarterly"
    )
    client.force_login(world["officer"])
    january = client.get(return_url(world, "2015-01")).content.decode()
    assert "PEPs rated good" not in january  # January to March 2015 is not over in January
    december = client.get(return_url(world, "2014-12")).content.decode()
    assert "PEP-GOOD PEPs rated good: October to December 2014" in december
    response = client.post(return_url(world, "2014-12"), {f"i{quarterly.pk}_value": "70"})
    assert response.status_code == 302
    saved = IndicatorValue.objects.get(indicator=quarterly)
    assert (saved.period, saved.period_label) == (date(2014, 10, 1), "October to December 2014")


def test_bad_figures_are_reshown_with_the_error_by_the_field_and_a_summary(client, world):
    client.force_login(world["officer"])
    own = Indicator.objects.get(code="ASSESS-45")
    response = client.post(return_url(world), {f"i{own.pk}_value": "120", f"i{own.pk}_commentary": "typo?"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "A percentage cannot be over 100" in body
    assert 'value="120"' in body and "typo?" in body
    assert not IndicatorValue.objects.filter(period=date(2014, 12, 1)).exists()


def test_return_for_a_future_month_is_not_offered(client, world):
    client.force_login(world["chair"])
    response = client.get(return_url(world, "2999-01"))
    assert response.context["period"] < date(2999, 1, 1)


def test_chair_sets_a_target_and_bad_band_is_reshown(client, world):
    client.force_login(world["chair"])
    url = reverse("indicators:indicator-edit", args=[world.notice.pk, "ASSESS-45"])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "requirements"}
    data.update(
        {"direction": "band", "target": "80", "target_upper": "70", "owner_organisation": world.organisation.pk}
    )
    response = client.post(url, data)
    assert "upper edge must not be below" in response.content.decode()
    data.update({"direction": "higher", "target": "90", "target_upper": ""})
    assert client.post(url, data).status_code == 302
    indicator = Indicator.objects.get(code="ASSESS-45")
    assert indicator.target == Decimal("90.00") and indicator.history.count() == 2
    assert "Target: <del>85</del> → <ins>90</ins>" in client.get(indicator.get_absolute_url()).content.decode()


def test_chair_adds_indicators_from_the_library(client, world):
    client.force_login(world["chair"])
    url = reverse("indicators:indicator-library", args=[world.notice.pk])
    response = client.post(url, {"codes": ["CL-EET", "SW-CASELOAD"], "owner_organisation": world.organisation.pk})
    assert response.status_code == 302
    assert set(Indicator.objects.values_list("code", flat=True)) == {"ASSESS-45", "LAC-IHA-20", "CL-EET", "SW-CASELOAD"}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more(world, count: int) -> None:
    for index in range(count):
        indicator = make_indicator(world.notice, f"X-{index}-{Indicator.objects.count()}", owner=world.organisation)
        add_values(indicator, [70, 72, 74, 76, 70, 60, 65, 66, 80])


def test_list_query_count_does_not_grow_with_indicators_or_figures(client, world):
    client.force_login(world["chair"])
    url = list_url(world)
    _more(world, 3)
    # A write's commit stores the notice's position (progress.refresh); tests' writes never commit.
    current_position(world.notice, on=clock.today())
    before = _queries(client, url)
    _more(world, 6)
    current_position(world.notice, on=clock.today())
    after = _queries(client, url)
    # session, user, membership, the position's mark (the kept list's key); the mark moved: indicators,
    # each one's last figures
    assert before == after == 6, (before, after)
    assert _queries(client, url) == 4  # kept
    listed = client.get(url).content.decode().count('<th scope="row">')
    assert listed == Indicator.objects.filter(notice=world.notice).count()  # the nine added shown


def test_detail_query_count_does_not_grow_with_figures_or_history(client, world):
    client.force_login(world["chair"])
    url = reverse("indicators:indicator-detail", args=[world.notice.pk, "ASSESS-45"])
    # A write's commit stores the notice's position (progress.refresh); tests' writes never commit.
    current_position(world.notice, on=clock.today())
    before = _queries(client, url)
    shown = client.get(url).content.decode()
    # Kept: the figures, their analysis and the history are not read again while the mark and names hold.
    assert _queries(client, url) == 7
    add_values(
        Indicator.objects.get(code="ASSESS-45"), [61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72], by=world["chair"]
    )
    current_position(world.notice, on=clock.today())
    after = _queries(client, url)
    # + the indicator (read once), its requirements, the names its figures and history show, the
    # position's mark (with names, its kept parts' key); when the mark moved: its figures, 2 histories
    assert before == after == 10, (before, after)
    # The kept analysis, figures and history moved with the mark: the new figures are shown.
    again = client.get(url).content.decode()
    assert again != shown and again.count("<tr>") > shown.count("<tr>")


def test_return_query_count_does_not_grow_with_indicators(client, world):
    client.force_login(world["chair"])
    _more(world, 2)
    before = _queries(client, return_url(world))
    _more(world, 4)
    assert _queries(client, return_url(world)) == before


def test_return_shows_the_figures_already_entered_for_the_period(client, world):
    client.force_login(world["officer"])
    body = client.get(return_url(world, "2014-11")).content.decode()
    assert 'value="65"' in body and "Previous: 64% (October 2014)" in body


def test_rows_as_of_a_date_use_only_the_figures_known_by_then(world):
    from indicators.selectors import failing_indicators, indicator_rows

    rows = {row.indicator.code: row for row in indicator_rows(world.notice, as_of=date(2014, 7, 31))}
    assert [value.period for value in rows["LAC-IHA-20"].values] == [date(2014, 6, 1), date(2014, 7, 1)]
    latest = rows["LAC-IHA-20"].assessment.latest
    assert latest is not None and latest.value == 86.0
    assert [row.indicator.code for row in failing_indicators(world.notice, as_of=date(2014, 12, 31))] == ["ASSESS-45"]


def test_officer_with_no_organisation_may_enter_nothing(client, world):
    from measures.models import Membership

    Membership.objects.filter(user=world["officer"]).update(organisation=None)
    client.force_login(world["officer"])
    body = client.get(return_url(world)).content.decode()
    assert "Your organisation owns no indicators" in body


def test_the_list_shows_twelve_indicators_a_page_and_every_failing_one(client, world):
    """Paged 12 to a page; the failing section still covers the whole notice; assessments as everywhere."""
    from indicators.selectors import indicator_rows

    for n in range(12):
        indicator = make_indicator(world.notice, f"EXTRA-{n:02}", name=f"Extra indicator {n:02}", target=Decimal(90))
        add_values(indicator, [70 + n % 5 + step for step in range(20)])  # 20 figures: more than the list reads
    client.force_login(world["observer"])
    first = client.get(list_url(world)).content.decode()
    second = client.get(list_url(world), {"page": "2"}).content.decode()
    assert "14 indicators, showing 1–12." in first and "14 indicators, showing 13–14." in second
    assert 'aria-label="Pages of indicators"' in first and "?page=2" in first and ">Next</a>" in first
    assert ">Previous</a>" in second
    rows = indicator_rows(world.notice)
    failing = [row for row in rows if row.assessment.on_failing_list]
    assert len(failing) > 2
    for body in (first, second):
        section = body[body.index('id="failing-heading"') :]
        for row in failing:  # the same verdicts as the one full reading, on every page
            assert row.indicator.name in section and row.assessment.failing_reason in section
    shown = {row.indicator.name: row for row in rows}
    for name, row in shown.items():
        body = first if f">{name}</a>" in first[: first.index('id="failing-heading"')] else second
        cell = body[body.index(f">{name}</a>") :][:2500]
        assert row.assessment.trend.label in cell
        assert f'<span class="rag rag-{row.assessment.rag}">' in cell or row.assessment.rag == "none"


def test_the_kept_figures_follow_a_renamed_person(client, world):
    """The figures' "Entered" column and the history name people as they are now, though kept."""
    client.force_login(world["chair"])
    url = reverse("indicators:indicator-detail", args=[world.notice.pk, "ASSESS-45"])
    add_values(Indicator.objects.get(code="ASSESS-45"), [80], start=date(2015, 1, 1), by=world["officer"])
    current_position(world.notice, on=clock.today())

    def figures() -> str:
        return client.get(url).content.decode().split('id="values-heading"')[1]

    assert "Renamed Person" not in figures()  # and kept now
    world["officer"].first_name, world["officer"].last_name = "Renamed", "Person"
    world["officer"].save()
    assert figures().count("Renamed Person") >= 2  # who entered it, and who added it in the history
