"""The web import's pages: upload, review beside the text, correct, confirm; bad files refused with
nothing stored; a stale save refused with 409; a superseded notice read-only with its banner."""

from __future__ import annotations

import html
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from measures import importing
from measures.forms import ImportReview
from measures.import_views import _old_rows
from measures.importer.corrections import Corrections
from measures.models import Duty, Measure, Membership, Notice, NoticeImport
from measures.tests import factories
from measures.tests.notice_pdf import image_only_pdf, notice_pdf
from measures.tests.test_web_import import CHIEF_EXECUTIVE, FIRST, REVISED
from reporting.tests.report_factories import TINY_PDF, issue_quickly, make_report

NEW = reverse("measures:import-new")


@pytest.fixture
def root(client):
    user = factories.make_user("root", is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def text(response) -> str:
    return html.unescape(response.content.decode())


def files_stored(media_root: Path) -> list[Path]:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def review_data(record: NoticeImport, **changes: str) -> dict[str, str]:
    """What the review page posts as shown, with `changes` (field name -> value; "" unticks a box)."""
    review = importing.review(record)
    old_measures, old_requirements = _old_rows(record)
    forms = ImportReview(
        None,
        parsed=review.parsed,
        corrections=Corrections.from_json(record.corrections),
        mapping=record.mapping
        or (importing.suggested_mapping(record.supersedes, review.parsed) if record.supersedes else {}),
        old_measures=old_measures,
        old_requirements=old_requirements,
        version=record.version,
    )
    data = {"version": str(record.version)}
    for formset in forms.formsets:
        management = formset.management_form
        data |= {management.add_prefix(name): str(management.initial[name]) for name in management.fields}
        for form in formset:
            for name in form.fields:
                value = form.initial.get(name)
                if isinstance(value, bool):
                    if value:
                        data[form.add_prefix(name)] = "on"
                elif isinstance(value, date):
                    data[form.add_prefix(name)] = f"{value:%d/%m/%Y}"
                else:
                    data[form.add_prefix(name)] = "" if value is None else str(value)
    for name, value in changes.items():
        if value == "":
            data.pop(name, None)
        else:
            data[name] = value
    return data


def field(record: NoticeImport, prefix: str, key: str, name: str) -> str:
    """The posted name of the `name` field of the row whose key is `key` in formset `prefix`."""
    data = review_data(record)
    for posted, value in data.items():
        if posted.startswith(f"{prefix}-") and posted.endswith("-key") and value == key:
            return posted.removesuffix("key") + name
    raise AssertionError(f"no {prefix} row {key}")


@pytest.mark.django_db
def test_an_administrator_uploads_corrects_and_confirms_a_notice(client, root):
    response = client.post(NEW, {"file": SimpleUploadedFile(FIRST.name, FIRST.read_bytes())})
    record = NoticeImport.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()

    page = text(client.get(record.get_absolute_url()))
    assert "The notice's text" in page and "keeping average caseloads below 22 children; and" in page
    assert "Questions for the administrator" in page and "appointment of the new Chief Executive" in page
    assert "Every guess the importer made" in page

    corrected = review_data(
        record,
        **{
            field(record, "measure", "1", "reference"): "1A",
            field(record, "requirement", "1.3", "is_requirement"): "",
            field(record, "duty", CHIEF_EXECUTIVE, "on"): "30/04/2016",
        },
    )
    response = client.post(record.get_absolute_url(), {**corrected, "check": ""})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.corrections == {
        "measures": {"1": "1A"},
        "not_requirements": ["1.3"],
        "closing_requirements": [],
        "duty_dates": {CHIEF_EXECUTIVE: "2016-04-30"},
    }
    assert not Notice.objects.exists()
    page = text(client.get(record.get_absolute_url()))
    assert "With your corrections: 2 measures, 6 requirements, 3 duties, 0 questions left for you." in page

    response = client.post(record.get_absolute_url(), {**review_data(record), "confirm": ""})
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == notice.get_absolute_url()
    assert [m.reference for m in Measure.objects.filter(notice=notice)] == ["1A", "2"]
    assert Duty.objects.get(notice=notice, code="other").due_on == date(2016, 4, 30)
    assert "Holmbury Metropolitan Borough Council" in text(client.get(reverse("measures:notice-list")))
    # The import stays with the notice: its page shows the file, its SHA-256 and the corrections.
    done = text(client.get(record.get_absolute_url()))
    assert record.source_sha256 in done and "1A" in done
    assert client.get(reverse("measures:import-source", args=[record.pk])).getvalue() == FIRST.read_bytes()
    # The new notice's other administrators read it too; its other members may not.
    colleague = factories.make_member(notice, Membership.Role.ADMINISTRATOR, username="colleague")
    officer = factories.make_member(notice, Membership.Role.OFFICER, username="officer")
    client.force_login(colleague)
    assert client.get(record.get_absolute_url()).status_code == 200
    client.force_login(officer)
    assert client.get(record.get_absolute_url()).status_code == 403


@pytest.mark.django_db
def test_a_correction_that_cannot_apply_is_shown_and_nothing_saved(client, root):
    client.post(NEW, {"file": SimpleUploadedFile(FIRST.name, FIRST.read_bytes())})
    record = NoticeImport.objects.get()
    data = review_data(record, **{field(record, "measure", "1", "reference"): "2"})
    response = client.post(record.get_absolute_url(), {**data, "confirm": ""})
    assert response.status_code == 200
    assert "Two measures would both be 2: each needs its own reference." in text(response)
    record.refresh_from_db()
    assert record.corrections == {} and not Notice.objects.exists()


@pytest.mark.django_db
def test_corrections_saved_from_an_older_page_are_refused_with_409(client, root):
    client.post(NEW, {"file": SimpleUploadedFile(FIRST.name, FIRST.read_bytes())})
    record = NoticeImport.objects.get()
    stale = review_data(record)
    client.post(record.get_absolute_url(), {**stale, "check": ""})
    response = client.post(record.get_absolute_url(), {**stale, "confirm": ""})
    assert response.status_code == 409
    assert "Someone else saved corrections to this import" in text(response)
    assert not Notice.objects.exists()


def _encrypted(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _letter() -> bytes:
    return notice_pdf("Dear colleague,\n\nPlease find attached the agenda for the next Board.\n\nYours sincerely\n")


@pytest.mark.pdf
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("notice.pdf", lambda: b"", "The submitted file is empty."),
        ("notice.pdf", image_only_pdf, "this PDF has no text to read"),
        ("notice.pdf", lambda: _encrypted(notice_pdf(FIRST.read_text(encoding="utf-8"))), "password-protected PDF"),
        ("notice.pdf", _letter, "No numbered sections found"),
        ("notice.png", lambda: image_only_pdf(), "named .png but its content is a PDF"),
    ],
    ids=["empty", "image-only", "encrypted", "not-a-notice", "misnamed"],
)
def test_a_bad_file_gets_a_clear_error_and_nothing_is_stored(client, root, media_root, name, make, message):
    response = client.post(NEW, {"file": SimpleUploadedFile(name, make())})
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert NoticeImport.objects.count() == 0 and Notice.objects.count() == 0
    assert files_stored(media_root) == []


@pytest.mark.django_db
def test_a_text_that_is_not_a_notice_is_refused_and_nothing_stored(client, root, media_root):
    response = client.post(NEW, {"file": SimpleUploadedFile("minutes.txt", b"Minutes of the Board.\n\nApologies.\n")})
    assert "No numbered sections found" in text(response)
    assert NoticeImport.objects.count() == 0 and files_stored(media_root) == []


@pytest.mark.django_db
def test_only_a_superuser_imports_a_new_notice(client, personas):
    client.force_login(personas["administrator"])
    assert client.get(NEW).status_code == 403


@pytest.mark.django_db
def test_a_draft_is_discarded_with_its_file(client, root, media_root, django_capture_on_commit_callbacks):
    client.post(NEW, {"file": SimpleUploadedFile(FIRST.name, FIRST.read_bytes())})
    record = NoticeImport.objects.get()
    stored = files_stored(media_root)
    assert len(stored) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("measures:import-discard", args=[record.pk]))
    assert response.status_code == 302
    assert not NoticeImport.objects.exists() and files_stored(media_root) == []


@pytest.mark.django_db
def test_the_administrator_imports_the_revised_notice_and_the_old_one_is_read_only(client, root):
    client.post(NEW, {"file": SimpleUploadedFile(FIRST.name, FIRST.read_bytes())})
    first = NoticeImport.objects.get()
    client.post(first.get_absolute_url(), {**review_data(first), "confirm": ""})
    old = Notice.objects.get()
    officer = factories.make_member(old, Membership.Role.OFFICER, username="officer")
    chair = factories.make_member(old, Membership.Role.CHAIR, username="chair")
    period = (date(2015, 10, 10), date(2016, 1, 9))
    issued = issue_quickly(make_report(old, chair, period=period), chair, on=date(2016, 1, 20))

    revise = reverse("measures:notice-revise", args=[old.pk])
    assert 'href="' + revise + '"' in text(client.get(reverse("dashboards:notice-detail", args=[old.pk])))
    response = client.post(revise, {"file": SimpleUploadedFile(REVISED.name, REVISED.read_bytes())})
    record = NoticeImport.objects.get(supersedes=old)
    assert response["Location"] == record.get_absolute_url()
    page = text(client.get(record.get_absolute_url()))
    assert "What each part of the notice it replaces became" in page
    assert "Not matched to anything in the new notice" in page and "Requirement 2.3" in page
    response = client.post(record.get_absolute_url(), {**review_data(record), "confirm": ""})
    new = Notice.objects.get(issued_on=date(2016, 2, 1))
    assert response["Location"] == new.get_absolute_url()

    client.force_login(officer)
    about = text(client.get(reverse("dashboards:notice-detail", args=[old.pk])))
    assert "This notice was replaced by a revised notice." in about
    assert reverse("dashboards:notice-detail", args=[new.pk]) in about
    assert client.get(reverse("actions:action-create", args=[old.pk])).status_code == 403
    assert client.get(reverse("reports:report-list", args=[old.pk])).status_code == 200
    download = client.get(reverse("reports:report-download", args=[old.pk, issued.pk]))
    assert download.status_code == 200 and download.getvalue() == TINY_PDF
    assert client.get(reverse("actions:action-create", args=[new.pk])).status_code == 200
