"""`|day` writes exactly what `|date` writes in the house style, for dates and datetimes."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.template import Context, Template


def both(value) -> tuple[str, str]:
    context = Context({"value": value})
    return (
        Template("{% load days %}{{ value|day }}").render(context),
        Template("{{ value|date }}").render(context),
    )


@pytest.mark.parametrize(
    "value",
    [
        date(2014, 5, 21),
        date(2015, 1, 1),
        date(2015, 12, 31),
        datetime(2014, 6, 30, 23, 30, tzinfo=UTC),  # 1 July in London (BST)
        datetime(2015, 2, 27, 23, 59, tzinfo=UTC),
        None,
        "",
    ],
)
def test_day_is_the_date_filter_in_the_house_style(value):
    day, django_date = both(value)
    assert day == django_date


def test_every_day_of_a_year():
    start = date(2016, 1, 1)
    for n in range(366):
        day, django_date = both(start + timedelta(days=n))
        assert day == django_date


@pytest.mark.parametrize(
    "value",
    [datetime(2014, 6, 30, 23, 5, tzinfo=UTC), datetime(2015, 1, 2, 9, 0, tzinfo=UTC), None],
)
def test_when_is_the_datetime_format(value):
    context = Context({"value": value})
    assert Template("{% load days %}{{ value|when }}").render(context) == Template(
        '{{ value|date:"DATETIME_FORMAT" }}'
    ).render(context)


@pytest.mark.parametrize("text", ["short", "x" * 200, "y" * 201, "<b>bold & long</b> " * 30, None, 42])
def test_clip_is_truncatechars(text):
    context = Context({"text": text})
    assert Template("{% load days %}{{ text|clip:200 }}").render(context) == Template(
        "{{ text|truncatechars:200 }}"
    ).render(context)
