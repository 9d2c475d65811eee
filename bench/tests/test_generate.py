import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError

from actions.models import Action, ActionUpdate
from bench.generate import PASSWORD, Refused, existing_scale, generate
from bench.generate.base import scaled
from evidence.models import EvidenceItem, EvidenceReview, EvidenceRevision
from indicators.models import Indicator, IndicatorValue
from measures.models import Membership, Notice
from measures.tests import factories

SMALL = 0.01


def quiet(line: str) -> None:
    pass


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """--reset runs manage.py flush, which re-creates content types: forget the cached ids afterwards."""
    yield
    ContentType.objects.clear_cache()


def fingerprint() -> dict[str, list]:
    """What the data says, without primary keys or write times (those differ between runs)."""
    return {
        "actions": list(
            Action.objects.order_by("notice__authority__name", "reference").values_list(
                "reference",
                "title",
                "owner__username",
                "start_on",
                "due_on",
                "status",
                "percent_complete",
                "rag_override",
            )
        ),
        "updates": list(
            ActionUpdate.objects.order_by(
                "action__notice__authority__name", "action__reference", "on", "pk"
            ).values_list("action__reference", "on", "percent_complete", "note")
        ),
        "evidence": [
            (title, kind, status, covers, restricted, name.rsplit("/", 1)[-1] if name else "", sha)
            for title, kind, status, covers, restricted, name, sha in EvidenceItem.objects.order_by(
                "notice__authority__name", "title"
            ).values_list(
                "title",
                "kind",
                "review_status",
                "covers_from",
                "restricted",
                "current_revision__file",
                "current_revision__sha256",
            )
        ],
        "values": list(
            IndicatorValue.objects.order_by(
                "indicator__notice__authority__name", "indicator__code", "period"
            ).values_list("indicator__code", "period", "value", "numerator", "denominator")
        ),
        "roles": list(
            Membership.objects.order_by("notice__authority__name", "user__username").values_list(
                "notice__authority__name", "user__username", "role"
            )
        ),
    }


@pytest.mark.django_db
def test_every_count_is_its_base_figure_times_the_scale():
    generate(scale=SMALL, say=quiet)
    assert Notice.objects.count() == 5
    assert Action.objects.count() == scaled("actions", SMALL) == 20
    assert ActionUpdate.objects.count() == scaled("action_updates", SMALL) == 200
    assert EvidenceItem.objects.count() == scaled("evidence_items", SMALL) == 200
    assert Indicator.objects.count() == scaled("indicators", SMALL) == 1
    assert IndicatorValue.objects.count() == 60


@pytest.mark.django_db
def test_the_measured_user_has_looked_at_every_notices_dashboard_since_the_data_was_made():
    from bench.pages import MEASURED_USER
    from dashboards.models import NoticeVisit

    generate(scale=SMALL, say=quiet)
    visits = NoticeVisit.objects.filter(user__username=MEASURED_USER)
    assert visits.count() == Notice.objects.count() == 5
    newest = EvidenceItem.history.order_by("-history_date").values_list("history_date", flat=True).first()
    assert all(v.previous_seen_at == v.last_seen_at >= newest for v in visits)


@pytest.mark.django_db
def test_doubling_the_scale_doubles_each_notices_own_data():
    generate(scale=SMALL, say=quiet)
    before = {n.authority.name: n.actions.count() for n in Notice.objects.select_related("authority")}
    generate(scale=2 * SMALL, reset=True, say=quiet)
    after = {n.authority.name: n.actions.count() for n in Notice.objects.select_related("authority")}
    assert Notice.objects.count() == 5
    assert after == {name: 2 * count for name, count in before.items()}
    assert EvidenceItem.objects.count() == 400
    assert existing_scale() == 2 * SMALL


@pytest.mark.django_db
def test_two_runs_at_one_scale_make_the_same_data():
    generate(scale=SMALL, say=quiet)
    first = fingerprint()
    generate(scale=SMALL, reset=True, say=quiet)
    assert fingerprint() == first
    assert first["actions"] and first["evidence"] and first["values"]


@pytest.mark.django_db
def test_running_again_at_the_same_scale_changes_nothing():
    generate(scale=SMALL, say=quiet)
    counts = (Action.objects.count(), EvidenceItem.objects.count(), get_user_model().objects.count())
    again = generate(scale=SMALL, say=quiet)
    assert again.created is False
    assert (Action.objects.count(), EvidenceItem.objects.count(), get_user_model().objects.count()) == counts


@pytest.mark.django_db
def test_another_scale_over_existing_data_is_refused_without_reset():
    generate(scale=SMALL, say=quiet)
    with pytest.raises(Refused, match="--reset"):
        generate(scale=2 * SMALL, say=quiet)


@pytest.mark.django_db
def test_a_database_with_other_data_is_refused_unless_forced():
    factories.make_notice("Medway Council")
    with pytest.raises(CommandError, match="not benchmark data"):
        call_command("generate_benchmark_data", "--scale", str(SMALL), stdout=StringIO())
    assert Action.objects.count() == 0
    generate(scale=SMALL, force=True, say=quiet)
    assert Notice.objects.count() == 6


@pytest.mark.django_db
def test_reset_never_empties_a_database_holding_other_data():
    generate(scale=SMALL, say=quiet)
    factories.make_notice("Medway Council")
    with pytest.raises(Refused, match="flush"):
        generate(scale=SMALL, reset=True, force=True, say=quiet)
    assert Notice.objects.filter(authority__name="Medway Council").exists()


@pytest.mark.django_db
def test_every_stored_file_exists_under_its_random_name_with_its_checksum(settings):
    generate(scale=SMALL, say=quiet)
    revisions = list(EvidenceRevision.objects.select_related("item"))
    assert revisions
    for revision in revisions:
        assert revision.file.name is not None
        path = Path(settings.MEDIA_ROOT) / revision.file.name
        assert revision.file.name.startswith(f"evidence/{revision.item.notice_id}/")
        assert hashlib.sha256(path.read_bytes()).hexdigest() == revision.sha256
        assert path.stat().st_size == revision.size
    assert len({r.file.name for r in revisions}) == len(revisions)


@pytest.mark.django_db
def test_rows_come_with_their_history_and_reviews_name_their_revision():
    generate(scale=SMALL, say=quiet)
    assert Action.history.count() == Action.objects.count()
    assert ActionUpdate.history.filter(history_user__isnull=False).count() == ActionUpdate.objects.count()
    reviewed = EvidenceReview.objects.exclude(item__current_revision=None)
    assert reviewed.exists()
    assert all(review.revision_id == review.item.current_revision_id for review in reviewed.select_related("item"))


@pytest.mark.django_db
def test_the_chair_of_every_notice_signs_in_with_the_printed_password():
    generate(scale=SMALL, say=quiet)
    chair = get_user_model().objects.get(username="bench-user-0001")
    assert chair.check_password(PASSWORD)
    assert set(Membership.objects.filter(user=chair).values_list("role", flat=True)) == {Membership.Role.CHAIR}
    assert Membership.objects.filter(user=chair).count() == 5
    observers = Membership.objects.filter(role=Membership.Role.OBSERVER).values("user").distinct().count()
    assert observers == 5 and Membership.objects.filter(role=Membership.Role.OBSERVER).count() == 25
