import csv
import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from evidence import services
from evidence.models import EvidenceItem
from evidence.tests import factories
from measures.tests import factories as measure_factories
from notice_tracker.lib import clock
from progress.position import current_position


@pytest.fixture
def world(personas):
    measure = measure_factories.make_measure(personas.notice, "2")
    other_measure = measure_factories.make_measure(personas.notice, "3", heading="Leadership")
    requirement = measure_factories.make_requirement(measure, "2.1")
    other = measure_factories.make_requirement(other_measure, "3.1")
    audit = factories.make_item(personas.notice, personas["officer"], title="June audit", requirements=[requirement])
    figures = factories.make_item(
        personas.notice,
        personas["officer"],
        title='=HYPERLINK("http://evil")',
        nature="quantitative",
        kind="dataset",
        covers_from=date(2014, 9, 1),
        covers_to=None,
        requirements=[other],
        file=(b"month,cases\n2014-09,40\n", "figures.csv"),
    )
    services.evidence_review(
        item=audit, by=personas["chair"], decision="accepted", note="", expected_version=audit.version
    )
    return {"measure": measure, "audit": audit, "figures": figures}


def get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(f"evidence:{name}", args=args), params)


def test_the_list_shows_items_with_british_dates_and_status(client, personas, world):
    body = get(client, personas["observer"], "item-list", personas.notice.pk).content.decode()
    assert "June audit" in body and "1 June 2014 to 30 June 2014" in body and "1 September 2014" in body
    assert "Accepted" in body and "<caption" in body and 'scope="col"' in body


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"review_status": "accepted"}, ["June audit"]),
        ({"nature": "quantitative"}, ['=HYPERLINK("http://evil")']),
        ({"q": "june"}, ["June audit"]),
        ({"covers_after": "01/08/2014"}, ['=HYPERLINK("http://evil")']),
        ({"covers_before": "31/07/2014"}, ["June audit"]),
        ({"kind": "dataset"}, ['=HYPERLINK("http://evil")']),
    ],
)
def test_the_list_and_its_exports_filter_alike(client, personas, world, params, titles):
    page = get(client, personas["chair"], "item-list", personas.notice.pk, **params).content.decode()
    rows = list(
        csv.reader(
            io.StringIO(
                get(client, personas["chair"], "item-export", personas.notice.pk, "csv", **params).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert [r[1].lstrip("'") for r in rows[1:]] == titles
    shown = {t for t in ("June audit", '=HYPERLINK("http://evil")') if f">{escape(t)}</a>" in page}
    assert shown == set(titles)


def test_filtering_by_measure_finds_items_linked_to_its_requirements(client, personas, world):
    page = get(client, personas["chair"], "item-list", personas.notice.pk, measure=world["measure"].pk).content.decode()
    assert "June audit" in page and "HYPERLINK" not in page


def test_a_bad_filter_date_is_explained(client, personas, world):
    page = get(client, personas["chair"], "item-list", personas.notice.pk, covers_after="yesterday").content.decode()
    assert "Enter the earliest date as a date, for example 21/05/2014." in page


def test_the_csv_export_holds_typed_columns_and_cannot_carry_a_formula(client, personas, world):
    response = get(client, personas["chair"], "item-export", personas.notice.pk, "csv")
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ID", "Title", "Kind"]
    by_title = {r[1]: r for r in rows[1:]}
    assert '\'=HYPERLINK("http://evil")' in by_title
    audit = by_title["June audit"]
    assert audit[4:8] == ["01/06/2014", "30/06/2014", "Accepted", "2.1"]
    assert audit[13] == "audit.pdf" and len(audit[14]) == 64


def test_the_excel_export_has_real_dates(client, personas, world):
    response = get(client, personas["chair"], "item-export", personas.notice.pk, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    audit = next(r for r in rows if r[1] == "June audit")
    assert audit[4].date() == date(2014, 6, 1)


def test_an_unknown_export_format_is_not_found(client, personas, world):
    assert get(client, personas["chair"], "item-export", personas.notice.pk, "pdf").status_code == 404


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_takes_the_same_number_of_queries_for_2_or_12_items(client, personas, world):
    client.force_login(personas["chair"])
    url = reverse("evidence:item-list", args=[personas.notice.pk])
    # A write's commit stores the notice's position (progress.refresh); tests' writes never commit.
    current_position(personas.notice, on=clock.today())
    few = queries(client, url)
    for n in range(10):
        factories.make_item(
            personas.notice,
            personas["officer"],
            title=f"Item {n}",
            requirements=[world["measure"].requirements.first()],
        )
    current_position(personas.notice, on=clock.today())
    # 7 + the pager's count + the requirement filter's choices + the position's mark and the names (the
    # kept table's key); kept, the pager's count, the rows and their requirements are not read again.
    assert queries(client, url) == few == 11
    assert queries(client, url) == 8
    assert client.get(url).content.decode().count("Item ") >= 10


def test_the_list_shows_twenty_five_items_a_page_and_keeps_the_filters_in_page_links(client, personas, world):
    requirement = world["measure"].requirements.first()
    for n in range(60):
        factories.make_item(
            personas.notice, personas["officer"], title=f"Paged item {n:02}", requirements=[requirement]
        )
    client.force_login(personas["chair"])
    url = reverse("evidence:item-list", args=[personas.notice.pk])
    first = client.get(url, {"q": "Paged"}).content.decode()
    assert first.count("Paged item") == 25
    assert "60 items, showing 1 to 25." in first and "page=2" in first and "q=Paged" in first
    second = client.get(url, {"q": "Paged", "page": 3}).content.decode()
    assert second.count("Paged item") == 10


def test_the_detail_page_takes_a_fixed_number_of_queries_however_long_the_history(client, personas, world):
    client.force_login(personas["chair"])
    item = world["audit"]
    url = item.get_absolute_url()
    before = queries(client, url)
    for n in range(5):
        item.refresh_from_db()
        services.evidence_update(
            item=item,
            by=personas["officer"],
            form_data=factories.item_data(title=f"Title {n}"),
            expected_version=item.version,
        )
    assert queries(client, url) == before == 12
    assert EvidenceItem.objects.get(pk=item.pk).history.count() > 5


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_evidence_list_export_is_written_to_the_security_log(client, personas, world, fmt):
    # Security review (issue 13), finding 9.
    from audit.models import SecurityEvent

    assert (
        get(client, personas["observer"], "item-export", personas.notice.pk, fmt, review_status="accepted").status_code
        == 200
    )
    event = SecurityEvent.objects.get(kind="export")
    assert event.user == personas["observer"] and event.notice == personas.notice
    assert event.detail == f"evidence list {fmt.upper()}" and "review_status=accepted" in event.path


def test_a_kept_list_never_shows_one_member_what_only_another_may_see(client, personas, world):
    factories.make_item(personas.notice, personas["officer"], title="Safeguarding case audit", restricted=True)
    current_position(personas.notice, on=clock.today())
    url = reverse("evidence:item-list", args=[personas.notice.pk])
    client.force_login(personas["chair"])
    assert "Safeguarding case audit" in client.get(url).content.decode()  # kept for what the Chair sees
    client.force_login(personas["observer"])
    assert "Safeguarding case audit" not in client.get(url).content.decode()
