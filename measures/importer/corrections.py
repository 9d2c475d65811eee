"""An administrator's corrections to what the importer read, applied to the parsed notice.

The corrections are plain JSON, kept with the import (measures.NoticeImport.corrections), and
name what they correct by what the importer read, so the same file and the same corrections
always give the same notice:

    {"measures": {"3A": "3B"},                  # rename a measure (its requirements follow)
     "not_requirements": ["2.7"],               # a sentence read as a requirement that is not one
     "closing_requirements": ["2"],             # a measure's closing text that is a requirement
     "duty_dates": {"other:Deliver the plan": "2018-09-30"}}   # a duty's date (a cadence's start)

Pure Python, like the parser: the web import and the tests call it without Django.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date

from .duties import ParsedDuty
from .parser import ParsedMeasure, ParsedNotice, ParsedRequirement, kind_of

MEASURE_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.()-]{0,9}$")
MAX_REQUIREMENT_REFERENCE = 20


class CorrectionError(ValueError):
    """The corrections cannot be applied; `problems` says why, one message each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Corrections:
    measures: dict[str, str] = field(default_factory=dict)
    not_requirements: list[str] = field(default_factory=list)
    closing_requirements: list[str] = field(default_factory=list)
    duty_dates: dict[str, date] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict | None) -> Corrections:
        data = data or {}
        return cls(
            measures=dict(data.get("measures", {})),
            not_requirements=list(data.get("not_requirements", [])),
            closing_requirements=list(data.get("closing_requirements", [])),
            duty_dates={key: date.fromisoformat(value) for key, value in data.get("duty_dates", {}).items()},
        )

    def to_json(self) -> dict:
        """Only what differs from the importer's reading, in a stable order."""
        return {
            "measures": {old: new for old, new in sorted(self.measures.items()) if old != new},
            "not_requirements": sorted(set(self.not_requirements)),
            "closing_requirements": sorted(set(self.closing_requirements)),
            "duty_dates": {key: value.isoformat() for key, value in sorted(self.duty_dates.items())},
        }

    def __bool__(self) -> bool:
        return any(self.to_json().values())


def duty_key(duty: ParsedDuty) -> str:
    """What names a duty across readings of the same text: its kind, and its title for 'other' ones."""
    return f"{duty.code}:{duty.title}" if duty.code == "other" else duty.code


def duty_date(duty: ParsedDuty) -> date | None:
    """The date a correction sets: a one-off's due date, a recurring duty's first date."""
    return duty.starts_on if duty.cadence_months or duty.cadence_weeks else duty.due_on


def apply_corrections(parsed: ParsedNotice, corrections: Corrections) -> ParsedNotice:
    """A copy of `parsed` with the corrections made, each listed in its guesses; CorrectionError if one cannot be."""
    notice = copy.deepcopy(parsed)
    problems: list[str] = []
    done: list[str] = []
    measures = {m.reference: m for m in notice.measures}
    for ref in corrections.closing_requirements:
        measure = measures.get(ref)
        if measure is None or not measure.closing:
            problems.append(f"Measure {ref} has no closing text to make a requirement.")
            continue
        _closing_to_requirement(measure)
        done.append(f"the closing text of measure {ref} is a requirement, {measure.requirements[-1].reference}")
    requirements = {r.reference: (m, r) for m in notice.measures for r in m.requirements}
    for ref in corrections.not_requirements:
        if ref not in requirements:
            problems.append(f"There is no requirement {ref} to mark as not a requirement.")
            continue
        measure, requirement = requirements[ref]
        measure.requirements.remove(requirement)
        measure.closing = " ".join(part for part in (measure.closing, requirement.text) if part)
        done.append(f"{ref} is not a requirement; its words are kept in measure {measure.reference}'s text")
    for measure in notice.measures:
        if not measure.requirements:
            problems.append(f"Measure {measure.reference} would have no requirements left; keep at least one.")
        for position, requirement in enumerate(measure.requirements, 1):
            requirement.position = position
    _rename(notice, corrections.measures, problems, done)
    duties = {duty_key(d): d for d in notice.duties}
    for key, when in corrections.duty_dates.items():
        duty = duties.get(key)
        if duty is None:
            problems.append(f"There is no duty {key!r} to date.")
            continue
        if duty.cadence_months or duty.cadence_weeks:
            duty.starts_on = when
        else:
            duty.due_on = when
        if duty.code == "delivery_deadline":
            notice.delivery_deadline = when
        notice.questions = [q for q in notice.questions if not answers(duty, q)]
        done.append(f"'{duty.title}' is dated {when:%-d %B %Y}")
    if problems:
        raise CorrectionError(problems)
    notice.guesses += [f"Corrected by the administrator: {what}." for what in done]
    return notice


def answers(duty: ParsedDuty, question: str) -> bool:
    """Whether dating `duty` answers `question` (which quotes the words it could not date)."""
    quoted = re.search(r"'([^']+)'", question)
    return quoted is not None and quoted[1] in " ".join(duty.source_text.split())


def _closing_to_requirement(measure: ParsedMeasure) -> None:
    taken = {r.reference for r in measure.requirements}
    number = len(measure.requirements) + 1
    while f"{measure.reference}.{number}" in taken:
        number += 1
    text = measure.closing
    measure.requirements.append(
        ParsedRequirement(f"{measure.reference}.{number}", text, "", kind_of(text), len(measure.requirements) + 1)
    )
    measure.closing = ""


def _rename(notice: ParsedNotice, renames: dict[str, str], problems: list[str], done: list[str]) -> None:
    known = {m.reference for m in notice.measures}
    for old, new in renames.items():
        if old not in known:
            problems.append(f"There is no measure {old} to rename.")
        elif not MEASURE_REFERENCE.match(new):
            problems.append(
                f"Measure {old}'s new reference {new!r} must be 1 to 10 letters, digits, dots, brackets or hyphens."
            )
    final = [renames.get(m.reference, m.reference) for m in notice.measures]
    repeated = sorted({ref for ref in final if final.count(ref) > 1})
    if repeated:
        problems.append(f"Two measures would both be {', '.join(repeated)}: each needs its own reference.")
    if problems:
        return
    for measure in notice.measures:
        new = renames.get(measure.reference) or measure.reference
        if new == measure.reference:
            continue
        old = measure.reference
        measure.reference = new
        for requirement in measure.requirements:
            requirement.reference = renamed_reference(requirement.reference, old, new)
            if len(requirement.reference) > MAX_REQUIREMENT_REFERENCE:
                problems.append(f"Requirement {requirement.reference} would be longer than 20 characters.")
        for duty in notice.duties:
            if duty.section == old:
                duty.section = new
        done.append(f"measure {old} is {new}")


def renamed_reference(reference: str, old: str, new: str) -> str:
    """A requirement's reference under its measure's new one: 3A.2 → 3B.2, 3A(a).1 → 3B(a).1."""
    if reference.startswith(old) and reference[len(old) : len(old) + 1] in (".", "("):
        return new + reference[len(old) :]
    return reference
