"""Dates, source reports and duties read from an Improvement Notice.

The governance sections of a notice (Board meetings, reports to the Minister,
DfE reviews, deadlines) are prose, not lists, so each duty is found by the
wording of the sentence that imposes it.  Every reading that needed judgement
is written to ``guesses`` so an administrator can check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .dates import _MONTH, _NUMBER, Due, find_date, find_due, long_date, month_number, to_number

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘'(])")


@dataclass
class ParsedDuty:
    code: str
    title: str
    section: str
    source_text: str
    responsible: str
    recipient: str
    cadence_months: int | None
    due_on: date | None
    starts_on: date | None
    # Extra: for cadences a month count cannot express ("six-weekly").
    cadence_weeks: int | None = None


@dataclass
class ParsedSourceReport:
    title: str
    published_on: date | None
    description: str


@dataclass(frozen=True)
class Cadence:
    months: int | None
    weeks: int | None
    words: str  # as a title would say it: "monthly", "3-monthly", "6-weekly"


# Order matters: "3 monthly" must win over "monthly", "bi-monthly" likewise.
_CADENCES: list[tuple[re.Pattern[str], str, int | None]] = [
    (re.compile(rf"\b{_NUMBER}[\s-]+monthly\b", re.I), "months", None),
    (re.compile(rf"\bevery\s+{_NUMBER}\s+months\b", re.I), "months", None),
    (re.compile(r"\bbi-?monthly\b|\bevery other month\b", re.I), "months", 2),
    (re.compile(rf"\b{_NUMBER}[\s-]+weekly\b", re.I), "weeks", None),
    (re.compile(rf"\bevery\s+{_NUMBER}\s+weeks\b", re.I), "weeks", None),
    (re.compile(r"\bfortnightly\b|\bevery fortnight\b", re.I), "weeks", 2),
    (re.compile(r"\bevery\s+month\b|\bmonthly\b|\beach month\b", re.I), "months", 1),
    (re.compile(r"\bquarterly\b|\bevery quarter\b", re.I), "months", 3),
    (re.compile(r"\btwice (?:a|each|per) year\b|\bhalf[- ]yearly\b|\bbi-?annual(?:ly)?\b", re.I), "months", 6),
    (re.compile(r"\bannual(?:ly)?\b|\bevery year\b|\byearly\b", re.I), "months", 12),
]


def find_cadence(text: str) -> Cadence | None:
    for pattern, unit, fixed in _CADENCES:
        if match := pattern.search(text):
            count = fixed if fixed is not None else to_number(match[1])
            return _cadence(unit, count)
    return None


def _cadence(unit: str, count: int) -> Cadence:
    if unit == "weeks":
        return Cadence(None, count, f"{count}-weekly")
    return Cadence(count, None, "monthly" if count == 1 else f"{count}-monthly")


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


# ----------------------------------------------------------- source reports

_INSPECTION = re.compile(
    r"report of the inspection of (?P<what>[^.;]+?) carried out by (?P<by>[A-Z][\w]+)"
    r"(?:\s+(?:dated|of|on|published))?\s+(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+\w+,?\s+\d{4})"
)
_DATED_IN_BRACKETS = re.compile(rf"\(\s*{_MONTH},?\s+(?P<year>\d{{4}})\s*\)")


def find_source_reports(background: str, guesses: list[str]) -> list[ParsedSourceReport]:
    """Reports the notice rests on, as cited in its preamble and section 1."""
    found: list[tuple[int, ParsedSourceReport]] = []
    text = " ".join(background.split())
    for match in _INSPECTION.finditer(text):
        title = f"{match['by']} inspection of {match['what']}"
        found.append((match.start(), ParsedSourceReport(title, find_date(match["date"]), match.group())))
    for match in _DATED_IN_BRACKETS.finditer(text):
        title = text[: match.start()].rsplit(" the ", 1)[-1].strip()
        if "Improvement Notice" in title or len(title) > 80:
            continue
        day = date(int(match["year"]), month_number(match["month"]), 1)
        guesses.append(
            f"{title} is dated only '{match.group()[1:-1].strip()}'; its date is stored as {long_date(day)}."
        )
        found.append((match.start(), ParsedSourceReport(title, day, f"{title} {match.group()}")))
    return [report for _, report in sorted(found, key=lambda pair: pair[0])]


# ------------------------------------------------------------------- duties


@dataclass
class DutyContext:
    """What the duty readers need beyond the sentence itself."""

    issued_on: date
    source_reports: list[ParsedSourceReport]
    guesses: list[str]
    # Dates the notice leaves open ("6 months after the new Director starts"), for the administrator.
    questions: list[str] = field(default_factory=list)
    found: list[ParsedDuty] = field(default_factory=list)  # the duties read so far, in order

    def due(self, text: str, section: str) -> Due | None:
        """When an obligation in `text` falls due; an open date is asked about, never dropped."""
        due = find_due(text, self.guesses, self.anchor)
        if due is not None and due.question:
            self.questions.append(f"Section {section}: {due.question}")
        return due

    def anchor(self, words: str) -> tuple[date, str] | None:
        """The date an event named in a relative date happened (or falls due)."""
        if re.search(r"\bNotice\b", words, re.I):
            return self.issued_on, "the date of this notice"
        if re.search(r"\b(?:next|future|new|appointment|start)\b", words, re.I):
            return None  # an event still to come has no date yet
        if day := find_date(words):
            return day, words
        report = _report_for(words, self.source_reports)
        if report is not None and report.published_on is not None:
            return report.published_on, f"the {report.title}"
        for duty in reversed(self.found):
            event = _EVENTS.get(duty.code)
            if duty.due_on and event and re.search(event, words, re.I):
                return duty.due_on, f"the {duty.title[0].lower()}{duty.title[1:]} in section {duty.section}"
        return None


# Duties another date may count from, by the words that name them.
_EVENTS = {
    "external_validation": r"\bexternal validation\b",
    "report_to_dfe": r"\breport to (?:the )?(?:DfE|Department)\b",
    "plan_revision": r"\bimprovement plan\b",
}


def find_duties(sections: dict[str, str], context: DutyContext) -> list[ParsedDuty]:
    """Read every duty the governance sections impose, in the order printed."""
    duties = context.found
    for number, text in sections.items():
        for sentence in sentences(text):
            claimed = False
            for reader in _READERS:  # one at a time: a later duty may count from an earlier one
                found = reader(sentence, number, context)
                duties.extend(found)
                claimed = claimed or bool(found)
            if not claimed:
                duties.extend(_other_deadline(sentence, number, context))
    _follow_review_cadence(duties, context.guesses)
    return duties


def find_requirement_deadlines(requirements: list[tuple[str, str, str]], context: DutyContext) -> list[ParsedDuty]:
    """One-off duties dated in a measure's own items ("produce a plan within 8 weeks of this Notice").

    `requirements` holds (measure reference, requirement reference, text).
    """
    found = []
    for measure, reference, text in requirements:
        due = context.due(text, measure)
        if due is not None:
            title = f"Requirement {reference}: {_start_of(text)}"
            when = f"due {long_date(due.on)}" if due.on else "its date left for the administrator to set"
            context.guesses.append(
                f"Requirement {reference} sets a date ('{due.phrase}'); read as a one-off duty of the Council, {when}."
            )
            found.append(ParsedDuty("other", title, measure, text, "Council", "", None, due.on, None))
    return found


def unique_codes(duties: list[ParsedDuty], guesses: list[str]) -> None:
    """A notice holds one duty of each known kind: a second of a kind is kept as an "other"
    obligation, which are told apart by their titles (numbered if two read alike)."""
    seen: set[str] = set()
    titles: set[str] = set()
    for duty in duties:
        if duty.code != "other" and duty.code in seen:
            guesses.append(
                f"'{duty.title}' (section {duty.section}) repeats a kind already read: kept as another obligation."
            )
            duty.code = "other"
        seen.add(duty.code)
        if duty.code == "other":
            title, number = duty.title, 1
            while title in titles:
                number += 1
                title = f"{duty.title} ({number})"
            duty.title = title
            titles.add(title)


def _other_deadline(sentence: str, section: str, ctx: DutyContext) -> list[ParsedDuty]:
    """A dated obligation no other reader recognised: kept, with its date if it can be worked out."""
    if not re.search(r"\b(?:must|should|will|shall|is expected to|are expected to|required to)\b", sentence):
        return []
    due = ctx.due(sentence, section)
    if due is None:
        return []
    title = _start_of(sentence)
    ctx.guesses.append(
        f"Section {section}: '{title}' is dated ('{due.phrase}'); read as a one-off duty of the Council."
    )
    return [ParsedDuty("other", title, section, sentence, "Council", "", None, due.on, None)]


def _start_of(text: str, words: int = 10) -> str:
    parts = text.split()
    return " ".join(parts[:words]).rstrip(".;,:") + ("…" if len(parts) > words else "")


def _board_meeting(sentence: str, section: str, ctx: DutyContext) -> list[ParsedDuty]:
    # Only a sentence about the Board meeting, not one about reports to it.
    meets = re.search(r"\bBoard\b[^.]*?\b(?:to|will|shall|should|must)? ?meets?\b", sentence)
    adviser = _adviser(sentence) if re.search(r"\bmeet(?:s|ing)?\b", sentence) else ""
    if not (meets or adviser) or re.search(r"\bvary\b|\breport|\bupdate\b", sentence):
        return []
    cadence = find_cadence(sentence)
    if cadence is None:
        return []
    least = "at least " if re.search(r"\bat least\b", sentence) else ""
    if meets:
        title = f"Improvement Board meets {least}{_every(cadence)}"
        return [_recurring("board_meeting", title, section, sentence, "Improvement Board", "", cadence, ctx)]
    title = f"Council meets the {adviser} {least}{_every(cadence)}"
    ctx.guesses.append(f"Section {section}: meetings with the {adviser} are read as the notice's Board meetings.")
    return [_recurring("board_meeting", title, section, sentence, "Council", adviser, cadence, ctx)]


def _adviser(sentence: str) -> str:
    """ "Improvement Adviser", "DfE Adviser" …: who some notices appoint instead of a Board Chair."""
    match = re.search(
        r"\b((?:(?:Independent|Improvement|DfE|Children’s Services|Children's Services) )*Advis[eo]r)\b", sentence
    )
    return match[1] if match else ""


def _chair_report(sentence: str, section: str, ctx: DutyContext) -> list[ParsedDuty]:
    adviser = _adviser(sentence)
    if _safeguarding_board(sentence) or not re.search(r"\b(?:Chair|Advis[eo]r)\b.*\breport", sentence):
        return []
    recipient = _minister(sentence)
    cadence = find_cadence(sentence)
    if not recipient or cadence is None:
        return []
    chair = "Improvement Board Chair" if re.search(r"\bChair\b", sentence) or not adviser else adviser
    title = f"{chair}'s {cadence.words} report to the Minister"
    return [_recurring("chair_report", title, section, sentence, chair, recipient, cadence, ctx)]


def _mscb_report(sentence: str, section: str, ctx: DutyContext) -> list[ParsedDuty]:
    board = _safeguarding_board(sentence)
    cadence = find_cadence(sentence)
    if not board or cadence is None or not re.search(r"\b(?:report|update)\b", sentence):
        return []
    # The next sentence often says how the Chair uses the update; keep it as context.
    title = f"{board} Chair's {cadence.words} report to the Improvement Board"
    chair = f"{board} Chair"
    duty = _recurring("mscb_report", title, section, sentence, chair, "Improvement Board", cadence, ctx)
    return [duty]


def _dfe_review(sentence: str, section: str, ctx: DutyContext) -> list[ParsedDuty]:
    if not re.search(r"\breviews?\b", sentence, re.I) or not _is_dfe(sentence):
        return []
    cadence = find_cadence(sentence)
    if cadence is None:
        return []
    title = f"DfE progress review {_every(cadence)}"
    return [_recurring("dfe_review", title, section, sentence, "Department for Education", "", cadence, ctx)]


def _lead_member_report(sentence: str, section: str, ctx: DutyContext) -> list[ParsedDuty]:
    match = re.search(r"\bLead Member(?: for [A-Z][\w’']*(?: (?:and )?[A-Z][\w’']*)*)?", sentence)
    if not match or not re.search(r"\breport\b", sentence):
        return []
    title = "Lead Member's progress report before each DfE review"
    duty = ParsedDuty("lead_member_report", title, section, sentence, match.group(),
                      "Department for Education", None, None, ctx.issued_on)  # fmt: skip
    return [duty]


def _external_validation(sentence: str, section: str, ctx: DutyContext) -> list[ParsedDuty]:
    if not re.search(r"\bexternal validation\b", sentence, re.I):
        return []
    first_clause = re.split(r",?\s+with a report to\b", sentence)[0]
    due = ctx.due(first_clause, section)
    if due is None:
        return []
    ctx.guesses.append(
        f"Section {section} does not say who arranges the external validation; recorded as the Council's duty."
    )
    return [ParsedDuty("external_validation", "External validation of progress", section, sentence,
                       "Council", "", None, due.on, None)]  # fmt: skip


def _report_to_dfe(sentence: str, section: str, ctx: DutyContext) -> list[ParsedDuty]:
    match = re.search(r"\breport to the (Department for Education|DfE)\b(?P<rest>.*)", sentence)
    if not match:
        return []
    due = ctx.due(match["rest"], section)
    if due is None:
        return []
    ctx.guesses.append(
        f"Section {section} does not say who writes the report to the DfE; recorded as the Council's duty."
    )
    return [ParsedDuty("report_to_dfe", "Report on progress to the Department for Education", section,
                       sentence, "Council", "Department for Education", None, due.on, None)]  # fmt: skip


def _delivery_deadline(sentence: str, section: str, ctx: DutyContext) -> list[ParsedDuty]:
    if not re.search(r"\bdeliver(?:ed)?\b", sentence):
        return []
    due = ctx.due(sentence, section)
    if due is None:
        return []
    return [ParsedDuty("delivery_deadline", "Improvement Plan actions delivered", section, sentence,
                       "Council", "", None, due.on, None)]  # fmt: skip


def _report_for(anchor: str, reports: list[ParsedSourceReport]) -> ParsedSourceReport | None:
    """Which cited report a short name such as "the LAC inspection" means."""
    if re.search(r"\bLAC\b|looked after", anchor, re.I):
        wanted = re.compile(r"looked after|\bLAC\b", re.I)
    elif re.search(r"inspection", anchor, re.I):
        wanted = re.compile(r"inspection", re.I)
    else:
        wanted = re.compile(re.escape(anchor), re.I)
    matches = [r for r in reports if wanted.search(r.title) and r.published_on]
    return max(matches, key=lambda r: r.published_on or date.min) if matches else None


def _plan_progress_report(sentence: str, section: str, ctx: DutyContext) -> list[ParsedDuty]:
    if not re.search(r"\bmust report to the Improvement Board\b", sentence):
        return []
    cadence = find_cadence(sentence)
    if cadence is None:
        cadence = Cadence(1, None, "monthly")
        ctx.guesses.append(
            f"Section {section} gives no frequency for the Council's progress reports to the "
            "Improvement Board; assumed monthly, at each Board meeting."
        )
    title = "Council reports progress against the Improvement Plan to the Board"
    board = "Improvement Board"
    return [_recurring("plan_progress_report", title, section, sentence, "Council", board, cadence, ctx)]


def _plan_revision(sentence: str, section: str, ctx: DutyContext) -> list[ParsedDuty]:
    revised = re.search(r"\bImprovement Plan\b.*\brevised\b|\brevise the Improvement Plan\b", sentence)
    produced = re.search(r"\b(?:produce|submit|prepare|agree)\b[^.]*\bimprovement plan\b", sentence, re.I)
    if not revised and not produced:
        return []
    due = ctx.due(sentence, section)
    title = "Improvement Plan revised to reflect this notice" if revised else "Improvement Plan produced"
    return [ParsedDuty("plan_revision", title, section, sentence, "Council", "", None,
                       due.on if due else None, None)]  # fmt: skip


_READERS = [
    _board_meeting, _plan_revision, _plan_progress_report, _delivery_deadline, _chair_report,
    _mscb_report, _external_validation, _report_to_dfe, _dfe_review, _lead_member_report,
]  # fmt: skip


def _follow_review_cadence(duties: list[ParsedDuty], guesses: list[str]) -> None:
    """A Lead Member report "prior to the review" recurs with the reviews."""
    review = next((d for d in duties if d.code == "dfe_review"), None)
    for duty in duties:
        if duty.code == "lead_member_report" and duty.cadence_months is None and review:
            duty.cadence_months, duty.cadence_weeks = review.cadence_months, review.cadence_weeks
            guesses.append(
                f"The Lead Member's report (section {duty.section}) has no frequency of its own; "
                "it precedes each DfE progress review, so it follows the reviews' cadence."
            )


def _recurring(code: str, title: str, section: str, sentence: str, responsible: str,
               recipient: str, cadence: Cadence, ctx: DutyContext) -> ParsedDuty:  # fmt: skip
    return ParsedDuty(code, title, section, sentence, responsible, recipient,
                      cadence.months, None, ctx.issued_on, cadence.weeks)  # fmt: skip


def _every(cadence: Cadence) -> str:
    if cadence.months == 1:
        return "monthly"
    if cadence.weeks:
        return f"every {cadence.weeks} weeks"
    return f"every {cadence.months} months"


def _safeguarding_board(sentence: str) -> str:
    """ "MSCB", "LSCB" … when the sentence is about a Safeguarding Children Board."""
    if match := re.search(r"\b(?:Chair of the|the)\s+([A-Z]{1,3}SCB)\b", sentence):
        return match[1]
    if match := re.search(r"\bChair of the ([A-Z][\w ]*Safeguarding Children(?:’s|'s)? Board)", sentence):
        return match[1]
    return ""


def _minister(sentence: str) -> str:
    title = (
        r"(?:Parliamentary Under[- ]Secretary of State|Minister of State|Secretary of State|Minister)"
        r"(?: for [A-Z][\w’']*(?: (?:and |of |for )?[A-Z][\w’']*)*)?"
    )
    match = re.search(rf"\bto the ({title})", sentence)
    return match[1] if match else ""


def _is_dfe(sentence: str) -> bool:
    return bool(re.search(r"\bDepartment for Education\b|\bDfE\b", sentence))
