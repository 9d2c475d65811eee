"""An indicator export that is huge inside, oversized, damaged or absurd is refused quickly and clearly."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators import importing
from indicators.forms import ImportForm
from indicators.importing import MAX_BYTES, MAX_ROWS, ImportFileError, read_upload
from indicators.models import IndicatorValue
from notice_tracker.tests import zipcraft

pytestmark = pytest.mark.django_db
HEADER = ["code", "period", "value"]


def test_a_small_workbook_holding_750_000_rows_is_refused_within_a_second_or_two():
    content = zipcraft.many_rows_xlsx(HEADER, [], 750_000, numbered=True)
    assert len(content) < MAX_BYTES
    with pytest.raises(ImportFileError, match="MB of data; an import may hold at most 10.0 MB a sheet"):
        read_upload("export.xlsx", content)


def test_reading_stops_at_the_row_limit_plus_one():
    content = zipcraft.many_rows_xlsx(HEADER, lambda n: ["SW-CASELOAD", "2014-06", str(n)], 50_000, numbered=True)
    with pytest.raises(ImportFileError, match=f"more than {MAX_ROWS} rows; split it by period"):
        read_upload("export.xlsx", content)


def test_a_csv_with_a_million_rows_stops_at_the_row_limit_plus_one():
    content = ("code,period,value\n" + "SW-CASELOAD,2014-06,1\n" * 90_000).encode()
    assert len(content) < MAX_BYTES
    with pytest.raises(ImportFileError, match=f"more than {MAX_ROWS} rows; split it by period"):
        read_upload("export.csv", content)


def test_a_csv_field_over_128_kb_gets_a_clear_message():
    content = ('code,period,value\nSW-CASELOAD,2014-06,"' + "9" * 200_000 + '"\n').encode()
    with pytest.raises(ImportFileError, match="Row 2 has a field longer than 128 KB"):
        read_upload("export.csv", content)


@pytest.mark.parametrize(
    "sheet",
    [
        pytest.param([zipcraft.SHEET_START, "<row><c><v>1</c></row>"], id="broken-xml"),
        pytest.param(
            [
                '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
                zipcraft.SHEET_START.split("?>", 1)[1],
                zipcraft.row_xml([*HEADER[:2], "&b;"]),
                zipcraft.SHEET_END,
            ],
            id="entity-expansion",
        ),
        pytest.param(
            [
                '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
                zipcraft.SHEET_START.split("?>", 1)[1],
                zipcraft.row_xml([*HEADER[:2], "&e;"]),
                zipcraft.SHEET_END,
            ],
            id="external-entity",
        ),
    ],
)
def test_a_broken_or_entity_laden_workbook_gets_a_clear_message_and_nothing_is_stored(client, personas, sheet):
    client.force_login(personas["chair"])
    upload = SimpleUploadedFile("export.xlsx", zipcraft.xlsx(sheet))
    response = client.post(reverse("indicators:indicator-import", args=[personas.notice.pk]), {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "cannot be read" in body or "could not be read" in body or "not an Excel workbook" in body
    assert IndicatorValue.objects.count() == 0


def test_a_csv_with_a_huge_field_is_refused_on_the_page_not_with_a_server_error(client, personas):
    client.force_login(personas["chair"])
    content = ('code,period,value\nSW-CASELOAD,2014-06,"' + "9" * 200_000 + '"\n').encode()
    response = client.post(
        reverse("indicators:indicator-import", args=[personas.notice.pk]),
        {"file": SimpleUploadedFile("export.csv", content)},
    )
    assert response.status_code == 200
    assert "Row 2 has a field longer than 128 KB" in response.content.decode()
    assert IndicatorValue.objects.count() == 0


class NeverRead(SimpleUploadedFile):
    def read(self, *args):
        raise AssertionError("an oversized upload must be refused before it is read")

    def chunks(self, *args, **kwargs):
        raise AssertionError("an oversized upload must be refused before it is read")


def test_the_form_checks_the_size_before_reading_the_upload():
    upload = NeverRead("export.csv", b"x")
    upload.size = MAX_BYTES + 1
    form = ImportForm(data={}, files={"file": upload})
    assert not form.is_valid()
    assert form.errors["file"] == ["The file is larger than 2 MB; split it by period."]


def test_a_request_far_over_the_import_limit_is_refused_before_its_body_is_read(client, personas):
    client.force_login(personas["chair"])
    big = SimpleUploadedFile("export.csv", b"code,period,value\n" + b"x" * (MAX_BYTES + 2 * 1024 * 1024))
    response = client.post(reverse("indicators:indicator-import", args=[personas.notice.pk]), {"file": big})
    assert response.status_code == 413
    assert "Import files can be up to 2 MB" in response.content.decode()


def test_the_row_limit_message_is_unchanged_for_a_file_just_over_it():
    content = ("code,period,value\n" + "SW-CASELOAD,2014-06,1\n" * (MAX_ROWS + 1)).encode()
    with pytest.raises(ImportFileError, match=f"more than {MAX_ROWS} rows"):
        importing.read_upload("export.csv", content)
