"""The dashboard, portfolio and measure pages in the permission matrix (see tests/permission_matrix.py)."""

from django.urls import reverse

from demo.evidence import checked, tiny_pdf
from measures.tests import factories
from notice_tracker.lib import clock
from progress.services import duty_complete
from tests.permission_matrix import PERSONAS, UrlCase, everyone, only


def url_cases(world) -> list[UrlCase]:
    notice = world.notice
    measure = factories.make_measure(notice, "M2")
    duty = factories.make_duty(notice, "other", title="Validated", cadence_months=None, starts_on=None)
    duty_url = reverse("dashboards:duty-complete", args=[notice.pk, duty.pk])
    proved = factories.make_duty(notice, "other", title="Reported", cadence_months=None, starts_on=None)
    duty_complete(
        duty=proved,
        by=world["chair"],
        done_on=notice.issued_on,
        today=clock.today(),
        letter=checked(tiny_pdf("Letter to DfE"), "letter.pdf"),
        expected_version=0,
    )
    return [
        UrlCase(
            "dashboards:measure-detail",
            reverse("dashboards:measure-detail", args=[notice.pk, measure.reference]),
            everyone(),
        ),
        # Only the Chair judges a measure; everyone else, observers included, is refused.
        UrlCase(
            "dashboards:measure-judgement",
            reverse("dashboards:measure-judgement", args=[notice.pk, measure.reference]),
            only({"chair"}),
        ),
        UrlCase(
            "dashboards:measure-judgement",
            reverse("dashboards:measure-judgement", args=[notice.pk, measure.reference]),
            only({"chair"}, 302),
            method="post",
            data={"rag": "amber", "sentence": "Better than the data says.", "version": "0"},
        ),
        # A one-off duty is recorded as done by the Chair or an administrator.
        UrlCase("dashboards:duty-complete", duty_url, only({"chair", "administrator"})),
        UrlCase("dashboards:duty-complete", duty_url, only({"chair", "administrator"}), method="post", data={}),
        # The document proving a duty done is read by every member.
        UrlCase(
            "dashboards:duty-document",
            reverse("dashboards:duty-document", args=[notice.pk, proved.pk]),
            everyone(),
        ),
        UrlCase("dashboards:dashboard", reverse("dashboards:dashboard", args=[notice.pk]), everyone()),
        # Every notice at once is for superusers only (none of the personas is one).
        UrlCase("dashboards:system-notices", reverse("dashboards:system-notices"), {p: 403 for p in PERSONAS}),
        # Every signed-in user has a portfolio: the notices they belong to (possibly none).
        UrlCase("dashboards:portfolio", reverse("dashboards:portfolio"), {p: 200 for p in PERSONAS}),
    ]
