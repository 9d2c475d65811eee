"""Demo roll-up history, and a second (fictional) council the DfE observer also follows.

Appended last to load_demo's loaders: the month-end snapshots are taken from everything the
other loaders made. Northbridge's notice is one of the test notices (measures/tests/notices),
imported through the same service as Medway's, with a few actions, so the observer's
portfolio has two rows. Deterministic and idempotent, like the other demo loaders.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from actions.models import Action
from actions.services import action_create
from demo.notices import DEMO_PASSWORD
from measures.importer.parser import parse_notice, read_notice_text
from measures.models import Membership, Notice, Organisation
from measures.services import notice_import
from notice_tracker.lib import clock
from notice_tracker.lib.dates import last_month_end
from progress.services import snapshots_backfill

NORTHBRIDGE_NOTICE = (
    Path(__file__).resolve().parents[1] / "measures" / "tests" / "notices" / "northbridge-2015-03-02.txt"
)
NORTHBRIDGE_OFFICER = ("northbridge.officer", "Lena", "Hughes")
NORTHBRIDGE_ORGANISATION = "Northbridge Borough Council Children's Services"
# (title, start, due): the council's first plan after its notice of 2 March 2015.
NORTHBRIDGE_ACTIONS = [
    ("Screen every contact within one working day in the front door team", date(2015, 3, 9), date(2015, 6, 30)),
    ("Agree strategy discussion standards with police and health", date(2015, 3, 16), date(2015, 5, 29)),
    ("Allocate every child a social worker within two working days", date(2015, 3, 23), date(2015, 9, 30)),
]


def load_snapshots(context) -> None:
    northbridge = _northbridge(context)
    until = last_month_end(clock.today())
    for notice in (context.notice, northbridge):
        taken = snapshots_backfill(notice=notice, until=until)
        context.log.append(
            f"Snapshots: {len(taken)} month-end roll-ups for {notice.authority} up to {until:%-d %B %Y}."
        )


@transaction.atomic
def _northbridge(context) -> Notice:
    text = read_notice_text(NORTHBRIDGE_NOTICE.read_bytes(), source_name=NORTHBRIDGE_NOTICE.name)
    notice = notice_import(parsed=parse_notice(text), source_text=text).notice
    assert notice is not None  # not a dry run: the notice is stored
    organisation, _ = Organisation.objects.get_or_create(notice=notice, name=NORTHBRIDGE_ORGANISATION)
    dfe, _ = Organisation.objects.get_or_create(
        notice=notice, name="Department for Education", defaults={"kind": Organisation.Kind.GOVERNMENT}
    )
    username, first, last = NORTHBRIDGE_OFFICER
    officer, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
    )
    if created:
        officer.set_password(DEMO_PASSWORD)
        officer.save()
    Membership.objects.get_or_create(
        user=officer, notice=notice, defaults={"role": Membership.Role.OFFICER, "organisation": organisation}
    )
    Membership.objects.get_or_create(
        user=context.users["dfe.observer"],
        notice=notice,
        defaults={"role": Membership.Role.OBSERVER, "organisation": dfe},
    )
    if not Action.objects.filter(notice=notice).exists():
        first_measure = notice.measures.order_by("position").first()
        assert first_measure is not None  # the Northbridge notice text has measures
        requirements = list(first_measure.requirements.order_by("position"))
        for index, (title, start, due) in enumerate(NORTHBRIDGE_ACTIONS):
            action_create(
                notice=notice,
                by=officer,
                data={
                    "reference": "",
                    "title": title,
                    "description": "Demo action for the second council.",
                    "owner": officer,
                    "lead_organisation": organisation,
                    "start_on": start,
                    "due_on": due,
                    "status": Action.Status.PLANNED,
                    "completed_on": None,
                    "requirements": requirements[index : index + 1],
                },
            )
    return notice
