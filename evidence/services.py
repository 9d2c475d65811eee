"""Every write to evidence. Each one records who made it (history), bumps the item's version
(so a stale edit is refused) and, when it stores a file, removes the file again if the
database write does not commit.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max

from evidence.models import EvidenceItem, EvidenceReview, EvidenceRevision
from measures.models import Notice, Organisation
from notice_tracker.lib.concurrency import lock_current
from notice_tracker.lib.files import stored_files_removed_on_failure
from notice_tracker.lib.history import save_as, set_history_user
from notice_tracker.lib.uploads import CheckedFile

Status = EvidenceItem.Status
# Fields a submitter edits; requirements and actions are links, set separately.
ITEM_FIELDS = ["title", "description", "kind", "nature", "covers_from", "covers_to", "link", "restricted"]


def evidence_submit(
    *, notice: Notice, by: User, organisation: Organisation | None, form_data: dict[str, Any]
) -> EvidenceItem:
    """Create an item from a file, a link or both, linked to the notice's requirements and actions."""
    upload: CheckedFile | None = form_data.get("file")
    _check_content(notice, form_data, has_file=upload is not None)
    with stored_files_removed_on_failure() as stored, transaction.atomic():
        item = EvidenceItem(
            notice=notice,
            submitted_by=by,
            organisation=organisation,
            **{f: form_data.get(f) or _blank(f) for f in ITEM_FIELDS},
        )
        save_as(item, by)
        item.requirements.set(form_data.get("requirements") or [])
        item.actions.set(form_data.get("actions") or [])
        if upload is not None:
            item.current_revision = _store_revision(item, upload, by=by, stored=stored)
            item.save(update_fields=["current_revision", "updated_at"])
    return item


@transaction.atomic
def evidence_update(*, item: EvidenceItem, by: User, form_data: dict[str, Any], expected_version: int) -> EvidenceItem:
    """Change an item's details and links. Changing the link or what it supports sends it back to review.

    Raises StaleEdit if someone saved the item after `expected_version` was read.
    """
    current = lock_current(EvidenceItem, item.pk, expected_version=expected_version)
    _check_content(current.notice, form_data, has_file=current.current_revision_id is not None)
    links = _changed_links(current, form_data)
    changed = [f for f in ITEM_FIELDS if getattr(current, f) != (form_data.get(f) or _blank(f))]
    if not (changed or links):
        return current
    set_history_user(current, by)
    current.version += 1  # before the links change, so their history rows carry the new version too
    for name, wanted in links.items():
        getattr(current, name).set(wanted)  # m2m_changed writes a history row
    for field in changed:
        setattr(current, field, form_data.get(field) or _blank(field))
    if links or "link" in changed:
        _back_to_review(current)
    if "restricted" in changed and not current.restricted:
        _keep_earlier_versions_restricted(current, by=by)
    current.save()
    return current


def _keep_earlier_versions_restricted(item: EvidenceItem, *, by: User) -> None:
    # Opening an item opens the version it shows now, not the ones it was restricted with: an
    # editor releases or withdraws each of those deliberately (evidence_revision_visibility).
    for revision in item.earlier_revisions().filter(visibility=EvidenceRevision.Visibility.ITEM):
        revision.visibility = EvidenceRevision.Visibility.RESTRICTED
        save_as(revision, by)


@transaction.atomic
def evidence_revision_visibility(*, item: EvidenceItem, number: int, by: User, visibility: str) -> EvidenceRevision:
    """Keep an earlier version restricted, withdraw it from everyone, or let it follow the item again.

    The current version always follows the item: restrict the item, or upload a new version first.
    """
    current = EvidenceItem.objects.select_for_update().get(pk=item.pk)
    revision = current.revisions.filter(number=number).first()
    if revision is None:
        raise EvidenceRevision.DoesNotExist
    if revision.pk == current.current_revision_id:
        raise ValidationError("The current version is shown as the item is; upload a new version first.")
    if visibility not in EvidenceRevision.Visibility.values:
        raise ValidationError("Choose who may download this version.")
    if revision.visibility != visibility:
        revision.visibility = visibility
        save_as(revision, by)
    return revision


def evidence_add_revision(
    *, item: EvidenceItem, by: User, upload: CheckedFile, expected_version: int
) -> EvidenceRevision:
    """Store a later version of the item's file. Earlier revisions stay; the item goes back to review."""
    with stored_files_removed_on_failure() as stored, transaction.atomic():
        current = lock_current(EvidenceItem, item.pk, expected_version=expected_version)
        latest = current.current_revision
        if latest is not None and latest.sha256 == upload.sha256:
            raise ValidationError({"file": "This file is identical to the current revision; nothing to add."})
        revision = _store_revision(current, upload, by=by, stored=stored)
        set_history_user(current, by)
        current.current_revision = revision
        _back_to_review(current)
        current.version += 1
        current.save()
    return revision


@transaction.atomic
def evidence_review(*, item: EvidenceItem, by: User, decision: str, note: str, expected_version: int) -> EvidenceReview:
    """Record a reviewer's decision on the item as it stands now, and set its status to match."""
    current = lock_current(EvidenceItem, item.pk, expected_version=expected_version)
    if current.submitted_by_id == by.pk:
        raise ValidationError("You submitted this evidence, so someone else must review it.")
    note = (note or "").strip()
    if decision != EvidenceReview.Decision.ACCEPTED and not note:
        raise ValidationError({"note": "Say what more is needed, or why it is rejected."})
    review = EvidenceReview(
        item=current,
        revision_id=current.current_revision_id,
        item_version=current.version,
        decision=decision,
        note=note,
        reviewer=by,
    )
    save_as(review, by)
    current.review_status = decision  # the decisions' values are the matching statuses
    current.version += 1
    save_as(current, by)
    return review


def _check_content(notice: Notice, form_data: dict[str, Any], *, has_file: bool) -> None:
    """What the form checks, checked again for callers that are not forms (demo data, commands)."""
    if not has_file and not form_data.get("link"):
        raise ValidationError("Give a file or a link: evidence needs one or the other.")
    covers_from, covers_to = form_data.get("covers_from"), form_data.get("covers_to")
    if covers_from and covers_to and covers_to < covers_from:
        raise ValidationError({"covers_to": "The period cannot end before it starts."})
    if any(r.measure.notice_id != notice.pk for r in form_data.get("requirements") or []):
        raise ValidationError({"requirements": "Choose requirements of this notice."})
    if any(a.notice_id != notice.pk for a in form_data.get("actions") or []):
        raise ValidationError({"actions": "Choose actions of this notice."})


def _changed_links(item: EvidenceItem, form_data: dict[str, Any]) -> dict[str, set[int]]:
    """The link sets ("requirements", "actions") that the form changes, with their wanted ids."""
    changed = {}
    for name in ("requirements", "actions"):
        wanted = {obj.pk for obj in form_data.get(name) or []}
        if set(getattr(item, name).values_list("pk", flat=True)) != wanted:
            changed[name] = wanted
    return changed


def _back_to_review(item: EvidenceItem) -> None:
    # What was judged has changed, so the judgement no longer stands.
    item.review_status = Status.SUBMITTED


def _blank(field: str) -> bool | str | None:
    return False if field == "restricted" else (None if field in {"covers_from", "covers_to"} else "")


def _store_revision(item: EvidenceItem, upload: CheckedFile, *, by: User, stored: list[str]) -> EvidenceRevision:
    number = (item.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = EvidenceRevision(
        item=item,
        number=number,
        original_name=upload.name,
        content_type=upload.file_type.content_type,
        size=upload.size,
        sha256=upload.sha256,
        uploaded_by=by,
    )
    upload.file.seek(0)
    revision.file.save(upload.name, File(upload.file), save=False)
    assert revision.file.name is not None  # save() above named the stored file
    stored.append(revision.file.name)
    save_as(revision, by)
    return revision
