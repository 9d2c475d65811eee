"""Every API URL × every persona, and the API tokens page.

Every member reads every resource; a member of another notice gets 404 for this notice's
records (as on the pages); anonymous callers get 401 (problem details), never a sign-in redirect.
Any method but GET is 405 for everyone, observers included: the API writes nothing. A restricted
evidence item (the personas share the submitter's organisation) is 404 to observers, as on its page.
"""

from datetime import date

from django.urls import reverse

from actions.tests import factories as action_factories
from api.services import token_create
from evidence.tests import factories as evidence_factories
from indicators.tests import factories as indicator_factories
from measures.models import Membership
from measures.tests import factories
from meetings.tests import factories as meeting_factories
from reporting.tests import report_factories
from reports.models import Report
from tests.permission_matrix import UrlCase, everyone

Role = Membership.Role
UNAUTHORISED = 401
MEMBERS_ONLY = everyone(
    200, outsider=200
)  # lists of the caller's own notices: an outsider gets theirs (none of this one)


def url_cases(world) -> list[UrlCase]:
    notice, officer, chair = world.notice, world["officer"], world["chair"]
    measure = factories.make_measure(notice, "M-API")  # not a reference the demo has (tests/browser/test_every_page.py)
    requirement = factories.make_requirement(measure)
    action = action_factories.make_action(
        notice, owner=officer, organisation=world.organisation, requirements=[requirement], reference="A-API"
    )
    action_factories.make_update(action)
    item = evidence_factories.make_item(notice, officer)
    restricted = evidence_factories.make_item(notice, officer, restricted=True, title="Case file audit (names)")
    indicator = indicator_factories.make_indicator(notice, "API-1", owner=world.organisation)
    meeting_factories.make_meeting(notice, chair, held_on=date(2014, 9, 3))
    lead_member = world["lead_member"]
    report = report_factories.issue_quickly(
        report_factories.make_report(notice, lead_member, kind=Report.Kind.LEAD_MEMBER), lead_member
    )
    api = lambda name, *args: reverse(f"api:{name}", args=args)  # noqa: E731

    def read(name: str, url: str, expect: dict[str, int]) -> list[UrlCase]:
        """GET answers `expect`; a POST is refused with 405 for everyone, anonymous callers included."""
        return [
            UrlCase(name, url, expect, anonymous=UNAUTHORISED),
            UrlCase(name, url, everyone(405, outsider=405), method="post", data={"x": "1"}, anonymous=405),
        ]

    filtered = f"?notice={notice.pk}"
    token = token_create(user=officer, name="matrix", expires_on=notice.issued_on, today=notice.issued_on).token
    return [
        *read("api:index", api("index"), MEMBERS_ONLY),
        *read("api:api-root", reverse("api:api-root"), MEMBERS_ONLY),  # django-ninja's name for the same address
        *read("api:openapi-json", api("openapi-json"), MEMBERS_ONLY),
        # The documentation is a page of the site: signed out, it asks to sign in.
        UrlCase("api-docs:docs", reverse("api-docs:docs"), MEMBERS_ONLY),
        UrlCase("api-docs:docs", reverse("api-docs:docs"), everyone(405, outsider=405), method="post"),
        *read("api:notice-list", api("notice-list"), MEMBERS_ONLY),
        *read("api:notice-list", api("notice-list") + filtered, everyone()),
        *read("api:notice-detail", api("notice-detail", notice.pk), everyone()),
        *read("api:portfolio", api("portfolio"), MEMBERS_ONLY),
        *read("api:measure-list", api("measure-list") + filtered, everyone()),
        *read("api:measure-detail", api("measure-detail", measure.pk), everyone()),
        *read("api:requirement-list", api("requirement-list") + filtered, everyone()),
        *read("api:requirement-detail", api("requirement-detail", requirement.pk), everyone()),
        *read("api:action-list", api("action-list") + filtered, everyone()),
        *read("api:action-detail", api("action-detail", action.pk), everyone()),
        *read("api:evidence-list", api("evidence-list") + filtered, everyone()),
        *read("api:evidence-detail", api("evidence-detail", item.pk), everyone()),
        *read(
            "api:evidence-detail",
            api("evidence-detail", restricted.pk),
            {**everyone(), Role.OBSERVER: 404},  # observers never see restricted evidence
        ),
        *read("api:indicator-list", api("indicator-list") + filtered, everyone()),
        *read("api:indicator-detail", api("indicator-detail", indicator.pk), everyone()),
        *read("api:indicator-value-list", api("indicator-value-list") + filtered, everyone()),
        *read("api:duty-list", api("duty-list") + filtered, everyone()),
        *read("api:meeting-list", api("meeting-list") + filtered, everyone()),
        *read("api:report-list", api("report-list") + filtered, everyone()),
        *read("api:report-detail", api("report-detail", report.pk), everyone()),
        *read("api:report-pdf", api("report-pdf", report.pk), everyone()),
        *read("api:not-found", "/api/v1/no-such-thing/", everyone(404, outsider=404)),
        # One's own tokens: every signed-in person, whatever their role.
        UrlCase("api-tokens:token-list", reverse("api-tokens:token-list"), everyone(200, outsider=200)),
        UrlCase(
            "api-tokens:token-list",
            reverse("api-tokens:token-list"),
            everyone(200, outsider=200),  # the new token's page, shown once
            method="post",
            data={"name": "Power BI", "expires_on": "2014-06-21"},
        ),
        # Another person's token (the officer's) is 404 to everyone else; its owner revokes it.
        UrlCase(
            "api-tokens:token-revoke",
            reverse("api-tokens:token-revoke", args=[token.pk]),
            {**everyone(404, outsider=404), Role.OFFICER: 302},
            method="post",
        ),
        UrlCase(
            "api-tokens:token-revoke",
            reverse("api-tokens:token-revoke", args=[token.pk]),
            everyone(405, outsider=405),
            anonymous="login",
        ),
    ]
