"""The web import's services: read → correct → confirm, the same file and corrections giving the same
notice again, a revised notice taking over the plan's work, and all or nothing when a step fails."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from actions.models import Action
from actions.tests.factories import make_action
from demo.evidence import checked
from evidence.models import EvidenceItem
from evidence.tests.factories import make_item
from indicators.models import Indicator
from indicators.tests.factories import make_indicator
from measures import importing
from measures.importer.corrections import CorrectionError, Corrections, apply_corrections
from measures.models import Duty, Invitation, Measure, Membership, Notice, NoticeImport, Organisation, Requirement
from measures.roles import Can, membership_can
from measures.services import invitation_send
from measures.tests import factories
from measures.tests.notice_samples import SAMPLES

REVISIONS = Path(__file__).resolve().parent / "revisions"
FIRST = REVISIONS / "holmbury-2015-10-10.txt"  # the notice of 10 October 2015
REVISED = SAMPLES / "holmbury-2016-02-01.txt"  # the notice replacing it, 1 February 2016
CHIEF_EXECUTIVE = "other:Requirement 2.3: appointing a permanent principal social worker within six months of…"


def upload(path: Path, by, *, supersedes: Notice | None = None) -> NoticeImport:
    return importing.notice_import_upload(upload=checked(path.read_bytes(), path.name), by=by, supersedes=supersedes)


def confirm(record: NoticeImport, by, corrections: Corrections | None = None, mapping: dict | None = None) -> Notice:
    record.refresh_from_db()
    return importing.notice_import_confirm(
        record=record,
        corrections=corrections or Corrections(),
        mapping=mapping or {},
        by=by,
        expected_version=record.version,
    )


def snapshot(notice: Notice) -> dict:
    return {
        "notice": (notice.title, notice.issued_on, notice.delivery_deadline, notice.source_sha256),
        "measures": list(
            Measure.objects.filter(notice=notice).values_list("reference", "heading", "closing", "position")
        ),
        "requirements": list(
            Requirement.objects.filter(measure__notice=notice).values_list("reference", "text", "kind", "position")
        ),
        "duties": list(
            Duty.objects.filter(notice=notice).values_list("code", "title", "due_on", "starts_on", "cadence_months")
        ),
    }


CORRECTIONS = Corrections(
    measures={"1": "1A"},
    not_requirements=["1.3"],
    duty_dates={CHIEF_EXECUTIVE: date(2016, 4, 30)},
)


@pytest.fixture
def superuser():
    return factories.make_user("root", is_superuser=True, is_staff=True)


@pytest.mark.django_db
def test_an_upload_is_kept_as_a_draft_and_nothing_is_imported_until_confirmed(superuser):
    record = upload(FIRST, superuser)
    assert not record.is_confirmed and record.source_name == FIRST.name
    assert len(record.source_sha256) == 64 and record.source_file.read() == FIRST.read_bytes()
    assert not Notice.objects.exists()
    review = importing.review(record)
    assert [m.reference for m in review.parsed.measures] == ["1", "2"]
    assert review.parsed.questions, "the date it could not work out is a question for the administrator"


@pytest.mark.django_db
def test_parse_correct_confirm_makes_the_corrected_notice_with_history(superuser):
    record = upload(FIRST, superuser)
    notice = confirm(record, superuser, CORRECTIONS)
    assert [m.reference for m in notice.measures.all()] == ["1A", "2"]
    assert list(Requirement.objects.filter(measure__reference="1A").values_list("reference", flat=True)) == [
        "1A.1",
        "1A.2",
        "1A.4",  # references are the notice's own: the one dropped leaves its gap
    ]
    dropped = Measure.objects.get(notice=notice, reference="1A")
    assert "a named lead for exploitation in each locality" in dropped.closing
    duty = Duty.objects.get(notice=notice, code="other")
    assert duty.due_on == date(2016, 4, 30)
    record.refresh_from_db()
    assert record.notice == notice and record.confirmed_by == superuser
    assert record.corrections == CORRECTIONS.to_json()
    assert record.history.filter(history_user=superuser).count() == 2  # uploaded, confirmed
    # Whoever imports a new notice is its administrator, and sees it among their notices.
    assert Membership.objects.get(notice=notice, user=superuser).role == Membership.Role.ADMINISTRATOR


@pytest.mark.django_db
def test_the_same_file_and_corrections_import_to_the_same_result(superuser):
    record = upload(FIRST, superuser)
    notice = confirm(record, superuser, CORRECTIONS)
    first = snapshot(notice)
    # Replaying the kept file with the kept corrections would change nothing…
    summary = importing.notice_import_replay(NoticeImport.objects.get(pk=record.pk))
    assert not summary.changed_anything and summary.notice == notice
    # …and importing them afresh, the notice gone, makes the same notice again.
    kept = NoticeImport.objects.get(pk=record.pk)
    source, parsed = importing.read_import(kept)
    NoticeImport.objects.filter(pk=kept.pk).delete()
    Membership.objects.filter(notice=notice).delete()
    notice.delete()
    again = upload(FIRST, superuser)
    assert again.source_sha256 == kept.source_sha256
    remade = confirm(again, superuser, Corrections.from_json(kept.corrections))
    assert snapshot(remade) == first
    assert apply_corrections(parsed, CORRECTIONS).measures == apply_corrections(parsed, CORRECTIONS).measures


@pytest.mark.django_db
def test_a_notice_already_in_the_system_is_refused_and_nothing_stored(superuser):
    confirm(upload(FIRST, superuser), superuser)
    with pytest.raises(importing.ImportRefused, match="already in the system"):
        upload(FIRST, superuser)
    assert NoticeImport.objects.count() == 1


@pytest.mark.django_db
def test_corrections_that_cannot_apply_are_refused_with_reasons(superuser):
    record = upload(FIRST, superuser)
    bad = Corrections(measures={"1": "2"}, not_requirements=["2.1", "2.2", "2.3"])
    with pytest.raises(CorrectionError) as error:
        confirm(record, superuser, bad)
    assert "Measure 2 would have no requirements left; keep at least one." in error.value.problems
    assert "Two measures would both be 2: each needs its own reference." in error.value.problems
    assert not Notice.objects.exists()


# ------------------------------------------------------------------ revised notices


@pytest.fixture
def first_notice(superuser):
    """The first notice with people, a plan, evidence and an indicator on it."""
    notice = confirm(upload(FIRST, superuser), superuser, CORRECTIONS)
    council = factories.make_organisation(notice, "Children's Services")
    officer = factories.make_member(notice, Membership.Role.OFFICER, username="officer", organisation=council)
    chair = factories.make_member(notice, Membership.Role.CHAIR, username="chair", organisation=council)
    requirements = {r.reference: r for r in Requirement.objects.filter(measure__notice=notice)}
    make_action(notice, owner=officer, organisation=council, reference="A-1", requirements=[requirements["1A.1"]])
    make_action(
        notice,
        owner=officer,
        organisation=council,
        reference="A-2",
        requirements=[requirements["2.1"], requirements["2.3"]],
    )
    make_item(notice, officer, requirements=[requirements["2.2"]])
    make_indicator(notice, "AGENCY", owner=council, requirements=[requirements["2.1"]])
    invitation_send(
        notice=notice, name="Lee Member", email="lee@council.example", role="lead_member", organisation=council
    )
    return notice, chair


@pytest.mark.django_db
def test_a_revised_notice_suggests_what_each_old_measure_and_requirement_became(superuser, first_notice):
    old, _ = first_notice
    record = upload(REVISED, superuser)  # the text names the notice of 10 October 2015: it is found
    assert record.supersedes == old
    _, parsed = importing.read_import(record)
    mapping = importing.suggested_mapping(old, parsed)
    by_reference = {
        r.reference: mapping["requirements"][str(r.pk)] for r in Requirement.objects.filter(measure__notice=old)
    }
    assert by_reference == {"1A.1": "1.1", "1A.2": "1.2", "1A.4": "1.3", "2.1": "2.1", "2.2": "2.2", "2.3": ""}
    measures = {m.reference: mapping["measures"][str(m.pk)] for m in Measure.objects.filter(notice=old)}
    assert measures == {"1A": "1", "2": "2"}


@pytest.mark.django_db
def test_confirming_a_revised_notice_carries_the_work_and_the_people_over_with_history(superuser, first_notice):
    old, chair = first_notice
    administrator = Membership.objects.get(notice=old, user=superuser).user
    record = upload(REVISED, administrator, supersedes=old)
    _, parsed = importing.read_import(record)
    mapping = importing.suggested_mapping(old, parsed)
    new = confirm(record, administrator, mapping=mapping)

    old.refresh_from_db()
    assert old.status == Notice.Status.SUPERSEDED and old.replaced_by == new and new.supersedes == old
    a1, a2 = Action.objects.get(reference="A-1"), Action.objects.get(reference="A-2")
    assert a1.notice == new and [r.reference for r in a1.requirements.all()] == ["1.1"]
    # A-2 was linked to 2.1 and to 2.3, which the revised notice dropped: only 2.1 is carried.
    assert a2.notice == new and [(r.measure.notice_id, r.reference) for r in a2.requirements.all()] == [(new.pk, "2.1")]
    assert a1.lead_organisation.notice == new and a1.lead_organisation.name == "Children's Services"
    item = EvidenceItem.objects.get()
    assert item.notice == new and [r.reference for r in item.requirements.all()] == ["2.2"]
    assert item.organisation is not None and item.organisation.notice == new
    indicator = Indicator.objects.get()
    assert indicator.notice == new and [r.measure.notice for r in indicator.requirements.all()] == [new]
    # Every move is in the history, naming who confirmed.
    moved = a2.history.order_by("-history_id").first()
    assert moved is not None and moved.history_user == administrator and moved.notice_id == new.pk
    assert {r.requirement_id for r in moved.requirements.all()} == {a2.requirements.get().pk}
    assert EvidenceItem.history.filter(id=item.pk, notice_id=new.pk, history_user=administrator).exists()
    assert Notice.history.filter(id=old.pk, status="superseded", history_user=administrator).exists()
    # People keep their roles; the pending invitation is now to the revised notice.
    roles = dict(Membership.objects.filter(notice=new).values_list("user__username", "role"))
    assert roles == {"root": "administrator", "officer": "officer", "chair": "chair"}
    assert Membership.objects.get(notice=new, user=chair).organisation == Organisation.objects.get(
        notice=new, name="Children's Services"
    )
    assert Invitation.objects.get().notice == new
    # The old notice is read-only and still readable.
    on_old = Membership.objects.select_related("notice").get(notice=old, user=chair)
    assert membership_can(on_old, Can.VIEW) and not membership_can(on_old, Can.CREATE_ACTION)
    assert not membership_can(on_old, Can.IMPORT_REVISION)
    record.refresh_from_db()
    assert record.mapping == mapping and record.notice == new


@pytest.mark.django_db
def test_a_step_failing_while_carrying_over_leaves_everything_as_it_was(superuser, first_notice):
    old, _ = first_notice
    record = upload(REVISED, superuser, supersedes=old)
    _, parsed = importing.read_import(record)
    mapping = importing.suggested_mapping(old, parsed)

    def fails(revision: importing.Revision) -> None:
        assert Action.objects.filter(notice=revision.new).exists()  # the actions had moved already
        raise RuntimeError("the evidence store is unavailable")

    importing.register_carry_over(fails)
    try:
        with pytest.raises(RuntimeError):
            confirm(record, superuser, mapping=mapping)
    finally:
        importing._CARRY_OVER.remove(fails)
    old.refresh_from_db()
    assert old.status == Notice.Status.ACTIVE
    assert list(Notice.objects.values_list("issued_on", flat=True)) == [date(2015, 10, 10)]
    assert set(Action.objects.values_list("notice_id", flat=True)) == {old.pk}
    assert EvidenceItem.objects.get().notice == old and Indicator.objects.get().notice == old
    assert Invitation.objects.get().notice == old
    record.refresh_from_db()
    assert not record.is_confirmed and record.mapping == {}


@pytest.mark.django_db
def test_a_revision_to_another_council_or_an_earlier_date_is_refused(superuser, first_notice):
    old, _ = first_notice
    with pytest.raises(importing.ImportRefused, match="is to Fernley Borough Council"):
        upload(SAMPLES / "fernley-2018-03-12.txt", superuser, supersedes=old)
    other = factories.make_notice("Holmbury Metropolitan Borough Council", issued_on=date(2016, 6, 1))
    with pytest.raises(importing.ImportRefused, match="not after the notice it would replace"):
        upload(REVISED, superuser, supersedes=other)
    assert NoticeImport.objects.count() == 1  # the first notice's own


def test_a_closing_text_made_a_requirement_takes_the_next_number_and_the_corrections_round_trip():
    from measures.tests.notice_samples import load, medway_path

    parsed = load(medway_path())
    two = next(m for m in parsed.measures if m.reference == "2")
    assert two.closing, "Medway's measure 2 ends with prose that is not an item"
    corrections = Corrections(closing_requirements=["2"], measures={"3A": "3B"})
    corrected = apply_corrections(parsed, Corrections.from_json(corrections.to_json()))
    after = next(m for m in corrected.measures if m.reference == "2")
    added = after.requirements[-1]
    assert (added.reference, added.text, added.position) == (
        f"2.{len(two.requirements) + 1}",
        two.closing,
        len(two.requirements) + 1,
    )
    assert after.closing == ""
    renamed = next(m for m in corrected.measures if m.reference == "3B")
    assert all(r.reference.startswith("3B") for r in renamed.requirements)
    assert "Corrected by the administrator: measure 3A is 3B." in corrected.guesses
    assert two.closing and len(two.requirements) == len(after.requirements) - 1, "the reading itself is left as it was"
