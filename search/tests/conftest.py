"""One notice's worth of things to find, a word or two in each, and another notice's to never find."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from actions.models import Action
from actions.tests import factories as action_factories
from evidence.models import EvidenceItem
from evidence.tests.factories import make_item
from indicators.models import Indicator
from indicators.tests.factories import make_indicator
from measures.models import Requirement
from measures.tests import factories


@dataclass
class Scene:
    requirement: Requirement
    action: Action
    evidence: EvidenceItem
    restricted: EvidenceItem  # submitted by the partner organisation, holding personal data
    indicator: Indicator
    elsewhere: EvidenceItem  # on a notice none of the personas but the outsider belongs to


@pytest.fixture
def scene(personas) -> Scene:
    notice = personas.notice
    measure = factories.make_measure(notice, "4", heading="Strengthen the voice of the child")
    requirement = factories.make_requirement(
        measure, "4.1", text="The views of children and young people are recorded on their case files."
    )
    action = action_factories.make_action(
        notice,
        owner=personas["officer"],
        organisation=personas.organisation,
        reference="A-012",
        title="Audit twenty case files for the child's voice",
        description="Team managers audit the files each month and report to the Board.",
        requirements=[requirement],
    )
    evidence = make_item(
        notice,
        personas["officer"],
        title="Return home interviews audit, October 2014",
        description="Interviews held within 72 hours for children who went missing.",
    )
    police = factories.make_member(notice, "officer", username="police", organisation=personas.partner)
    restricted = make_item(
        notice,
        police,
        title="Strategy discussion notes for a missing child",
        description="Names the child and the family.",
        restricted=True,
    )
    indicator = make_indicator(
        notice,
        "MISSING-RHI",
        name="Return home interviews held within 72 hours",
        definition="Children returning after going missing who were offered an interview within 72 hours.",
        owner=personas.organisation,
    )
    other = personas["outsider"].memberships.get().notice
    elsewhere = make_item(other, personas["outsider"], title="Return home interviews, another council's audit")
    return Scene(requirement, action, evidence, restricted, indicator, elsewhere)
