"""Importing an improvement plan: preview, errors naming row and column, all or nothing."""

import io
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from actions.importing import parse_plan
from actions.models import Action
from actions.tests import factories as action_factories
from measures.tests import factories

pytestmark = pytest.mark.django_db
HEADER = "Measure,Requirement,Reference,Action,Owner,Organisation,Start date,Due date,Status"


@pytest.fixture
def notice(personas):
    measure = factories.make_measure(personas.notice, "8", heading="Quality assurance")
    factories.make_requirement(measure, "8.1")
    factories.make_requirement(measure, "8.2")
    factories.make_requirement(factories.make_measure(personas.notice, "9", heading="Workforce"), "9.1")
    personas["officer"].first_name, personas["officer"].last_name = "Sam", "Patel"
    personas["officer"].save()
    return personas.notice


def csv_bytes(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def errors_of(content: bytes, notice, filename: str = "plan.csv") -> list[str]:
    return [str(e) for e in parse_plan(content, filename, notice=notice).errors]


GOOD = [
    "8,8.1,QA-1,Adopt the QA framework,officer,Children's Services,02/06/2014,30/09/2014,Complete",
    "9,,,Recruit permanent social workers,Sam Patel,Kent Police,,28/02/2015,In progress",
]


def test_a_good_csv_previews_every_row_with_what_will_be_created(notice):
    preview = parse_plan(csv_bytes(*GOOD), "plan.csv", notice=notice)
    assert preview.errors == [] and preview.can_import
    first, second = preview.rows
    assert (first.row, first.reference, first.requirement_refs, first.status) == (2, "QA-1", ["8.1"], "complete")
    assert (second.requirement_refs, second.owner_name, second.start_on) == (["9.1"], "Sam Patel", date(2014, 5, 21))


def test_a_measure_alone_links_all_its_requirements(notice):
    preview = parse_plan(csv_bytes("8,,,Run audits,officer,Kent Police,,30/09/2014,"), "plan.csv", notice=notice)
    assert preview.rows[0].requirement_refs == ["8.1", "8.2"]


def test_a_title_row_above_the_header_is_skipped_and_row_numbers_match_the_sheet(notice):
    book = Workbook()
    sheet = book.active
    sheet.append(["Improvement plan 2014"])  # a title row above the header is common
    sheet.append([])
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "8",
            "8.1",
            "",
            "Adopt the QA framework",
            "officer",
            "Children's Services",
            datetime(2014, 6, 2),
            datetime(2014, 9, 30),
            "Planned",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    preview = parse_plan(buffer.getvalue(), "plan.xlsx", notice=notice)
    assert preview.errors == []
    assert (preview.rows[0].row, preview.rows[0].due_on) == (4, date(2014, 9, 30))


def test_an_excel_workbook_starting_with_its_header_is_read(notice):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "8",
            "8.1",
            "",
            "Adopt the QA framework",
            "officer",
            "Children's Services",
            datetime(2014, 6, 2),
            datetime(2014, 9, 30),
            "Planned",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    preview = parse_plan(buffer.getvalue(), "plan.xlsx", notice=notice)
    assert preview.errors == []
    assert (preview.rows[0].start_on, preview.rows[0].due_on) == (date(2014, 6, 2), date(2014, 9, 30))


def test_a_malformed_excel_file_is_reported_and_nothing_is_read(notice):
    errors = errors_of(b"PK\x03\x04 this is not really a workbook", notice, "plan.xlsx")
    assert len(errors) == 1 and "could not be read as an Excel workbook" in errors[0]


def test_missing_columns_are_named(notice):
    errors = errors_of(csv_bytes("Adopt,30/09/2014", header="Action,Due"), notice)
    assert errors == [
        "Row 1 (the header row) lacks the columns Measure or Requirement, Owner, Organisation. "
        "Required: Measure or Requirement, Action, Owner, Organisation, Due; optional: Reference, Description, Start, Status, Completed."
    ]


def test_unknown_references_name_the_row_and_column(notice):
    errors = errors_of(
        csv_bytes(
            "12,,,Something,officer,Kent Police,,30/09/2014,",
            ",8.7,,Something,officer,Kent Police,,30/09/2014,",
            "9,8.1,,Something,officer,Kent Police,,30/09/2014,",
        ),
        notice,
    )
    assert errors == [
        "Row 2, column Measure: “12” is not a measure of this notice.",
        "Row 3, column Requirement: “8.7” is not a requirement of this notice.",
        "Row 4, column Requirement: 8.1 is not part of measure 9.",
    ]


def test_bad_dates_and_due_before_start_name_the_row_and_column(notice):
    errors = errors_of(
        csv_bytes(
            "8,8.1,,Something,officer,Kent Police,,31/02/2014,",
            "8,8.1,,Something,officer,Kent Police,soon,30/09/2014,",
            "8,8.1,,Something,officer,Kent Police,01/10/2014,30/09/2014,",
            "8,8.1,,Something,officer,Kent Police,,,",
        ),
        notice,
    )
    assert errors == [
        "Row 2, column Due: “31/02/2014” is not a date; write dates as 21/05/2014.",
        "Row 3, column Start: “soon” is not a date; write dates as 21/05/2014.",
        "Row 4, column Due: 30/09/2014 is before the start date 01/10/2014.",
        "Row 5, column Due: is empty: give a date such as 21/05/2014.",
    ]


def test_unknown_owner_organisation_and_status_name_the_row_and_column(notice):
    errors = errors_of(
        csv_bytes(
            "8,8.1,,Something,Nobody Known,Kent Police,,30/09/2014,",
            "8,8.1,,Something,outsider,Kent Police,,30/09/2014,",
            "8,8.1,,Something,officer,Sussex Police,,30/09/2014,Paused",
        ),
        notice,
    )
    assert errors == [
        "Row 2, column Owner: “Nobody Known” is not a member of this notice; owners need a role on the notice first.",
        "Row 3, column Owner: “outsider” is not a member of this notice; owners need a role on the notice first.",
        "Row 4, column Organisation: “Sussex Police” is not an organisation in this notice.",
        "Row 4, column Status: “Paused” is not a status we know; use Planned, In progress, Complete or Cancelled.",
    ]


def test_references_used_twice_or_already_in_the_plan_are_refused(notice, personas):
    action_factories.make_action(
        notice, owner=personas["officer"], organisation=personas.organisation, reference="QA-9"
    )
    errors = errors_of(
        csv_bytes(
            "8,8.1,QA-1,One,officer,Kent Police,,30/09/2014,",
            "8,8.1,qa-1,Two,officer,Kent Police,,30/09/2014,",
            "8,8.1,QA-9,Three,officer,Kent Police,,30/09/2014,",
        ),
        notice,
    )
    assert errors == [
        "Row 3, column Reference: qa-1 is also used on row 2.",
        "Row 4, column Reference: QA-9 is already used by an action in this plan.",
    ]


def upload(client, content: bytes, name: str = "plan.csv"):
    return client.post(
        reverse("actions:plan-import", args=[client.notice.pk]), {"file": SimpleUploadedFile(name, content)}
    )


@pytest.fixture
def chair_client(client, notice, personas):
    client.force_login(personas["chair"])
    client.notice = notice
    return client


def test_preview_then_confirm_creates_exactly_the_previewed_rows(chair_client, personas):
    response = upload(chair_client, csv_bytes(*GOOD))
    body = response.content.decode()
    assert "These 2 actions will be created" in body and "Adopt the QA framework" in body
    assert Action.objects.count() == 0
    response = chair_client.post(
        reverse("actions:plan-import-confirm", args=[personas.notice.pk]), {"token": response.context["token"]}
    )
    assert response.status_code == 302
    created = Action.objects.order_by("reference")
    assert [a.reference for a in created] == ["A-001", "QA-1"]
    assert created.get(reference="QA-1").history.earliest("history_id").history_user == personas["chair"]


def test_a_file_with_any_error_shows_them_all_and_offers_no_import(chair_client):
    response = upload(chair_client, csv_bytes(GOOD[0], "8,8.1,,Two,officer,Kent Police,,not a date,"))
    body = response.content.decode()
    assert "Row 3, column Due: “not a date” is not a date" in body
    assert "plan-import-confirm" not in body and "Create these" not in body
    assert response.context["token"] == ""
    assert Action.objects.count() == 0


def test_confirm_without_the_matching_preview_creates_nothing(chair_client, personas):
    upload(chair_client, csv_bytes(*GOOD))
    response = chair_client.post(reverse("actions:plan-import-confirm", args=[personas.notice.pk]), {"token": "forged"})
    assert response.status_code == 302 and response["Location"].endswith("/import/")
    assert Action.objects.count() == 0


def test_confirm_that_fails_part_way_rolls_back_every_row(chair_client, personas):
    response = upload(chair_client, csv_bytes(*GOOD))
    # Between preview and confirm someone adds an action with the file's reference.
    action_factories.make_action(
        personas.notice, owner=personas["officer"], organisation=personas.organisation, reference="QA-1"
    )
    response = chair_client.post(
        reverse("actions:plan-import-confirm", args=[personas.notice.pk]),
        {"token": response.context["token"]},
        follow=True,
    )
    assert "Nothing was imported. Row 2, column Reference" in response.content.decode()
    assert Action.objects.count() == 1


def test_a_file_that_is_not_csv_or_excel_is_refused_at_upload(chair_client):
    response = upload(chair_client, b"%PDF-1.4", "plan.pdf")
    assert "Upload an Excel workbook (.xlsx) or a CSV file." in response.content.decode()


def test_officers_cannot_import_a_whole_plan(client, notice, personas):
    client.force_login(personas["officer"])
    assert client.get(reverse("actions:plan-import", args=[notice.pk])).status_code == 403
