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
from measures.models.visits import NoticeVisit

__all__ = [
    "Authority",
    "Duty",
    "Measure",
    "Membership",
    "Notice",
    "NoticeVisit",
    "Organisation",
    "Requirement",
    "SourceReport",
]
