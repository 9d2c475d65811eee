from measures.models.actions import Action, ActionUpdate
from measures.models.notice import (
    Authority,
    Duty,
    Measure,
    Membership,
    Notice,
    Organisation,
    Requirement,
    SourceReport,
)

__all__ = [
    "Action",
    "ActionUpdate",
    "Authority",
    "Duty",
    "Measure",
    "Membership",
    "Notice",
    "Organisation",
    "Requirement",
    "SourceReport",
]
