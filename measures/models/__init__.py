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
from measures.models.snapshots import MeasureSnapshot, NoticeSnapshot, NoticeVisit

__all__ = [
    "Authority",
    "Duty",
    "Measure",
    "MeasureSnapshot",
    "Membership",
    "Notice",
    "NoticeSnapshot",
    "NoticeVisit",
    "Organisation",
    "Requirement",
    "SourceReport",
]
