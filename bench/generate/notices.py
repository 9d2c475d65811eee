"""Five notices shaped like Medway's (its measures, requirements and duties), their organisations,
the users and their roles.

Users: bench-user-0001 chairs every Board (the harness signs in as this user: a Chair sees
every page and every restricted item, and the portfolio of all five notices); 0002–0006 are
DfE observers on all five; every notice has an administrator, a Lead Member and an MSCB Chair;
the rest are officers, one notice each, and every tenth officer is also an officer on the next
notice.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from bench.generate.base import AUTHORITY, MARKER, NOTICES, USERNAME, Context, Stage, aware, bulk, scaled, with_history
from demo.notices import MEDWAY_NOTICE, ORGANISATIONS
from measures.importer.parser import parse_notice, read_notice_text
from measures.models import Authority, Duty, Measure, Membership, Notice, Organisation, Requirement, SourceReport

Role = Membership.Role
FIRST_NAMES = [
    "Alex",
    "Sam",
    "Grace",
    "Tom",
    "Priya",
    "Helen",
    "David",
    "Ruth",
    "James",
    "Amira",
    "Owen",
    "Chloe",
    "Rajesh",
    "Fiona",
    "Kwame",
    "Lucy",
    "Marek",
    "Nadia",
    "Peter",
    "Sian",
]
LAST_NAMES = [
    "Morgan",
    "Patel",
    "Okafor",
    "Bennett",
    "Shah",
    "Ward",
    "Lowe",
    "Carter",
    "Fraser",
    "Hussain",
    "Evans",
    "Nowak",
    "Clarke",
    "Adeyemi",
    "Murphy",
    "Singh",
    "Taylor",
    "Hughes",
    "Khan",
    "Wright",
]
OBSERVERS = 5  # DfE observers on every notice


def generate(ctx: Context) -> None:
    parsed = parse_notice(read_notice_text(MEDWAY_NOTICE.read_bytes(), source_name=MEDWAY_NOTICE.name))
    _users(ctx)
    first = ctx.users[0]
    with Stage(ctx, "notices") as stage:
        for index in range(NOTICES):
            ctx.notices.append(_notice(ctx, parsed, index, by=first))
        stage.rows = len(ctx.notices)
    _structure(ctx, parsed, by=first)
    _organisations(ctx, by=first)
    _memberships(ctx, by=first)


def _users(ctx: Context) -> None:
    total = max(scaled("users", ctx.scale), 1 + OBSERVERS + 3 * NOTICES + NOTICES)
    User = get_user_model()
    joined = aware(date(2014, 5, 27))
    users = []
    for number in range(1, total + 1):
        first, last = FIRST_NAMES[number % len(FIRST_NAMES)], LAST_NAMES[(number * 7) % len(LAST_NAMES)]
        username = USERNAME.format(number)
        users.append(
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                password=ctx.password_hash,
                date_joined=joined,
            )
        )
    with Stage(ctx, "users") as stage:
        ctx.users = bulk(User, users, stage=stage)


def _notice(ctx: Context, parsed, index: int, *, by) -> Notice:
    authority = Authority.objects.create(
        name=AUTHORITY.format(index + 1), address=f"Civic Centre, Benchmark {index + 1}\n{MARKER}{ctx.scale:g}"
    )
    issued_on = parsed.issued_on - timedelta(weeks=index)
    notice = Notice(
        authority=authority,
        title=parsed.title,
        issued_on=issued_on,
        signed_by=parsed.signed_by,
        signatory_role=parsed.signatory_role,
        supersedes_issued_on=parsed.supersedes_issued_on,
        background=parsed.background,
        consequence=parsed.consequence,
        delivery_deadline=parsed.delivery_deadline,
        source_text="",
        imported_at=aware(issued_on + timedelta(days=3)),
    )
    with_history(notice, by=by, on=aware(issued_on + timedelta(days=3)))
    notice.save()
    return notice


def _structure(ctx: Context, parsed, *, by) -> None:
    """Source reports, measures, requirements and duties: the same text for every notice."""
    with Stage(ctx, "measures and requirements") as stage:
        reports, measures, duties = [], [], []
        for notice in ctx.notices:
            when = aware(notice.issued_on + timedelta(days=3))
            reports += [
                SourceReport(notice=notice, title=r.title, published_on=r.published_on, body=r.description)
                for r in parsed.source_reports
            ]
            measures += [
                with_history(
                    Measure(
                        notice=notice,
                        reference=m.reference,
                        printed_number=m.printed_number,
                        heading=m.heading,
                        intro=m.intro,
                        closing=m.closing,
                        footnotes="\n".join(m.footnotes),
                        position=m.position,
                    ),
                    by=by,
                    on=when,
                )
                for m in parsed.measures
            ]
            duties += [
                with_history(
                    Duty(
                        notice=notice,
                        code=d.code,
                        title=d.title,
                        section=d.section,
                        source_text=d.source_text,
                        responsible=d.responsible,
                        recipient=d.recipient,
                        cadence_months=d.cadence_months,
                        cadence_weeks=d.cadence_weeks,
                        starts_on=d.starts_on,
                        due_on=d.due_on,
                        position=position,
                    ),
                    by=by,
                    on=when,
                )
                for position, d in enumerate(parsed.duties, start=1)
            ]
        SourceReport.objects.bulk_create(reports)
        measures = bulk(Measure, measures, stage=stage)
        bulk(Duty, duties, stage=stage)
        by_reference = {m.reference: m for m in parsed.measures}
        requirements = []
        for measure in measures:
            when = aware(measure.notice.issued_on + timedelta(days=3))
            requirements += [
                with_history(
                    Requirement(
                        measure=measure,
                        reference=r.reference,
                        text=r.text,
                        subheading=r.subheading,
                        kind=r.kind,
                        footnotes="\n".join(r.footnotes),
                        position=r.position,
                    ),
                    by=by,
                    on=when,
                )
                for r in by_reference[measure.reference].requirements
            ]
        for requirement in bulk(Requirement, requirements, stage=stage):
            ctx.requirements.setdefault(requirement.measure.notice_id, []).append(requirement)
        stage.rows += len(reports)


def _organisations(ctx: Context, *, by) -> None:
    with Stage(ctx, "organisations") as stage:
        rows = [
            with_history(Organisation(notice=notice, name=name, kind=kind), by=by, on=aware(notice.issued_on))
            for notice in ctx.notices
            for name, kind in ORGANISATIONS
        ]
        for organisation in bulk(Organisation, rows, stage=stage):
            ctx.organisations.setdefault(organisation.notice_id, []).append(organisation)


def _memberships(ctx: Context, *, by) -> None:
    chair, observers = ctx.users[0], ctx.users[1 : 1 + OBSERVERS]
    rest = ctx.users[1 + OBSERVERS :]
    rows: list[tuple[User, Notice, str, Organisation | None]] = []
    for index, notice in enumerate(ctx.notices):
        orgs = ctx.organisations[notice.pk]
        dfe = next(org for org in orgs if org.kind == Organisation.Kind.GOVERNMENT)
        ctx.chair[notice.pk] = chair
        rows.append((chair, notice, Role.CHAIR, None))
        rows += [(observer, notice, Role.OBSERVER, dfe) for observer in observers]
        lead = rest[3 * index : 3 * index + 3]
        rows += [
            (lead[0], notice, Role.ADMINISTRATOR, orgs[0]),
            (lead[1], notice, Role.LEAD_MEMBER, None),
            (lead[2], notice, Role.MSCB_CHAIR, _named(orgs, Organisation.Kind.SAFEGUARDING_BOARD)),
        ]
    officers = rest[3 * NOTICES :]
    partner_orgs = {
        n.pk: [o for o in ctx.organisations[n.pk] if o.kind != Organisation.Kind.GOVERNMENT] for n in ctx.notices
    }
    for number, officer in enumerate(officers):
        home = ctx.notices[number % NOTICES]
        homes = [home] + ([ctx.notices[(number + 1) % NOTICES]] if number % 10 == 0 and NOTICES > 1 else [])
        for notice in homes:
            orgs = partner_orgs[notice.pk]
            rows.append((officer, notice, Role.OFFICER, orgs[ctx.rng.randrange(len(orgs))]))
    with Stage(ctx, "memberships") as stage:
        objs = [
            with_history(
                Membership(
                    user=user,
                    notice=notice,
                    role=role,
                    organisation=org,
                    can_review_evidence=role == Role.ADMINISTRATOR,
                ),
                by=by,
                on=aware(notice.issued_on),
            )
            for user, notice, role, org in rows
        ]
        bulk(Membership, objs, stage=stage)
    for user, notice, role, org in rows:
        ctx.member_organisation[(notice.pk, user.pk)] = org
        if role == Role.OFFICER:
            ctx.officers.setdefault(notice.pk, []).append(user)


def _named(orgs: list, kind: str):
    return next((org for org in orgs if org.kind == kind), orgs[0])
