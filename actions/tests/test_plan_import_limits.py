"""A plan file that is small on disk but huge inside, damaged, or absurd is refused quickly and clearly."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.importing import MAX_ROWS, parse_plan
from actions.models import Action
from notice_tracker.tests import zipcraft

pytestmark = pytest.mark.django_db
HEADER = ["Measure", "Action", "Owner", "Organisation", "Due"]
ROW = ["8", "Audit", "officer", "Children's Services", "30/09/2014"]
TOO_MANY = f"The sheet has more than {MAX_ROWS:,} rows; import at most {MAX_ROWS:,} at a time."
RUNS_ON = (
    "The sheet runs on for more than 10,000 empty rows; delete the empty rows under the table and upload it again."
)


@pytest.fixture(scope="module")
def million_empty_rows() -> bytes:
    return zipcraft.many_rows_xlsx(HEADER, [], 1_000_000, numbered=True)


@pytest.fixture(scope="module")
def million_rows() -> bytes:
    return zipcraft.many_rows_xlsx(HEADER, ROW, 1_000_000)


def test_a_small_workbook_holding_a_million_empty_rows_is_refused_within_a_second_or_two(notice, million_empty_rows):
    assert len(million_empty_rows) < 3 * 1024 * 1024
    errors = [str(e) for e in parse_plan(million_empty_rows, "plan.xlsx", notice=notice).errors]
    assert errors == [
        "A sheet of the workbook holds 16.1 MB of data; an import may hold at most 10.0 MB a sheet. "
        "Split it into smaller files or delete the empty rows."
    ]


def test_a_workbook_running_on_for_100_000_empty_rows_stops_reading_after_10_000(notice):
    content = zipcraft.many_rows_xlsx(HEADER, [], 100_000, numbered=True)
    errors = [str(e) for e in parse_plan(content, "plan.xlsx", notice=notice).errors]
    assert errors == [RUNS_ON]


def test_a_workbook_of_twenty_thousand_filled_rows_stops_reading_at_the_limit(notice):
    content = zipcraft.many_rows_xlsx(HEADER, lambda n: [*ROW[:1], f"Audit {n}", *ROW[2:]], 20_000, numbered=True)
    errors = [str(e) for e in parse_plan(content, "plan.xlsx", notice=notice).errors]
    assert errors == [TOO_MANY]


def test_reading_a_million_row_workbook_keeps_memory_bounded(notice, million_empty_rows):
    tracemalloc.start()
    try:
        parse_plan(million_empty_rows, "plan.xlsx", notice=notice)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 30 * 1024 * 1024


def test_a_million_filled_rows_are_refused_before_the_sheet_is_parsed(notice, million_rows):
    assert len(million_rows) < 1024 * 1024
    errors = [str(e) for e in parse_plan(million_rows, "plan.xlsx", notice=notice).errors]
    assert errors == ["The file would unpack to 227.0 MB; the most allowed is 30.0 MB. Split it into smaller files."]


def test_a_10_kb_workbook_packed_like_a_zip_bomb_is_refused_before_parsing(notice):
    content = zipcraft.many_rows_xlsx(HEADER, [], 1_000_000)  # 6 MB of XML, packed 600:1
    assert len(content) < 100 * 1024
    errors = [str(e) for e in parse_plan(content, "plan.xlsx", notice=notice).errors]
    assert len(errors) == 1 and "zip bomb" in errors[0]


def test_a_csv_with_too_many_rows_is_refused_without_reading_them_all(notice):
    for filler, expected in [("\n", RUNS_ON), (",".join(ROW) + "\n", TOO_MANY)]:
        content = (",".join(HEADER) + "\n" + filler * 100_000).encode()
        errors = [str(e) for e in parse_plan(content, "plan.csv", notice=notice).errors]
        assert errors == [expected]


def test_a_csv_field_over_128_kb_is_named_and_nothing_is_read(notice):
    content = ('Measure,Action,Owner,Organisation,Due\n8,"' + "x" * 200_000 + '",officer,C,30/09/2014\n').encode()
    errors = [str(e) for e in parse_plan(content, "plan.csv", notice=notice).errors]
    assert errors == ["Row 2 has a field longer than 128 KB; no cell of an import is that long. Check the file."]


@pytest.mark.parametrize(
    "prolog",
    [
        pytest.param('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>', id="entity"),
        pytest.param('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', id="external-entity"),
    ],
)
def test_a_workbook_declaring_xml_entities_is_refused_by_name(notice, prolog):
    body = zipcraft.SHEET_START.split("?>", 1)[1]  # the DOCTYPE goes before the root element
    content = zipcraft.xlsx([body, zipcraft.row_xml([*HEADER[:-1], "&b;"]), zipcraft.SHEET_END], prolog=prolog)
    errors = [str(e) for e in parse_plan(content, "plan.xlsx", notice=notice).errors]
    assert errors == [
        "The workbook declares XML entities (a DOCTYPE), which Excel never writes; it cannot be read. "
        "Save it from Excel as “Excel Workbook” or as CSV and upload it again."
    ]


def test_a_workbook_with_broken_sheet_xml_is_reported_without_a_server_error(chair_client):
    content = zipcraft.xlsx([zipcraft.SHEET_START, "<row><c t='inlineStr'><is><t>Action</t></is></row>"])
    response = chair_client.post(
        reverse("actions:plan-import", args=[chair_client.notice.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", content)},
    )
    assert response.status_code == 200
    assert "could not be read as an Excel workbook" in response.content.decode()
    assert Action.objects.count() == 0


def test_uploading_the_million_row_workbook_shows_the_refusal(chair_client, million_empty_rows):
    response = chair_client.post(
        reverse("actions:plan-import", args=[chair_client.notice.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", million_empty_rows)},
    )
    assert response.status_code == 200
    assert "A sheet of the workbook holds 16.1 MB of data" in response.content.decode()
    assert Action.objects.count() == 0


@pytest.fixture
def chair_client(client, notice, personas):
    client.force_login(personas["chair"])
    client.notice = notice
    return client


def test_a_request_far_over_the_plan_limit_is_refused_before_its_body_is_read(chair_client):
    big = SimpleUploadedFile("plan.csv", b"Action\n" + b"x" * (7 * 1024 * 1024))
    response = chair_client.post(reverse("actions:plan-import", args=[chair_client.notice.pk]), {"file": big})
    assert response.status_code == 413
    assert "Improvement plan files can be up to 5 MB" in response.content.decode()


def test_a_workbook_whose_shared_strings_would_fill_memory_is_refused_before_parsing(notice, settings):
    settings.IMPORT_XLSX_MAX_SHEET_BYTES = 1024 * 1024
    content = zipcraft.table_xlsx(HEADER, [ROW])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item))
        out.writestr(
            "xl/sharedStrings.xml", "<sst>" + "".join(f"<si><t>{n}</t></si>" for n in range(100_000)) + "</sst>"
        )
    errors = [str(e) for e in parse_plan(buffer.getvalue(), "plan.xlsx", notice=notice).errors]
    assert len(errors) == 1 and errors[0].startswith("A part of the workbook holds")
