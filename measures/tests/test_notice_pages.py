from datetime import date

import pytest
from django.urls import reverse

from measures.models import Duty
from measures.tests import factories


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in_from_every_page(client, personas):
    measure = factories.make_measure(personas.notice)
    for url in [
        reverse("measures:notice-list"),
        reverse("dashboards:notice-detail", args=[personas.notice.pk]),
        reverse("dashboards:measure-detail", args=[personas.notice.pk, measure.reference]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_sign_in_page_is_open_and_takes_you_to_your_notices(client, personas):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "officer", "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("measures:notice-list")


def test_wrong_password_says_what_is_wrong_and_keeps_the_username(client, personas):
    response = client.post(reverse("login"), {"username": "officer", "password": "nope"})
    assert response.status_code == 200
    assert "username or password is not right" in response.content.decode()
    assert 'value="officer"' in response.content.decode()


def test_notice_list_shows_only_the_notices_the_user_belongs_to(client, personas):
    body = login(client, personas["officer"]).get(reverse("measures:notice-list")).content.decode()
    assert "Medway Council" in body
    assert "Another Council" not in body


def test_user_with_no_membership_is_told_how_to_get_access(client, db):
    user = factories.make_user("newcomer")
    body = login(client, user).get(reverse("measures:notice-list")).content.decode()
    assert "no role on any notice" in body


def test_member_of_another_notice_gets_404_not_a_hint(client, personas):
    response = login(client, personas["outsider"]).get(reverse("dashboards:notice-detail", args=[personas.notice.pk]))
    assert response.status_code == 404


def test_deactivated_member_loses_access(client, personas):
    user = personas["officer"]
    login(client, user)
    user.is_active = False
    user.save()
    response = client.get(reverse("dashboards:notice-detail", args=[personas.notice.pk]))
    assert response.status_code in (302, 404)


def test_notice_overview_shows_dates_in_british_style_and_next_duties(client, personas):
    notice = personas.notice
    factories.make_duty(notice, Duty.Code.DFE_REVIEW, title="DfE reviews progress", cadence_months=6)
    factories.make_duty(
        notice,
        Duty.Code.EXTERNAL_VALIDATION,
        title="External validation",
        cadence_months=None,
        starts_on=None,
        due_on=date(2014, 9, 30),
        position=2,
    )
    body = (
        login(client, personas["observer"]).get(reverse("dashboards:notice-detail", args=[notice.pk])).content.decode()
    )
    assert "21 May 2014" in body
    assert "DfE reviews progress" in body
    assert "Every 6 months" in body
    assert "30 September 2014" in body


def test_measure_page_lists_its_requirements_grouped_under_their_subheadings(client, personas):
    measure = factories.make_measure(personas.notice, "3", heading="Improve assessments")
    factories.make_requirement(
        measure, "3(i).1", text="all assessments follow the principles", subheading="In relation to safeguarding"
    )
    factories.make_requirement(measure, "3(iii)", text="evidence confirms it", kind="impact")
    body = login(client, personas["officer"]).get(measure.get_absolute_url()).content.decode()
    assert "In relation to safeguarding" in body
    assert "3(i).1" in body and "all assessments follow the principles" in body
    assert "Evidence of impact" in body


def test_unknown_measure_reference_is_404(client, personas):
    response = login(client, personas["chair"]).get(
        reverse("dashboards:measure-detail", args=[personas.notice.pk, "99"])
    )
    assert response.status_code == 404


def test_notice_pages_run_a_fixed_number_of_queries(client, personas, django_assert_max_num_queries):
    notice = personas.notice
    login(client, personas["chair"])
    for i in range(1, 4):
        m = factories.make_measure(notice, str(i + 1))
        factories.make_requirement(m)
        factories.make_duty(
            notice, f"other{i}" if i > 1 else Duty.Code.BOARD_MEETING, title=f"Duty {i}", cadence_months=1, position=i
        )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("dashboards:notice-detail", args=[notice.pk]))
    for i in range(5, 15):
        m = factories.make_measure(notice, str(i))
        factories.make_requirement(m)
        factories.make_requirement(m)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("dashboards:notice-detail", args=[notice.pk]))
    assert len(large) == len(small)
