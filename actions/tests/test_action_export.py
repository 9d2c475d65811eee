"""CSV and Excel exports hold exactly the filtered list, every page of it."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.export import HEADERS
from actions.importing import parse_plan
from actions.models import Action
from actions.services import plan_import_commit
from actions.tests import factories as action_factories
from measures.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas):
    qa = factories.make_requirement(factories.make_measure(personas.notice, "8"), "8.1")
    workforce = factories.make_requirement(factories.make_measure(personas.notice, "9"), "9.1")
    for number in range(1, 56):
        action_factories.make_action(
            personas.notice,
            owner=personas["officer"],
            organisation=personas.organisation,
            requirements=[qa],
            reference=f"QA-{number}",
            title=f"QA action {number}",
        )
    action = action_factories.make_action(
        personas.notice,
        owner=personas["officer"],
        organisation=personas.partner,
        requirements=[workforce],
        reference="W-1",
        title='=HYPERLINK("http://evil")',
        start_on=date(2014, 6, 2),
        due_on=date(2014, 6, 30),
        percent_complete=40,
    )
    action_factories.make_update(action, on=date(2014, 6, 20), percent_complete=40, note="Interviews held")
    return personas, qa, action


def export(client, personas, fmt: str, **filters):
    client.force_login(personas["observer"])
    return client.get(reverse("actions:action-export", args=[personas.notice.pk]), {"format": fmt, **filters})


def test_csv_holds_every_filtered_row_not_just_the_first_page(client, plan):
    personas, qa, _ = plan
    response = export(client, personas, "csv", measure=qa.measure.pk)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    assert len(rows) == 1 + 55
    assert {row[2] for row in rows[1:]} == {f"QA-{n}" for n in range(1, 56)}


def test_csv_row_has_the_plan_columns_and_neutralises_formulas(client, plan):
    personas, _, _ = plan
    response = export(client, personas, "csv", organisation=personas.partner.pk)
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert dict(zip(header, row, strict=True)) == {
        "Measure": "9",
        "Requirement(s)": "9.1",
        "Reference": "W-1",
        "Action": '\'=HYPERLINK("http://evil")',
        "Owner": "officer",
        "Organisation": "Kent Police",
        "Start": "02/06/2014",
        "Due": "30/06/2014",
        "Status": "Planned",
        "RAG": "Red",
        "% complete": "40",
        "Latest update": "20/06/2014: Interviews held",
    }


def test_export_file_is_named_after_the_council_and_the_date(client, plan):
    from django.utils import timezone

    personas, _, _ = plan
    response = export(client, personas, "xlsx")
    expected = f"medway-council-improvement-plan-{timezone.localdate().isoformat()}.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_excel_export_has_the_same_rows_with_real_dates(client, plan):
    personas, _, _ = plan
    response = export(client, personas, "xlsx", rag="red", organisation=personas.partner.pk)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADERS
    assert len(values) == 2
    assert values[1][2] == "W-1" and values[1][7].date() == date(2014, 6, 30)


def test_an_unknown_export_format_is_not_found(client, plan):
    personas, _, _ = plan
    assert export(client, personas, "pdf").status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_plan_export_is_written_to_the_security_log(client, plan, fmt):
    # Security review (issue 13), finding 9.
    from audit.models import SecurityEvent

    personas, qa, _ = plan
    assert export(client, personas, fmt, measure=qa.measure.pk).status_code == 200
    event = SecurityEvent.objects.get(kind="export")
    assert event.user == personas["observer"] and event.notice == personas.notice
    assert event.detail == f"improvement plan {fmt.upper()}" and f"measure={qa.measure.pk}" in event.path


def test_an_exported_plan_imports_back_as_the_same_actions(client, plan):
    personas, _, _ = plan
    exported = export(client, personas, "xlsx").content
    before = {
        (a.reference, a.title, a.owner_id, a.lead_organisation_id, a.due_on, a.status)
        for a in Action.objects.filter(notice=personas.notice)
    }
    Action.objects.filter(notice=personas.notice).delete()
    preview = parse_plan(exported, "plan.xlsx", notice=personas.notice)
    assert preview.errors == [] and preview.can_import
    plan_import_commit(rows=preview.rows, notice=personas.notice, by=personas["chair"])
    after = {
        (a.reference, a.title, a.owner_id, a.lead_organisation_id, a.due_on, a.status)
        for a in Action.objects.filter(notice=personas.notice)
    }
    assert after == before


def test_the_import_template_has_the_exports_columns_and_this_notices_choices(client, plan):
    personas, _, _ = plan
    client.force_login(personas["chair"])
    response = client.get(reverse("actions:plan-import-template", args=[personas.notice.pk]))
    assert response["Content-Disposition"].endswith('-plan-import-template.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    plan_sheet, guide = book.worksheets
    assert [c.value for c in plan_sheet[1]] == HEADERS and plan_sheet.max_row == 1
    listed = {row[0] for row in guide.iter_rows(values_only=True)}
    assert {"8.1", "9.1", personas["officer"].username, personas.partner.name} <= listed
    # Filled in by the rules it states, the template imports.
    plan_sheet.append(["8", "", "", "Audit every plan", personas["officer"].username, personas.organisation.name])
    plan_sheet.cell(row=2, column=8, value=date(2015, 3, 31))
    buffer = io.BytesIO()
    book.save(buffer)
    preview = parse_plan(buffer.getvalue(), "template.xlsx", notice=personas.notice)
    assert preview.errors == [] and [row.title for row in preview.rows] == ["Audit every plan"]
