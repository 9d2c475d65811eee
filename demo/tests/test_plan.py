"""The demo plan: overrides are dated when the Board agreed them, not when the demo was loaded."""

from datetime import date

import pytest
from django.utils import timezone

from actions.models import Action
from demo import notices as demo
from demo.plan import load_actions


@pytest.fixture
def context(db):
    return demo.load_people(demo.import_medway_notice())


def test_demo_overrides_take_effect_within_the_demo_not_when_it_was_loaded(context):
    load_actions(context)
    overridden = Action.objects.filter(notice=context.notice).exclude(rag_override="")
    assert overridden.exists()
    for action in overridden:
        last_update = action.updates.order_by("-on").first()
        assert last_update is not None and action.rag_override_at is not None
        made_on = timezone.localdate(action.rag_override_at)
        assert last_update.on < made_on <= date(2015, 2, 27), action.reference
