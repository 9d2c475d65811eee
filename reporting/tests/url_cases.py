"""Every statutory report URL × every persona.

Issued reports: every member reads and downloads. Drafts: their author, the Chair and
administrators only; anyone else gets 404, as if the draft did not exist. Writing: the role the
notice gives the report to (the Chair here, for the Chair's report).
"""

from collections.abc import Collection

from django.urls import reverse

from measures.models import Membership
from reporting.tests import report_factories
from tests.permission_matrix import PERSONAS, UrlCase, everyone, only

Role = Membership.Role
DRAFT_READERS = {Role.CHAIR, Role.ADMINISTRATOR}  # the Chair wrote the draft
WRITERS = {Role.CHAIR}
# Allowed requests to these build the PDF with WeasyPrint in the request: the matrix marks them `pdf`.
BUILDS_PDF = {"reports:report-draft-build", "reports:report-issue"}


def draft_only(roles: Collection[str], status: int = 200, *, writers_only: bool = False) -> dict[str, int]:
    """Who sees a draft gets `status` (or 403 if `writers_only` and they do not write it); everyone else 404."""
    expect = {}
    for persona in PERSONAS:
        if persona in roles:
            expect[persona] = status if (not writers_only or persona in WRITERS) else 403
        else:
            expect[persona] = 404
    return expect


def url_cases(world) -> list[UrlCase]:
    notice, chair = world.notice, world["chair"]
    draft = report_factories.make_report(notice, chair)
    issued = report_factories.issue_quickly(
        report_factories.make_report(notice, chair, period=report_factories.Q2), chair
    )
    n, d, i = notice.pk, draft.pk, issued.pk
    url = lambda name, *args: reverse(f"reports:{name}", args=[n, *args])  # noqa: E731
    return [
        UrlCase("reports:report-list", url("report-list"), everyone()),
        UrlCase("reports:report-create", url("report-create"), only({Role.CHAIR, Role.LEAD_MEMBER, Role.MSCB_CHAIR})),
        UrlCase(
            "reports:report-create",
            url("report-create"),
            only({Role.CHAIR}, 302, others=403)
            | {
                Role.LEAD_MEMBER: 200,
                Role.MSCB_CHAIR: 200,  # the Chair's report is not theirs to start: the form says so
            },
            method="post",
            data={"kind": "chair_report", "period_start": "21/11/2014", "period_end": "20/02/2015"},
        ),
        # A draft
        UrlCase("reports:report-detail", url("report-detail", d), draft_only(DRAFT_READERS)),
        UrlCase("reports:report-preview", url("report-preview", d), draft_only(DRAFT_READERS)),
        UrlCase("reports:report-edit", url("report-edit", d), draft_only(DRAFT_READERS, writers_only=True)),
        UrlCase(
            "reports:report-edit",
            url("report-edit", d),
            draft_only(DRAFT_READERS, 302, writers_only=True),
            method="post",
            data={"version": draft.version, "executive_summary": "Progress is slow."},
        ),
        UrlCase(
            "reports:report-draft-build",
            url("report-draft-build", d),
            draft_only(DRAFT_READERS, 302, writers_only=True),  # the administrator reads, but writes no report
            method="post",
        ),
        UrlCase("reports:report-draft-download", url("report-draft-download", d), draft_only(set())),  # none built yet
        UrlCase("reports:report-issue", url("report-issue", d), draft_only(DRAFT_READERS, writers_only=True)),
        UrlCase(
            "reports:report-issue",
            url("report-issue", d),
            draft_only(DRAFT_READERS, 302, writers_only=True),
            method="post",
            data={"late_reason": "The figures were validated late."},  # the draft is past its due date
        ),
        UrlCase("reports:report-delete", url("report-delete", d), draft_only(DRAFT_READERS, writers_only=True)),
        UrlCase(
            "reports:report-delete",
            url("report-delete", d),
            draft_only(DRAFT_READERS, 302, writers_only=True),
            method="post",
        ),
        UrlCase("reports:report-download", url("report-download", d), draft_only(set())),
        UrlCase("reports:report-docx", url("report-docx", d), draft_only(DRAFT_READERS)),  # as the draft PDF's readers
        UrlCase("reports:report-verify", url("report-verify", d), draft_only(set())),
        UrlCase(
            "reports:report-correct",
            url("report-correct", d),
            draft_only(DRAFT_READERS, 404, writers_only=True),
            method="post",
        ),
        # An issued report
        UrlCase("reports:report-detail", url("report-detail", i), everyone()),
        UrlCase("reports:report-download", url("report-download", i), everyone()),
        UrlCase("reports:report-docx", url("report-docx", i), everyone()),
        UrlCase("reports:report-verify", url("report-verify", i), everyone()),
        UrlCase(
            "reports:report-verify",
            url("report-verify", i),
            everyone(),
            method="post",
            data={"copy": report_factories.tiny_upload()},
        ),
        UrlCase("reports:report-preview", url("report-preview", i), everyone(302)),
        UrlCase("reports:report-edit", url("report-edit", i), only(WRITERS, 403)),
        UrlCase(
            "reports:report-edit",
            url("report-edit", i),
            only(WRITERS, 403),
            method="post",
            data={"version": issued.version, "executive_summary": "Rewritten."},
        ),
        UrlCase("reports:report-delete", url("report-delete", i), only(WRITERS, 403), method="post"),
        UrlCase("reports:report-issue", url("report-issue", i), only(WRITERS, 403), method="post"),
        UrlCase("reports:report-draft-build", url("report-draft-build", i), everyone(404), method="post"),
        UrlCase("reports:report-draft-download", url("report-draft-download", i), everyone(404)),
        UrlCase("reports:report-correct", url("report-correct", i), only(WRITERS, 302), method="post"),
    ]
