import hashlib
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.models import EvidenceItem
from evidence.tests import factories
from evidence.tests.helpers import assert_nothing_stored, form_data, stored_files
from measures.tests import factories as measure_factories


@pytest.fixture
def submit(client, personas):
    client.force_login(personas["officer"])
    url = reverse("evidence:item-submit", args=[personas.notice.pk])
    return lambda **data: client.post(url, data)


def test_officer_submits_a_file_and_it_is_stored_under_a_random_name_with_its_checksum(submit, personas, media_root):
    requirement = measure_factories.make_requirement(measure_factories.make_measure(personas.notice))
    content = factories.pdf("June audit")
    response = submit(**form_data(requirements=[requirement.pk]), file=SimpleUploadedFile("June audit.pdf", content))
    item = EvidenceItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    revision = item.current_revision
    assert revision is not None and revision.file.name is not None
    assert (revision.number, revision.original_name, revision.content_type) == (1, "June audit.pdf", "application/pdf")
    assert revision.sha256 == hashlib.sha256(content).hexdigest() and revision.size == len(content)
    assert revision.file.name.startswith(f"evidence/{personas.notice.pk}/") and "audit" not in revision.file.name
    assert (Path(media_root) / revision.file.name).read_bytes() == content
    assert (item.covers_from, item.covers_to) == (date(2014, 6, 1), date(2014, 6, 30))
    assert item.submitted_by == personas["officer"] and item.organisation == personas.organisation
    assert item.review_status == EvidenceItem.Status.SUBMITTED
    assert list(item.requirements.all()) == [requirement]


def test_evidence_can_be_only_a_link(submit):
    response = submit(**form_data(link="https://example.org/audit"))
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert item.link == "https://example.org/audit" and item.current_revision is None


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("report.pdf", factories.HTML), "content is not PDF, Word"),
        (SimpleUploadedFile("report.pdf", factories.EXE), "content is not PDF, Word"),
        (SimpleUploadedFile("report.pdf", b""), "The file is empty."),
        (SimpleUploadedFile("report.docx", factories.pdf()), "named .docx but its content is a PDF"),
        (SimpleUploadedFile("setup.exe", factories.EXE), "Files ending .exe are not accepted"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_stored(submit, media_root, upload, message):
    response = submit(**form_data(title="Keep this title"), file=upload)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'id="error-summary"' in body
    assert 'value="Keep this title"' in body  # the user's input is kept
    assert_nothing_stored(media_root)


def test_an_oversized_file_is_refused_and_nothing_is_stored(submit, settings, media_root):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1000
    response = submit(**form_data(), file=SimpleUploadedFile("big.pdf", factories.pdf() + b"x" * 2000))
    assert response.status_code == 200
    assert "the largest allowed is 1000.0 KB" not in response.content.decode()  # sizes read as people say them
    assert "largest allowed is 1.0 KB" in response.content.decode()
    assert_nothing_stored(media_root)


def test_a_request_body_far_over_the_limit_is_refused_before_it_is_read(client, personas, settings, media_root):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1000
    client.force_login(personas["officer"])
    url = reverse("evidence:item-submit", args=[personas.notice.pk])
    big = SimpleUploadedFile("big.pdf", factories.pdf() + b"x" * (2 * 1024 * 1024))
    response = client.post(url, {**form_data(), "file": big})
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert_nothing_stored(media_root)


@pytest.mark.parametrize(
    ("name", "kept_as"),
    [("../../etc/passwd.pdf", "passwd.pdf"), ("Ré union — notes.pdf", "Ré union — notes.pdf")],
)
def test_path_like_and_unicode_names_are_made_safe_and_the_file_stays_inside_the_evidence_folder(
    submit, personas, media_root, name, kept_as
):
    response = submit(**form_data(), file=SimpleUploadedFile(name, factories.pdf()))
    assert response.status_code == 302
    revision = EvidenceItem.objects.get().current_revision
    assert revision is not None and revision.file.name is not None
    assert revision.original_name == kept_as
    [path] = stored_files(media_root)
    assert path.parent == Path(media_root) / "evidence" / str(personas.notice.pk)
    assert path.name == Path(revision.file.name).name and len(path.name) == 32


@pytest.mark.parametrize(
    "link", ["ftp://example.org/file.pdf", "javascript:alert(1)", "file:///etc/passwd", "not a link at all"]
)
def test_a_link_that_is_not_http_is_refused_and_nothing_is_stored(submit, media_root, link):
    response = submit(**form_data(link=link))
    assert response.status_code == 200
    assert "Enter a web address starting with http:// or https://." in response.content.decode()
    assert_nothing_stored(media_root)


def test_evidence_with_neither_file_nor_link_is_refused(submit, media_root):
    response = submit(**form_data())
    assert response.status_code == 200
    assert "Give a file or a link" in response.content.decode()
    assert_nothing_stored(media_root)


def test_a_bad_file_with_a_good_link_is_still_refused(submit, media_root):
    response = submit(**form_data(link="https://example.org"), file=SimpleUploadedFile("r.pdf", factories.HTML))
    assert response.status_code == 200 and "content is not PDF" in response.content.decode()
    assert_nothing_stored(media_root)


def test_dates_are_typed_the_british_way_and_a_period_cannot_end_before_it_starts(submit, media_root):
    response = submit(**form_data(covers_from="2014-13-45", link="https://example.org"))
    assert "Enter the covers from date as a date, for example 21/05/2014." in response.content.decode()
    response = submit(**form_data(covers_from="30/06/2014", covers_to="01/06/2014", link="https://example.org"))
    assert "The period cannot end before it starts." in response.content.decode()
    assert 'value="30/06/2014"' in response.content.decode()
    assert_nothing_stored(media_root)


def test_requirements_and_actions_of_another_notice_cannot_be_linked(submit, media_root):
    other = measure_factories.make_notice("Elsewhere Council")
    foreign = measure_factories.make_requirement(measure_factories.make_measure(other))
    response = submit(**form_data(link="https://example.org", requirements=[foreign.pk]))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert_nothing_stored(media_root)


def test_the_submit_form_has_labels_help_and_british_date_hints(client, personas):
    client.force_login(personas["officer"])
    body = client.get(reverse("evidence:item-submit", args=[personas.notice.pk])).content.decode()
    assert 'for="id_covers_from"' in body and "For example, 21/05/2014." in body
    assert 'enctype="multipart/form-data"' in body
    assert "PDF, Word, Excel, CSV, PowerPoint, PNG, JPEG or plain text; up to 25 MB." in body


def test_observer_cannot_submit_evidence(client, personas):
    client.force_login(personas["observer"])
    response = client.post(
        reverse("evidence:item-submit", args=[personas.notice.pk]), form_data(link="https://example.org")
    )
    assert response.status_code == 403
    assert EvidenceItem.objects.count() == 0


def test_a_failed_database_write_leaves_no_file_behind(personas, media_root):
    """The file is written before its row; a row the database refuses takes the file with it."""
    import io

    from django.db import IntegrityError

    from evidence import services
    from notice_tracker.lib.uploads import PDF, CheckedFile

    # A size of 0 breaks the database's "not empty" constraint after the file is on disk.
    crafted = CheckedFile(file=io.BytesIO(factories.pdf()), name="a.pdf", file_type=PDF, size=0, sha256="0" * 64)
    with pytest.raises(IntegrityError):
        services.evidence_submit(
            notice=personas.notice,
            by=personas["officer"],
            organisation=personas.organisation,
            form_data=factories.item_data(file=crafted),
        )
    assert_nothing_stored(media_root)


@pytest.mark.parametrize("covers_from", ["01/06/2014", "2014-06-01", "1 June 2014"])
def test_a_british_an_iso_and_a_written_date_all_save(submit, covers_from):
    response = submit(**form_data(covers_from=covers_from, covers_to="", link="https://example.org"))
    assert response.status_code == 302
    assert EvidenceItem.objects.get().covers_from == date(2014, 6, 1)


def test_the_edit_form_shows_the_saved_dates_as_words(client, personas):
    item = factories.make_item(personas.notice, personas["officer"])
    client.force_login(personas["officer"])
    body = client.get(reverse("evidence:item-edit", args=[personas.notice.pk, item.pk])).content.decode()
    assert f'value="{item.covers_from.day} {item.covers_from:%B %Y}"' in body and "For example, 21/05/2014." in body
