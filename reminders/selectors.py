"""What each person has to do, per notice: the 'My work' page and the daily reminder digest read
this one selector, so the page and the e-mail never differ.

- their own open actions due within 14 days, and those overdue (and how many open in all, with
  the plan's "My actions" list one click away);
- evidence waiting for their review, if they review evidence (only items they may see);
- their own evidence returned "more needed", with the reviewer's note;
- the statutory reports they write that are late or due within 14 days;
- for officers, the indicators their organisation owns that lack a figure for a period that
  began after the notice was issued and has ended (they are the indicator owners);
- for the Chair, the notice's duties due within 14 days (or overdue), the Board meeting
  among them, as the notice's position (progress/position.py) states them.

Queries are fixed: six, plus two when the person is an officer, plus one for the positions of
the notices they chair or write reports for (when stored).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse

from actions.models import Action
from actions.rules import action_rag
from evidence.access import visibility_filter
from evidence.models import EvidenceItem, EvidenceReview
from indicators.models import Indicator, IndicatorValue
from indicators.periods import QUARTERLY, add_months, is_period_start, month_start, period_label
from measures.access import NoticeAccess
from measures.models import Duty, Membership, Notice
from measures.roles import Can, membership_can
from progress.position import current_positions
from reports.access import can_write
from reports.schedule import DUTY_KINDS, ScheduleRow

REMINDER_WINDOW_DAYS = 14
Role = Membership.Role
REPORT_DUTIES = set(DUTY_KINDS)  # duties a report answers: shown as the report due, to whoever writes it


@dataclass(frozen=True)
class ActionDue:
    action: Action
    days: int  # days until due; negative when overdue
    rag: str

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def url(self) -> str:
        return self.action.get_absolute_url()


@dataclass(frozen=True)
class MissingFigures:
    indicator: Indicator
    periods: list[date]

    @property
    def labels(self) -> list[str]:
        return [period_label(p, self.indicator.frequency) for p in self.periods]

    @property
    def url(self) -> str:
        return self.indicator.get_absolute_url()


@dataclass(frozen=True)
class DutyDue:
    duty: Duty
    due_on: date
    days: int

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def url(self) -> str:
        return reverse("dashboards:notice-detail", args=[self.duty.notice_id])


@dataclass(frozen=True)
class MeetingDue:
    notice_id: int
    due_on: date
    days: int
    last_held_on: date | None

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def url(self) -> str:
        return reverse("meetings:meeting-list", args=[self.notice_id])


@dataclass(frozen=True)
class EvidenceWaiting:
    """An item waiting for this person's review, or their own item returned for more."""

    item: EvidenceItem
    note: str = ""  # the reviewer's note, for an item returned

    @property
    def url(self) -> str:
        return self.item.get_absolute_url()


@dataclass(frozen=True)
class ReportDue:
    row: ScheduleRow
    days: int  # negative when late

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def url(self) -> str:
        return reverse("reports:report-list", args=[self.row.duty.notice_id])


@dataclass
class NoticeWork:
    notice: Notice
    membership: Membership
    actions: list[ActionDue] = field(default_factory=list)  # overdue first, then by due date
    missing_figures: list[MissingFigures] = field(default_factory=list)
    duties: list[DutyDue] = field(default_factory=list)
    board_meeting: MeetingDue | None = None
    to_review: list[EvidenceWaiting] = field(default_factory=list)  # oldest first
    returned: list[EvidenceWaiting] = field(default_factory=list)
    reports: list[ReportDue] = field(default_factory=list)  # late first, then by due date
    open_actions: int = 0  # every open action they own on the notice

    @property
    def my_actions_url(self) -> str:
        return reverse("actions:action-list", args=[self.notice.pk]) + f"?owner={self.membership.user_id}"

    @property
    def overdue_actions(self) -> list[ActionDue]:
        return [a for a in self.actions if a.overdue]

    @property
    def due_actions(self) -> list[ActionDue]:
        return [a for a in self.actions if not a.overdue]

    @property
    def item_count(self) -> int:
        return (
            len(self.actions)
            + len(self.missing_figures)
            + len(self.duties)
            + (1 if self.board_meeting else 0)
            + len(self.to_review)
            + len(self.returned)
            + len(self.reports)
        )


def expected_periods(frequency: str, *, issued_on: date, on: date) -> list[date]:
    """The periods a figure is owed for: each began after the notice was issued and has ended by `on`."""
    step = 3 if frequency == QUARTERLY else 1
    period = add_months(month_start(issued_on), 1)
    while not is_period_start(period, frequency):
        period = add_months(period, 1)
    periods = []
    while add_months(period, step) <= on:
        periods.append(period)
        period = add_months(period, step)
    return periods


def work_for(user: User, *, on: date) -> list[NoticeWork]:
    """Per active notice the user is a member of, what they have to do around `on`; notices with nothing left out."""
    if not user.is_active:
        return []
    memberships = list(
        Membership.objects.filter(user=user, notice__status=Notice.Status.ACTIVE)
        .select_related("notice__authority", "organisation")
        .order_by("notice__issued_on", "notice_id")
    )
    work = {m.notice_id: NoticeWork(notice=m.notice, membership=m) for m in memberships}
    if not work:
        return []
    _add_actions(work, user, on=on)
    _add_missing_figures(work, on=on)
    _add_evidence(work, user)
    _add_duties_and_reports(work, on=on)
    return [w for w in work.values() if w.item_count]


def _add_actions(work: dict[int, NoticeWork], user: User, *, on: date) -> None:
    actions = (
        Action.objects.open()
        .filter(owner=user, notice_id__in=work, due_on__lte=on + timedelta(days=REMINDER_WINDOW_DAYS))
        .order_by("due_on", "reference")
    )
    for action in actions:
        work[action.notice_id].actions.append(
            ActionDue(action=action, days=(action.due_on - on).days, rag=action_rag(action, on=on))
        )
    counts = Action.objects.open().filter(owner=user, notice_id__in=work).values("notice_id").annotate(n=Count("pk"))
    for row in counts.order_by():
        work[row["notice_id"]].open_actions = row["n"]


def _add_evidence(work: dict[int, NoticeWork], user: User) -> None:
    """Items waiting for this reviewer (as far as they may see them), and their own returned for more. Two queries."""
    reviewing = [w for w in work.values() if membership_can(w.membership, Can.REVIEW_EVIDENCE)]
    if reviewing:
        visible = Q(pk__in=[])
        for w in reviewing:
            visible |= Q(notice_id=w.notice.pk) & visibility_filter(NoticeAccess(w.notice, w.membership))
        waiting = EvidenceItem.objects.filter(visible, review_status=EvidenceItem.Status.SUBMITTED)
        for item in waiting.order_by("submitted_at", "pk"):
            work[item.notice_id].to_review.append(EvidenceWaiting(item))
    last_note = EvidenceReview.objects.filter(item=OuterRef("pk")).order_by("-decided_at", "-pk").values("note")[:1]
    returned = EvidenceItem.objects.filter(
        submitted_by=user, notice_id__in=work, review_status=EvidenceItem.Status.MORE_NEEDED
    ).annotate(last_note=Subquery(last_note))
    for item in returned.order_by("submitted_at", "pk"):
        work[item.notice_id].returned.append(EvidenceWaiting(item, note=item.last_note or ""))


def _add_missing_figures(work: dict[int, NoticeWork], *, on: date) -> None:
    # Officers of the owning organisation are the indicators' owners: they enter the figures.
    owners = {
        w.membership.organisation_id: w
        for w in work.values()
        if w.membership.role == Role.OFFICER and w.membership.organisation_id
    }
    if not owners:
        return
    indicators = list(Indicator.objects.filter(owner_organisation_id__in=owners).order_by("position", "code"))
    if not indicators:
        return
    first = add_months(month_start(min(w.notice.issued_on for w in owners.values())), 1)
    entered = defaultdict(set)
    for indicator_id, period in IndicatorValue.objects.filter(indicator__in=indicators, period__gte=first).values_list(
        "indicator_id", "period"
    ):
        entered[indicator_id].add(period)
    for indicator in indicators:
        owner = owners[indicator.owner_organisation_id]
        expected = expected_periods(indicator.frequency, issued_on=owner.notice.issued_on, on=on)
        missing = [p for p in expected if p not in entered[indicator.pk]]
        if missing:
            owner.missing_figures.append(MissingFigures(indicator=indicator, periods=missing))


def _add_duties_and_reports(work: dict[int, NoticeWork], *, on: date) -> None:
    """From each notice's position: the Chair's duties and Board meeting, and the reports each
    person writes that are late or due within the window. One query when the positions are stored."""
    chaired = {notice_id for notice_id, w in work.items() if w.membership.role == Role.CHAIR}
    writers = {
        notice_id
        for notice_id, w in work.items()
        if membership_can(w.membership, Can.WRITE_REPORTS) or notice_id in chaired
    }
    positions = current_positions([work[notice_id].notice for notice_id in writers], on=on)
    for notice_id in writers:
        w, position = work[notice_id], positions[notice_id]
        access = NoticeAccess(w.notice, w.membership)
        w.reports = sorted(
            (
                ReportDue(row=row, days=(row.due_on - on).days)
                for row in position.reports
                if row.issued is None and (row.due_on - on).days <= REMINDER_WINDOW_DAYS and can_write(access, row.kind)
            ),
            key=lambda due: due.row.due_on,
        )
        if notice_id not in chaired:
            continue
        w.duties = [
            DutyDue(duty=d.duty, due_on=d.due_on, days=d.days_left)
            for d in position.open_duties  # open: each has a date
            if d.due_on is not None
            and d.days_left is not None
            and d.duty.code != Duty.Code.BOARD_MEETING
            and d.duty.code not in REPORT_DUTIES  # listed as reports, with the draft to write
            and d.days_left <= REMINDER_WINDOW_DAYS
        ]
        if position.board_days <= REMINDER_WINDOW_DAYS:
            w.board_meeting = MeetingDue(
                notice_id=notice_id,
                due_on=position.next_board_meeting,
                days=position.board_days,
                last_held_on=position.board.last_held_on,
            )
