"""Demo organisations, people and roles for the Medway notice: deterministic, so every run matches."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from measures.importer.parser import parse_notice, read_notice_text
from measures.models import Membership, Notice, Organisation
from measures.services import notice_import

MEDWAY_NOTICE = Path(__file__).resolve().parents[1] / "measures" / "notices" / "medway-2014-05-21.txt"
DEMO_PASSWORD = "improve-medway-2014"

Role = Membership.Role
Kind = Organisation.Kind

ORGANISATIONS = [
    ("Medway Council Children's Services", Kind.COUNCIL),
    ("Medway Council Early Help", Kind.COUNCIL),
    ("Medway Council Human Resources", Kind.COUNCIL),
    ("NHS Medway Clinical Commissioning Group", Kind.HEALTH),
    ("Kent Police", Kind.POLICE),
    ("Medway Schools and Virtual School", Kind.EDUCATION),
    ("Medway Safeguarding Children Board", Kind.SAFEGUARDING_BOARD),
    ("Department for Education", Kind.GOVERNMENT),
]

# username, first name, last name, role, organisation
PEOPLE = [
    ("admin", "Alex", "Morgan", Role.ADMINISTRATOR, "Medway Council Children's Services"),
    ("officer", "Sam", "Patel", Role.OFFICER, "Medway Council Children's Services"),
    ("health.officer", "Grace", "Okafor", Role.OFFICER, "NHS Medway Clinical Commissioning Group"),
    ("police.officer", "Tom", "Bennett", Role.OFFICER, "Kent Police"),
    ("earlyhelp.officer", "Priya", "Shah", Role.OFFICER, "Medway Council Early Help"),
    ("chair", "Helen", "Ward", Role.CHAIR, None),
    ("leadmember", "David", "Lowe", Role.LEAD_MEMBER, None),
    ("mscb.chair", "Ruth", "Carter", Role.MSCB_CHAIR, "Medway Safeguarding Children Board"),
    ("dfe.observer", "James", "Fraser", Role.OBSERVER, "Department for Education"),
]


@dataclass
class DemoContext:
    notice: Notice
    organisations: dict[str, Organisation]
    users: dict[str, User]
    log: list[str] = field(default_factory=list)


def import_medway_notice() -> Notice:
    text = read_notice_text(MEDWAY_NOTICE.read_bytes(), source_name=MEDWAY_NOTICE.name)
    notice = notice_import(parsed=parse_notice(text), source_text=text).notice
    assert notice is not None  # not a dry run: the notice is stored
    return notice


@transaction.atomic
def load_people(notice: Notice) -> DemoContext:
    organisations = {}
    for name, kind in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(notice=notice, name=name, defaults={"kind": kind})
    users = {}
    for username, first, last, role, org_name in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            if role == Role.ADMINISTRATOR:
                user.is_staff = user.is_superuser = True
            user.save()
        Membership.objects.get_or_create(
            user=user,
            notice=notice,
            defaults={"role": role, "organisation": organisations.get(org_name) if org_name else None},
        )
        users[username] = user
    return DemoContext(notice=notice, organisations=organisations, users=users)
