"""The dashboard's table of each measure's rating at the last twelve month ends, and today's.

Read from the month-end snapshots (progress.services.snapshot_take) and kept under the position's
mark and the snapshots' own (`snapshots_mark`), so it is read only when either moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property

from django.db import connection
from django.db.models import Subquery

from measures.models import Notice
from progress.models import MeasureSnapshot, NoticeSnapshot
from progress.position import NoticePosition

HISTORY_MONTHS = 12


@dataclass
class RagHistory:
    months: list[date]
    overall: list[str | None]
    by_measure: dict[int, list[str | None]]  # measure id -> RAG per month (None: no snapshot)


def rag_history(notice: Notice, *, months: int = HISTORY_MONTHS) -> RagHistory:
    """Each measure's RAG at the last `months` month ends with a snapshot, oldest first. One query."""
    latest = NoticeSnapshot.objects.filter(notice=notice).order_by("-as_at").values("pk")[:months]
    rows = list(
        MeasureSnapshot.objects.filter(snapshot__in=Subquery(latest)).values_list(
            "measure_id", "snapshot__as_at", "rag", "snapshot__rag"
        )
    )
    month_list = sorted({as_at for _, as_at, _, _ in rows})
    column = {as_at: index for index, as_at in enumerate(month_list)}
    overall: list[str | None] = [None] * len(month_list)
    by_measure: dict[int, list[str | None]] = {}
    for measure_id, as_at, rag, notice_rag in rows:
        by_measure.setdefault(measure_id, [None] * len(month_list))[column[as_at]] = rag
        overall[column[as_at]] = notice_rag
    return RagHistory(months=month_list, overall=overall, by_measure=by_measure)


def snapshots_mark(notice_pk: int) -> str:
    """Moves whenever the notice's month-end snapshots do (one taken, retaken or removed). One index read.

    A retaken month keeps its row and moves `taken_at`; its measure rows are replaced with it.
    """
    with connection.cursor() as cursor:
        cursor.execute(_snapshots_mark_sql(), [notice_pk])
        row = cursor.fetchone()
    return "-".join(str(value) for value in row)


@cache
def _snapshots_mark_sql() -> str:
    """Written once per process from the table's name (as actions.selectors' history mark is)."""
    table = connection.ops.quote_name(NoticeSnapshot._meta.db_table)
    return f"SELECT COUNT(*), MAX(id), MAX(taken_at) FROM {table} WHERE notice_id = %s"


@dataclass
class HistoryTable:
    """The dashboard's month-end ratings with today's: read only when the page writes the table afresh."""

    notice: Notice
    position: NoticePosition

    @cached_property
    def history(self) -> RagHistory:
        return rag_history(self.notice)

    @cached_property
    def rows(self) -> list[tuple[object, list[tuple[str, str, str]]]]:
        return history_rows(self.history, self.position.rollup.measures)

    @cached_property
    def overall(self) -> list[tuple[str, str, str]]:
        return rag_cells([*self.history.overall, self.position.rollup.overall_rag])


_CELLS = {
    "red": ("rag rag-red rag-letter", "R", "Red"),
    "amber": ("rag rag-amber rag-letter", "A", "Amber"),
    "green": ("rag rag-green rag-letter", "G", "Green"),
    "none": ("rag rag-none rag-letter", "–", "Not rated"),
}
_NO_RECORD = ("", "–", "No record")


def rag_cells(rags: list[str | None]) -> list[tuple[str, str, str]]:
    """(CSS class, letter, word) per month: the word is read out, the letter shown."""
    return [_CELLS.get(rag or "", _NO_RECORD) for rag in rags]


def history_rows(history: RagHistory, measures: list) -> list[tuple[object, list[tuple[str, str, str]]]]:
    """Each measure roll-up with its RAG cells per month, then the current one, for the history table."""
    blank = [None] * len(history.months)
    return [(m, rag_cells([*history.by_measure.get(m.measure.pk, blank), m.rag])) for m in measures]
