"""Importing a case-management export: preview, row-level errors, all or nothing, re-import updates."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from indicators.importing import ImportFileError, check_records, read_upload
from indicators.models import IndicatorValue
from indicators.services import ImportRejected, indicators_import
from indicators.tests.factories import make_indicator

TODAY = date(2015, 3, 10)


@pytest.fixture
def world(personas):
    make_indicator(personas.notice, "ASSESS-45", owner=personas.organisation, name="Assessments within 45 days")
    make_indicator(
        personas.notice,
        "SW-CASELOAD",
        owner=personas.organisation,
        unit="count",
        direction="lower",
        target=Decimal(18),
        tolerance=Decimal(2),
    )
    make_indicator(personas.notice, "LAC-IHA-20", owner=personas.partner)
    return personas


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def run(world, content: bytes, *, name="export.csv", scope=None, by=None, today=TODAY):
    headers, records = read_upload(name, content)
    return indicators_import(
        notice=world.notice,
        records=records,
        headers=headers,
        by=by or world["chair"],
        scope_organisation_id=scope,
        today=today,
    )


def errors_of(world, content: bytes, *, name="export.csv", scope=None) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRejected) as rejected:
        run(world, content, name=name, scope=scope)
    assert IndicatorValue.objects.count() == 0, "nothing may be stored from a file with errors"
    return [(error.row, error.column, error.message) for error in rejected.value.checked.errors]


def test_good_csv_is_imported_with_percentages_recomputed(world):
    summary = run(
        world,
        csv_bytes(
            "Code,Period,Value,Numerator,Denominator,Commentary",
            "ASSESS-45,2014-06,62,31,50,Backlog",
            "SW-CASELOAD,June 2014,24,,,",
            "assess-45,01/07/2014,,33,50,",
        ),
    )
    assert len(summary.created) == 3
    june = IndicatorValue.objects.get(indicator__code="ASSESS-45", period=date(2014, 6, 1))
    assert (june.value, june.numerator, june.denominator, june.commentary) == (Decimal("62.00"), 31, 50, "Backlog")
    assert IndicatorValue.objects.get(indicator__code="ASSESS-45", period=date(2014, 7, 1)).value == Decimal("66.00")


def test_indicator_can_be_named_instead_of_coded(world):
    summary = run(world, csv_bytes("Indicator,Month,Value", "assessments within 45 DAYS,Jun-14,70"))
    assert summary.created[0].indicator.code == "ASSESS-45"


def test_reimporting_a_period_updates_it_with_history_rather_than_duplicating(world):
    run(world, csv_bytes("code,period,value", "SW-CASELOAD,2014-06,24"))
    summary = run(world, csv_bytes("code,period,value", "SW-CASELOAD,2014-06,23"))
    assert len(summary.updated) == 1
    value = IndicatorValue.objects.get()
    assert value.value == Decimal("23.00")
    assert [record.value for record in value.history.order_by("history_date")] == [Decimal("24.00"), Decimal("23.00")]
    again = run(world, csv_bytes("code,period,value", "SW-CASELOAD,2014-06,23"))
    assert len(again.unchanged) == 1 and value.history.count() == 2


def test_unknown_indicator_is_named_by_row_and_column(world):
    assert errors_of(world, csv_bytes("code,period,value", "SW-CASELOAD,2014-06,24", "NOPE,2014-06,5")) == [
        (3, "code", "No indicator with code 'NOPE' in this notice.")
    ]


def test_same_indicator_and_period_twice_in_one_file_is_refused(world):
    errors = errors_of(world, csv_bytes("code,period,value", "SW-CASELOAD,2014-06,24", "SW-CASELOAD,June 2014,25"))
    assert errors == [(3, "period", "SW-CASELOAD for June 2014 is also on row 2; give each period once.")]


def test_non_numeric_value_is_refused(world):
    assert errors_of(world, csv_bytes("code,period,Value", "SW-CASELOAD,2014-06,about 20")) == [
        (2, "Value", "'about 20' is not a number.")
    ]


def test_percentage_over_100_is_refused(world):
    errors = errors_of(world, csv_bytes("code,period,value", "ASSESS-45,2014-06,104"))
    assert errors == [(2, "value", "A percentage cannot be over 100 (104 was given).")]


def test_numerator_greater_than_denominator_is_refused(world):
    errors = errors_of(world, csv_bytes("code,period,value,numerator,denominator", "ASSESS-45,2014-06,,60,50"))
    assert errors == [(2, "numerator", "The numerator (60) is greater than the denominator (50).")]


def test_percentage_that_disagrees_with_its_parts_is_refused(world):
    errors = errors_of(world, csv_bytes("code,period,value,numerator,denominator", "ASSESS-45,2014-06,70,31,50"))
    assert errors == [(2, "value", "70% does not agree with 31 of 50, which is 62%.")]


def test_period_in_the_future_is_refused(world):
    errors = errors_of(world, csv_bytes("code,period,value", "SW-CASELOAD,2015-04,24"))
    assert errors[0][:2] == (2, "period") and "in the future" in errors[0][2]


def test_a_quarter_in_its_last_month_is_taken(world, personas):
    make_indicator(personas.notice, "PEP-GOOD", owner=personas.organisation, frequency="quarterly")
    # Today is 10 March 2015: January to March may be entered now (its last month has begun).
    assert len(run(world, csv_bytes("code,period,value", "PEP-GOOD,2015-01,70")).created) == 1


def test_a_quarter_not_yet_at_its_last_month_is_refused_naming_when_it_can_be_entered(world, personas, settings):
    make_indicator(personas.notice, "PEP-GOOD", owner=personas.organisation, frequency="quarterly")
    with pytest.raises(ImportRejected) as rejected:
        run(world, csv_bytes("code,period,value", "PEP-GOOD,2015-01,70"), today=date(2015, 2, 27))
    [error] = rejected.value.checked.errors
    assert (error.row, error.column) == (2, "period")
    assert error.message.startswith("January to March 2015 is not over") and "(March 2015)" in error.message


def test_every_problem_in_the_file_is_reported_at_once(world):
    errors = errors_of(world, csv_bytes("code,period,value", "NOPE,2014-06,x", "SW-CASELOAD,next month,5"))
    assert [(row, column) for row, column, _ in errors] == [(2, "code"), (2, "value"), (3, "period")]


def test_wrong_file_type_is_refused_before_reading(world):
    with pytest.raises(ImportFileError, match="not a file type we can import"):
        read_upload("figures.pdf", b"%PDF-1.4")
    with pytest.raises(ImportFileError, match="not an Excel workbook"):
        read_upload("figures.xlsx", b"code,period,value\n")
    with pytest.raises(ImportFileError, match=r"\.xls\)"):
        read_upload("figures.xls", b"\xd0\xcf\x11\xe0")


def test_child_level_columns_are_refused(world):
    with pytest.raises(ImportFileError, match="'Child name'.*Never upload records about individual children"):
        read_upload("export.csv", csv_bytes("code,period,value,Child name", "SW-CASELOAD,2014-06,1,Jo Bloggs"))


def test_missing_columns_are_named(world):
    with pytest.raises(ImportFileError, match="no code or indicator, no period column"):
        read_upload("export.csv", csv_bytes("value", "3"))


def test_officer_cannot_import_another_organisations_indicator(world):
    errors = errors_of(world, csv_bytes("code,period,value", "LAC-IHA-20,2014-06,50"), scope=world.organisation.pk)
    assert errors[0][:2] == (2, "code") and "owned by Kent Police" in errors[0][2]


def test_excel_export_is_read_including_date_cells_and_percentage_formats(world):
    book = Workbook()
    sheet = book.active
    sheet.append(["Code", "Period", "Value"])
    sheet.append(["ASSESS-45", date(2014, 6, 1), 0.625])
    sheet["C2"].number_format = "0.0%"
    sheet.append(["SW-CASELOAD", "2014-06", 21])
    buffer = io.BytesIO()
    book.save(buffer)
    summary = run(world, buffer.getvalue(), name="Export.XLSX")
    assert sorted(str(value.value) for value in summary.created) == ["21.00", "62.50"]


def test_preview_lists_what_will_change_and_stores_nothing(world):
    run(world, csv_bytes("code,period,value", "SW-CASELOAD,2014-06,24"))
    headers, records = read_upload(
        "e.csv", csv_bytes("code,period,value", "SW-CASELOAD,2014-06,22", "SW-CASELOAD,2014-07,22")
    )
    checked = check_records(records, notice=world.notice, headers=headers, scope_organisation_id=None, today=TODAY)
    assert [row.outcome for row in checked.rows] == ["update", "new"]
    assert IndicatorValue.objects.count() == 1


# Through the pages


def upload(client, world, content: bytes, name="export.csv"):
    url = reverse("indicators:indicator-import", args=[world.notice.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_officer_previews_then_confirms_an_import(client, world):
    client.force_login(world["officer"])
    response = upload(client, world, csv_bytes("code,period,value", "SW-CASELOAD,2014-06,24"))
    body = response.content.decode()
    assert "Check before importing" in body and IndicatorValue.objects.count() == 0
    payload = response.context["confirm"].initial["payload"]
    response = client.post(reverse("indicators:indicator-import-confirm", args=[world.notice.pk]), {"payload": payload})
    assert response.status_code == 302
    assert IndicatorValue.objects.get().entered_by == world["officer"]


def test_import_page_shows_row_errors_and_stores_nothing(client, world):
    client.force_login(world["chair"])
    body = upload(client, world, csv_bytes("code,period,value", "NOPE,2014-06,5")).content.decode()
    assert "nothing was stored" in body and "No indicator with code &#x27;NOPE&#x27;" in body
    assert IndicatorValue.objects.count() == 0


def test_wrong_file_type_is_shown_next_to_the_file_field(client, world):
    client.force_login(world["chair"])
    response = upload(client, world, b"hello", name="notes.docx")
    assert "not a file type we can import" in response.context["form"].errors["file"][0]
    assert "There is a problem" in response.content.decode()


def test_tampered_preview_is_refused(client, world):
    client.force_login(world["chair"])
    response = client.post(reverse("indicators:indicator-import-confirm", args=[world.notice.pk]), {"payload": "x:y"})
    assert "upload the file again" in response.content.decode() and IndicatorValue.objects.count() == 0
