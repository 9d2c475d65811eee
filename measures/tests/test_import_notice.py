"""The import_notice command end to end: what it writes, that a re-run writes nothing, and bad files."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from measures.models import Duty, Measure, Notice, Requirement

MEDWAY = Path(__file__).resolve().parents[1] / "notices" / "medway-2014-05-21.txt"
pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("import_notice", *map(str, args), stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        "notices": Notice.objects.count(),
        "measures": Measure.objects.count(),
        "requirements": Requirement.objects.count(),
        "duties": Duty.objects.count(),
        "history": sum(m.history.count() for m in (Notice, Measure, Requirement, Duty)),
    }


def test_medway_notice_imports_every_measure_requirement_and_duty():
    output = run(MEDWAY)
    notice = Notice.objects.get()
    assert notice.authority.name == "Medway Council"
    assert notice.issued_on == date(2014, 5, 21)
    assert notice.supersedes_issued_on == date(2013, 7, 17)
    assert notice.delivery_deadline == date(2015, 2, 23)
    assert list(notice.measures.values_list("reference", flat=True)) == [
        "2",
        "3",
        "3A",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
    ]
    assert notice.measures.get(reference="3A").printed_number == "3"
    assert Requirement.objects.filter(measure__notice=notice).count() == 45
    assert "10 measures, 45 requirements" in output
    assert "printed twice" in output


def test_every_requirement_is_worded_exactly_as_in_the_notice_without_footnotes():
    run(MEDWAY)
    # The footnote markers (¹ ² ³) are the only characters the importer takes out of a sentence.
    source = " ".join(MEDWAY.read_text().translate({ord(c): None for c in "¹²³"}).split())
    for requirement in Requirement.objects.all():
        assert "http" not in requirement.text and "Statutory Guidance" not in requirement.text
        assert not any(mark in requirement.text for mark in "¹²³")
        if requirement.reference != "3(i).1":  # the one sentence a page break and footnote split in two
            assert requirement.text in source, requirement.reference
    split = Requirement.objects.get(reference="3(i).1")
    assert split.text.startswith("all assessments by the Council and partners follow the principles and parameters")
    assert "Working Together to Safeguard Children" in split.footnotes


def test_duties_carry_the_notices_dates_and_cadences():
    run(MEDWAY)
    duties = {d.code: d for d in Duty.objects.all()}
    assert duties["board_meeting"].cadence_months == 1
    assert duties["chair_report"].cadence_months == 3
    assert duties["mscb_report"].cadence_months == 3
    assert duties["dfe_review"].cadence_months == 6
    assert duties["external_validation"].due_on == date(2014, 9, 30)
    assert duties["report_to_dfe"].due_on == date(2014, 10, 31)
    assert duties["delivery_deadline"].due_on == date(2015, 2, 23)
    assert duties["chair_report"].next_due(on=date(2014, 6, 1)) == date(2014, 8, 21)
    source = " ".join(MEDWAY.read_text().split())
    for duty in duties.values():
        assert " ".join(duty.source_text.split()) in source, duty.code


def test_running_the_import_again_changes_nothing_and_says_so():
    run(MEDWAY)
    before = row_counts()
    output = run(MEDWAY)
    assert row_counts() == before
    assert "nothing changed" in output


def test_dry_run_writes_nothing_but_reports_what_it_would_do():
    output = run(MEDWAY, "--dry-run")
    assert row_counts() == {"notices": 0, "measures": 0, "requirements": 0, "duties": 0, "history": 0}
    assert "Dry run" in output and "45 requirements" in output


def test_a_corrected_text_updates_in_place_with_history(tmp_path):
    run(MEDWAY)
    corrected = tmp_path / "medway.txt"
    corrected.write_text(
        MEDWAY.read_text().replace(
            "information is shared in a timely and regular manner", "information is shared promptly"
        )
    )
    output = run(corrected)
    requirement = Requirement.objects.get(text__startswith="information is shared promptly")
    assert requirement.history.count() == 2
    assert "Updated: 1 notice, 1 requirement" in output


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
        (b"Improvement Notice\nTo: Somewhere Council\nNothing numbered here.\n", "numbered"),
        ("Improvement Notice to Médway Council\n2. Do things:\n- one\n".encode("cp1252"), "UTF-8"),
    ],
    ids=["empty", "blank", "binary", "no-sections", "wrong-encoding"],
)
def test_bad_files_get_a_clear_error_and_nothing_is_written(tmp_path, content, message):
    path = tmp_path / "notice.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run(path)
    assert message.lower() in str(error.value).lower()
    assert "Nothing was imported" in str(error.value)
    assert row_counts()["notices"] == 0


def test_a_missing_file_is_named_in_the_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "nope.txt")
