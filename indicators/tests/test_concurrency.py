"""Two people changing one indicator or one figure at once: the second save is refused with 409."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from indicators.models import Indicator, IndicatorValue
from indicators.tests.factories import add_values, make_indicator


@pytest.fixture
def indicator(personas):
    indicator = make_indicator(
        personas.notice, "ASSESS-45", owner=personas.organisation, name="Assessments within 45 days"
    )
    add_values(indicator, [60, 61, 62, 63, 64, 65])  # June to November 2014
    return indicator


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def settings_data(client: Client, url: str, **changes) -> dict:
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "requirements"}
    data["owner_organisation"] = form.initial["owner_organisation"]
    return {**data, **changes}


def test_the_second_of_two_settings_edits_is_refused_with_both_shown_and_the_first_kept(personas, indicator):
    url = reverse("indicators:indicator-edit", args=[personas.notice.pk, "ASSESS-45"])
    first, second = signed_in(personas["chair"]), signed_in(personas["administrator"])
    first_data, second_data = (
        settings_data(first, url, target="90"),
        settings_data(second, url, target="70", source_system="Mosaic"),
    )
    assert first_data["version"] == second_data["version"] == 1

    assert first.post(url, first_data).status_code == 302
    response = second.post(url, second_data)

    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this indicator after you opened it: chair saved it on" in body
    assert "Target: <del>85</del> → <ins>90</ins>" in body  # theirs
    assert 'value="70"' in body and 'value="Mosaic"' in body  # mine, kept
    assert response.context["form"]["version"].value() == "2"
    indicator.refresh_from_db()
    assert (indicator.target, indicator.source_system, indicator.version) == (Decimal("90.00"), "", 2)
    assert second.post(url, {**second_data, "version": 2}).status_code == 302  # now a deliberate choice


def test_the_second_of_two_corrections_to_a_figure_is_refused_with_both_shown_and_the_first_kept(personas, indicator):
    url = reverse("indicators:indicator-return", args=[personas.notice.pk]) + "?period=2014-11"
    first, second = signed_in(personas["officer"]), signed_in(personas["chair"])
    assert second.get(url).context["form"][f"i{indicator.pk}_version"].value() == 1
    prefix = f"i{indicator.pk}"

    assert first.post(url, {f"{prefix}_value": "66", f"{prefix}_version": 1}).status_code == 302
    response = second.post(
        url, {f"{prefix}_value": "67", f"{prefix}_commentary": "Checked twice", f"{prefix}_version": 1}
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this figure after you opened it: officer saved it on" in body
    assert "Value: <del>65%</del> → <ins>66%</ins>" in body  # theirs
    assert 'value="67"' in body and "Checked twice</textarea>" in body  # mine, kept
    assert f'name="{prefix}_version" value="2"' in body
    assert IndicatorValue.objects.get(indicator=indicator, period=date(2014, 11, 1)).value == Decimal("66.00")


def test_a_figure_entered_by_someone_else_since_the_return_was_opened_is_not_overwritten(personas, indicator):
    url = reverse("indicators:indicator-return", args=[personas.notice.pk]) + "?period=2014-12"
    prefix = f"i{indicator.pk}"
    assert (
        signed_in(personas["officer"]).post(url, {f"{prefix}_value": "66", f"{prefix}_version": 0}).status_code == 302
    )
    response = signed_in(personas["chair"]).post(url, {f"{prefix}_value": "70", f"{prefix}_version": 0})
    assert response.status_code == 409 and "December 2014 added" in response.content.decode()
    assert IndicatorValue.objects.get(indicator=indicator, period=date(2014, 12, 1)).value == Decimal("66.00")


@pytest.mark.parametrize("typed", ["01/04/2014", "2014-04-01", "1 April 2014"])
def test_the_baseline_period_saves_typed_the_british_way_iso_or_in_words(personas, indicator, typed):
    url = reverse("indicators:indicator-edit", args=[personas.notice.pk, "ASSESS-45"])
    client = signed_in(personas["chair"])
    assert client.post(url, settings_data(client, url, baseline_period=typed)).status_code == 302
    assert Indicator.objects.get(pk=indicator.pk).baseline_period == date(2014, 4, 1)
    assert 'value="1 April 2014"' in client.get(url).content.decode()
