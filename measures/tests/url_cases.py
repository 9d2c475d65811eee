import hashlib

from django.core.files.base import ContentFile
from django.urls import reverse

from measures.models import NoticeImport
from measures.tests.notice_samples import SAMPLES
from measures.tests.url_cases_people import people_url_cases
from tests.permission_matrix import PERSONAS, UrlCase, everyone, only


def url_cases(world) -> list[UrlCase]:
    return notice_url_cases(world) + people_url_cases(world) + import_url_cases(world)


def _draft_revision(world) -> NoticeImport:
    """A revised notice uploaded by the notice's administrator, not yet confirmed."""
    data = (SAMPLES / "holmbury-2016-02-01.txt").read_bytes()
    record = NoticeImport(
        uploaded_by=world["administrator"],
        supersedes=world.notice,
        source_name="revised.txt",
        source_content_type="text/plain",
        source_size=len(data),
        source_sha256=hashlib.sha256(data).hexdigest(),
    )
    record.source_file.save("revised.txt", ContentFile(data), save=False)
    record.save()
    return record


def import_url_cases(world) -> list[UrlCase]:
    notice, draft = world.notice, _draft_revision(world)
    review = reverse("measures:import-review", args=[draft.pk])
    return [
        # A new notice has no administrator yet: only a superuser imports one (none of the personas is).
        UrlCase("measures:import-new", reverse("measures:import-new"), {p: 403 for p in PERSONAS}),
        UrlCase("measures:import-new", reverse("measures:import-new"), {p: 403 for p in PERSONAS}, method="post"),
        # A notice's administrators import its revision; an empty form comes back with its error.
        UrlCase("measures:notice-revise", reverse("measures:notice-revise", args=[notice.pk]), only({"administrator"})),
        UrlCase(
            "measures:notice-revise",
            reverse("measures:notice-revise", args=[notice.pk]),
            only({"administrator"}),
            method="post",
        ),
        # The draft revision: its notice's administrators review, correct, confirm or discard it.
        UrlCase("measures:import-review", review, only({"administrator"})),
        UrlCase("measures:import-review", review, only({"administrator"}), method="post"),
        UrlCase(
            "measures:import-discard",
            reverse("measures:import-discard", args=[draft.pk]),
            only({"administrator"}, 302),
            method="post",
        ),
        UrlCase("measures:import-source", reverse("measures:import-source", args=[draft.pk]), only({"administrator"})),
    ]


def notice_url_cases(world) -> list[UrlCase]:
    notice = world.notice
    return [
        # The list shows each user only their notices, so it is open to every signed-in user.
        UrlCase("measures:notice-list", reverse("measures:notice-list"), {p: 200 for p in PERSONAS}),
        UrlCase("dashboards:notice-detail", reverse("dashboards:notice-detail", args=[notice.pk]), everyone()),
        # Only an administrator records the notice lifted; an empty form comes back with its errors.
        UrlCase("measures:notice-lift", reverse("measures:notice-lift", args=[notice.pk]), only({"administrator"})),
        UrlCase(
            "measures:notice-lift",
            reverse("measures:notice-lift", args=[notice.pk]),
            only({"administrator"}),
            method="post",
        ),
        # The notice is not lifted, so there is no letter for anyone (measures/tests/test_lifting.py reads one).
        UrlCase("measures:lifting-letter", reverse("measures:lifting-letter", args=[notice.pk]), everyone(404)),
    ]
