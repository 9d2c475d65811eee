"""Importing a notice through the web: upload, review and correct, confirm; and revised notices.

An upload is read and parsed before anything is stored: a file the importer cannot read is
refused with its reason and nothing is kept. A readable one is kept as a draft
(measures.NoticeImport) for the administrator to review beside its text and correct. Confirming
imports the notice all or nothing, in one transaction: the notice, and for a revised notice the
carry-over from the one it replaces (organisations, people, pending invitations, and whatever
the apps above register here: actions, evidence, indicators), the old notice marked superseded.
The file, its SHA-256, the corrections and the mapping stay with the notice, so the same file
and corrections give the same notice again (notice_import_replay).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from measures.importer.corrections import CorrectionError, Corrections, apply_corrections, renamed_reference
from measures.importer.matching import suggest_matches
from measures.importer.parser import NoticeParseError, NoticeSource, ParsedNotice, parse_notice, read_notice
from measures.models import (
    Invitation,
    Measure,
    Membership,
    Notice,
    NoticeImport,
    Organisation,
    Requirement,
)
from measures.roles import Can, membership_can
from measures.services import ImportSummary, notice_import
from notice_tracker.lib.concurrency import lock_current
from notice_tracker.lib.documents import attach_document
from notice_tracker.lib.files import stored_files_removed_on_failure
from notice_tracker.lib.history import save_as, set_history_user
from notice_tracker.lib.uploads import CheckedFile


class ImportRefused(ValueError):
    """The notice cannot be imported as asked; the message says why, in words the administrator can act on."""


# ------------------------------------------------------------------ who may


def may_import_new_notice(user: User) -> bool:
    """A notice that replaces none in the system is brought in by a superuser (it has no administrator yet)."""
    return user.is_superuser


def get_import_for_user(user: User, import_pk: int) -> NoticeImport:
    """The import, for a superuser, an administrator of the notice it revises or of the notice it made; 404 to anyone else."""
    record = NoticeImport.objects.select_related("supersedes__authority", "notice", "uploaded_by").filter(pk=import_pk)
    found = record.first()
    if found is None:
        raise Http404("No such import.")
    if user.is_superuser:
        return found
    if found.notice_id is not None:
        # A confirmed import is kept with its notice, for that notice's administrators to read.
        made = Membership.objects.filter(user=user, notice_id=found.notice_id, user__is_active=True).first()
        if made is not None:
            if membership_can(made, Can.ADMINISTER):
                return found
            raise PermissionDenied("Only the notice's administrators read how it was imported.")
    if found.supersedes_id is not None:
        membership = Membership.objects.filter(user=user, notice_id=found.supersedes_id, user__is_active=True).first()
        if membership is not None:
            if membership_can(membership, Can.IMPORT_REVISION):
                return found
            raise PermissionDenied("Only the notice's administrators import its revised notice.")
    raise Http404("No such import.")


# ------------------------------------------------------------------ reading


def read_upload(data: bytes, *, name: str) -> tuple[NoticeSource, ParsedNotice]:
    """The notice's text and what the importer read from it; ImportRefused saying why it cannot be read."""
    try:
        source = read_notice(data, source_name=name)
        parsed = parse_notice(source.text)
    except NoticeParseError as error:
        raise ImportRefused(f"{str(error).rstrip('.')}. Nothing was imported.") from error
    parsed.guesses[:0] = source.notes
    return source, parsed


def read_import(record: NoticeImport) -> tuple[NoticeSource, ParsedNotice]:
    """Read the stored file again, checking it is still byte for byte what was uploaded."""
    with record.source_file.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != record.source_sha256:
        raise ImportRefused("The stored file no longer matches its SHA-256; upload the notice again.")
    return read_upload(data, name=record.source_name)


def _check_new(parsed: ParsedNotice, supersedes: Notice | None) -> None:
    existing = Notice.objects.filter(authority__name=parsed.authority_name, issued_on=parsed.issued_on).first()
    if existing is not None:
        raise ImportRefused(
            f"The notice to {parsed.authority_name} of {parsed.issued_on:%-d %B %Y} is already in the system. "
            "Nothing was imported."
        )
    if supersedes is None:
        return
    if supersedes.authority.name != parsed.authority_name:
        raise ImportRefused(
            f"This notice is to {parsed.authority_name}, but the notice it would replace is to "
            f"{supersedes.authority.name}. Nothing was imported."
        )
    if parsed.issued_on <= supersedes.issued_on:
        raise ImportRefused(
            f"This notice was issued on {parsed.issued_on:%-d %B %Y}, not after the notice it would replace "
            f"({supersedes.issued_on:%-d %B %Y}). Nothing was imported."
        )
    if not supersedes.is_active:
        raise ImportRefused(
            f"The notice of {supersedes.issued_on:%-d %B %Y} is {supersedes.get_status_display().lower()}; "
            "only an active notice can be replaced. Nothing was imported."
        )


def _named_predecessor(parsed: ParsedNotice) -> Notice | None:
    """The earlier notice the text says it replaces, when that notice is in the system and active."""
    if parsed.supersedes_issued_on is None:
        return None
    return (
        Notice.objects.select_related("authority")
        .filter(
            authority__name=parsed.authority_name,
            issued_on=parsed.supersedes_issued_on,
            status=Notice.Status.ACTIVE,
        )
        .first()
    )


# ------------------------------------------------------------------ upload


def notice_import_upload(*, upload: CheckedFile, by: User, supersedes: Notice | None = None) -> NoticeImport:
    """Read the uploaded notice and keep it as a draft to review; ImportRefused (nothing stored) if it cannot be.

    `supersedes` is the notice an administrator is revising; without it, a notice the text names
    as its predecessor (and that is in the system) is the one replaced.
    """
    upload.file.seek(0)
    data = upload.file.read()
    _, parsed = read_upload(data, name=upload.name)
    supersedes = supersedes or _named_predecessor(parsed)
    _check_new(parsed, supersedes)
    with stored_files_removed_on_failure() as stored, transaction.atomic():
        record = NoticeImport(uploaded_by=by, supersedes=supersedes)
        attach_document(record, "source", upload, stored=stored)
        save_as(record, by)
    return record


def notice_import_discard(*, record: NoticeImport) -> None:
    """Throw away a draft and its file."""
    if record.is_confirmed:
        raise ImportRefused("A confirmed import is kept with its notice; it cannot be discarded.")
    name = record.source_file.name or ""
    storage = record.source_file.storage
    with transaction.atomic():
        record.delete()
        transaction.on_commit(lambda: storage.delete(name))


# ------------------------------------------------------------------ review


@dataclass(frozen=True)
class Review:
    """What the review page shows: the text, the reading, and the reading with the corrections made."""

    source: NoticeSource
    parsed: ParsedNotice
    corrected: ParsedNotice | None
    problems: list[str]


def review(record: NoticeImport, corrections: Corrections | None = None) -> Review:
    source, parsed = read_import(record)
    wanted = corrections if corrections is not None else Corrections.from_json(record.corrections)
    try:
        return Review(source, parsed, apply_corrections(parsed, wanted), [])
    except CorrectionError as error:
        return Review(source, parsed, None, error.problems)


def mapping_choices(parsed: ParsedNotice) -> tuple[dict[str, str], dict[str, str]]:
    """The new notice's measures and requirements, by what the importer read: reference -> text to match on."""
    measures = {m.reference: f"{m.heading} {m.intro}" for m in parsed.measures}
    requirements = {r.reference: r.text for m in parsed.measures for r in m.requirements}
    return measures, requirements


def suggested_mapping(old: Notice, parsed: ParsedNotice) -> dict[str, dict[str, str]]:
    """Each old measure and requirement (by id) matched to the new one most like it, or "" for none."""
    new_measures, new_requirements = mapping_choices(parsed)
    old_measures = {str(m.pk): f"{m.heading} {m.intro}" for m in Measure.objects.filter(notice=old)}
    old_requirements = {str(r.pk): r.text for r in Requirement.objects.filter(measure__notice=old)}
    return {
        "measures": {k: v or "" for k, v in suggest_matches(old_measures, new_measures).items()},
        "requirements": {k: v or "" for k, v in suggest_matches(old_requirements, new_requirements).items()},
    }


def notice_import_save(
    *, record: NoticeImport, corrections: Corrections, mapping: dict, by: User, expected_version: int
) -> NoticeImport:
    """Keep the corrections (and mapping) made so far; StaleEdit if someone saved since, CorrectionError if they cannot apply."""
    with transaction.atomic():
        current = lock_current(NoticeImport, record.pk, expected_version=expected_version)
        if current.is_confirmed:
            raise ImportRefused("This import is already confirmed.")
        _, parsed = read_import(current)
        apply_corrections(parsed, corrections)
        current.corrections, current.mapping = corrections.to_json(), mapping
        current.version += 1
        save_as(current, by)
    return current


# ------------------------------------------------------------------ confirm


@dataclass(frozen=True)
class Revision:
    """A confirmed revised notice, as the carry-over steps see it: what each old row became."""

    old: Notice
    new: Notice
    by: User
    measures: dict[int, Measure | None]  # old measure id -> its new measure, or None (dropped)
    requirements: dict[int, Requirement | None]  # old requirement id -> its new requirement, or None
    organisations: dict[int, Organisation]  # old organisation id -> its copy on the new notice

    def new_requirements(self, old_ids: list[int]) -> list[Requirement]:
        """The new requirements that old ones became, those dropped left out."""
        found = [self.requirements.get(pk) for pk in old_ids]
        return list(dict.fromkeys(r for r in found if r is not None))


CarryOver = Callable[[Revision], None]
_CARRY_OVER: list[CarryOver] = []


def register_carry_over(step: CarryOver) -> CarryOver:
    """Register what an app moves from a superseded notice to its revision (its apps.ready() imports the module)."""
    if step not in _CARRY_OVER:
        _CARRY_OVER.append(step)
    return step


def notice_import_confirm(
    *, record: NoticeImport, corrections: Corrections, mapping: dict, by: User, expected_version: int
) -> Notice:
    """Import the notice with the corrections, carrying over the notice it replaces; all or nothing.

    Raises ImportRefused, CorrectionError or StaleEdit, having written nothing.
    """
    with transaction.atomic():
        current = lock_current(NoticeImport, record.pk, expected_version=expected_version)
        if current.is_confirmed:
            raise ImportRefused("This import is already confirmed.")
        source, parsed = read_import(current)
        corrected = apply_corrections(parsed, corrections)
        old = (
            Notice.objects.select_for_update().select_related("authority").get(pk=current.supersedes_id)
            if current.supersedes_id is not None
            else None
        )
        _check_new(corrected, old)
        summary = notice_import(parsed=corrected, source_text=source.text, supersedes=old)
        notice = summary.notice
        assert notice is not None  # not a dry run
        if old is not None:
            _carry_over(old, notice, parsed, corrections, mapping, by)
        _make_administrator(notice, by)
        current.corrections, current.mapping = corrections.to_json(), mapping
        current.notice, current.confirmed_by, current.confirmed_at = notice, by, timezone.now()
        current.version += 1
        save_as(current, by)
    return notice


def notice_import_replay(record: NoticeImport) -> ImportSummary:
    """What importing the kept file with the kept corrections would change now (a dry run): nothing, if it is the same."""
    source, parsed = read_import(record)
    corrected = apply_corrections(parsed, Corrections.from_json(record.corrections))
    return notice_import(parsed=corrected, source_text=source.text, dry_run=True, supersedes=record.supersedes)


def _make_administrator(notice: Notice, by: User) -> None:
    """Whoever imports a notice administers it (the revising administrator already does, carried over)."""
    membership = Membership.objects.filter(notice=notice, user=by).first()
    if membership is None:
        Membership.objects.create(notice=notice, user=by, role=Membership.Role.ADMINISTRATOR)
    elif membership.role != Membership.Role.ADMINISTRATOR:
        membership.role, membership.can_review_evidence = Membership.Role.ADMINISTRATOR, False
        save_as(membership, by)


def final_references(parsed: ParsedNotice, corrections: Corrections) -> tuple[dict[str, str], dict[str, str]]:
    """What each measure and requirement the importer read is called once corrected (dropped ones left out)."""
    measures: dict[str, str] = {}
    requirements: dict[str, str] = {}
    dropped = set(corrections.not_requirements)
    for measure in parsed.measures:
        new = corrections.measures.get(measure.reference) or measure.reference
        measures[measure.reference] = new
        for requirement in measure.requirements:
            if requirement.reference not in dropped:
                requirements[requirement.reference] = renamed_reference(requirement.reference, measure.reference, new)
    return measures, requirements


def _carry_over(
    old: Notice, new: Notice, parsed: ParsedNotice, corrections: Corrections, mapping: dict, by: User
) -> None:
    measure_names, requirement_names = final_references(parsed, corrections)
    new_measures = {m.reference: m for m in Measure.objects.filter(notice=new)}
    new_requirements = {
        (r.measure.reference, r.reference): r
        for r in Requirement.objects.filter(measure__notice=new).select_related("measure")
    }
    measure_of = {r.reference: measure_names[m.reference] for m in parsed.measures for r in m.requirements}
    measures: dict[int, Measure | None] = {}
    for measure in Measure.objects.filter(notice=old):
        chosen = mapping.get("measures", {}).get(str(measure.pk)) or ""
        measures[measure.pk] = new_measures.get(measure_names.get(chosen, "")) if chosen else None
    requirements: dict[int, Requirement | None] = {}
    for requirement in Requirement.objects.filter(measure__notice=old):
        chosen = mapping.get("requirements", {}).get(str(requirement.pk)) or ""
        if chosen and chosen not in requirement_names:
            raise ImportRefused(
                f"Requirement {requirement.reference} of the old notice is matched to {chosen}, "
                "which is not a requirement of the new one. Nothing was imported."
            )
        key = (measure_of.get(chosen, ""), requirement_names.get(chosen, ""))
        requirements[requirement.pk] = new_requirements.get(key) if chosen else None
    organisations = _copy_organisations(old, new, by)
    _copy_memberships(old, new, organisations, by)
    Invitation.objects.filter(notice=old, accepted_at__isnull=True).update(notice=new)
    for invitation in Invitation.objects.filter(notice=new, organisation__notice=old):
        invitation.organisation = organisations[invitation.organisation_id]  # type: ignore[index]  # filtered: set
        invitation.save(update_fields=["organisation"])
    revision = Revision(old, new, by, measures, requirements, organisations)
    for step in _CARRY_OVER:
        step(revision)
    old.status = Notice.Status.SUPERSEDED
    save_as(old, by)


def _copy_organisations(old: Notice, new: Notice, by: User) -> dict[int, Organisation]:
    copies: dict[int, Organisation] = {}
    for organisation in Organisation.objects.filter(notice=old):
        copy = Organisation.objects.filter(notice=new, name=organisation.name).first()
        if copy is None:
            copy = Organisation(notice=new, name=organisation.name, kind=organisation.kind)
            save_as(copy, by)
        copies[organisation.pk] = copy
    return copies


def _copy_memberships(old: Notice, new: Notice, organisations: dict[int, Organisation], by: User) -> None:
    """Everyone keeps their role on the revised notice (a DfE observer of every notice already has one)."""
    present = set(Membership.objects.filter(notice=new).values_list("user_id", flat=True))
    for membership in Membership.objects.filter(notice=old).exclude(user_id__in=present):
        copy = Membership(
            notice=new,
            user_id=membership.user_id,
            role=membership.role,
            organisation=organisations.get(membership.organisation_id) if membership.organisation_id else None,
            can_review_evidence=membership.can_review_evidence,
            joined_at=membership.joined_at,
        )
        set_history_user(copy, by)
        copy.save()
