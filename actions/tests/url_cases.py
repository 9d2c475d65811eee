"""The improvement-plan URLs in the permission matrix (see tests/permission_matrix.py)."""

import io

from django.urls import reverse

from actions.tests import factories as action_factories
from measures.models import Membership
from measures.tests import factories
from tests.permission_matrix import UrlCase, everyone, only

Role = Membership.Role
CREATORS = {Role.OFFICER, Role.CHAIR, Role.ADMINISTRATOR}
# personas gives every role a membership in personas.organisation, which leads this action,
# so the officer may edit it; observers, lead members and the MSCB chair may not.
EDITORS = {Role.OFFICER, Role.CHAIR, Role.ADMINISTRATOR}
PLAN_KEEPERS = {Role.CHAIR, Role.ADMINISTRATOR}


class RewindingFile(io.BytesIO):
    """An upload the matrix can post once per persona: each read starts from the beginning."""

    def __init__(self, content: bytes, name: str):
        super().__init__(content)
        self.name = name

    def read(self, *args):
        self.seek(0)
        return super().read(*args)


def url_cases(world) -> list[UrlCase]:
    notice, officer = world.notice, world["officer"]
    measure = factories.make_measure(notice, "M8", heading="Establish a quality assurance framework")
    requirement = factories.make_requirement(measure, "M8.1")
    action = action_factories.make_action(
        notice, owner=officer, organisation=world.organisation, requirements=[requirement], reference="A-901"
    )
    args = [notice.pk, action.pk]
    action_data = {
        "title": "Publish the QA framework",
        "requirements": [requirement.pk],
        "owner": officer.pk,
        "lead_organisation": world.organisation.pk,
        "start_on": "02/06/2014",
        "due_on": "19/12/2014",
        "status": "planned",
    }
    csv_file = RewindingFile(
        b"Requirement,Action,Owner,Organisation,Due,Status\nM8.1,Run audits,officer,Children's Services,30/09/2014,Planned\n",
        "plan.csv",
    )
    url = lambda name, *a: reverse(f"actions:{name}", args=list(a))  # noqa: E731
    return [
        UrlCase("actions:action-list", url("action-list", notice.pk), everyone()),
        UrlCase("actions:action-detail", url("action-detail", *args), everyone()),
        UrlCase("actions:action-export", url("action-export", notice.pk) + "?format=csv", everyone()),
        UrlCase("actions:action-export", url("action-export", notice.pk) + "?format=xlsx", everyone()),
        UrlCase("actions:action-create", url("action-create", notice.pk), only(CREATORS)),
        UrlCase("actions:action-create", url("action-create", notice.pk), only(CREATORS, 302), "post", action_data),
        UrlCase("actions:action-edit", url("action-edit", *args), only(EDITORS)),
        UrlCase(
            "actions:action-edit",
            url("action-edit", *args),
            only(EDITORS, 302),
            "post",
            {**action_data, "reference": "A-901", "version": 1},
        ),
        UrlCase("actions:action-update-add", url("action-update-add", *args), only(EDITORS)),
        UrlCase(
            "actions:action-update-add",
            url("action-update-add", *args),
            only(EDITORS, 302),
            "post",
            {"on": "01/07/2014", "percent_complete": 30, "note": "Framework drafted."},
        ),
        UrlCase("actions:action-override", url("action-override", *args), only(EDITORS)),
        UrlCase(
            "actions:action-override",
            url("action-override", *args),
            only(EDITORS, 302),
            "post",
            {"rag_override": "amber", "rag_override_reason": "Key post vacant", "version": 1},
        ),
        UrlCase("actions:plan-import", url("plan-import", notice.pk), only(PLAN_KEEPERS)),
        UrlCase("actions:plan-import-template", url("plan-import-template", notice.pk), only(PLAN_KEEPERS)),
        UrlCase("actions:plan-import", url("plan-import", notice.pk), only(PLAN_KEEPERS), "post", {"file": csv_file}),
        # With no preview in the session the confirm step sends the user back to upload (302).
        UrlCase(
            "actions:plan-import-confirm",
            url("plan-import-confirm", notice.pk),
            only(PLAN_KEEPERS, 302),
            "post",
            {"token": "x"},
        ),
    ]
