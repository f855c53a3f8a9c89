"""Overlapping leave: two approved leaves of one employee that together exceed a whole day.

Exported both, overlapping leave counts days twice (two vacations over one week take ten
vacation days for five). Leave may share a day when together it is at most one whole day
of absence: a morning and an afternoon half day, or 50 % sick leave beside 50 % leave of
another kind. Anything more is held back, every leave involved, and named in the report.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from schemas.hr import HrLeaveFrame
from tasks.engine.changes import QuarantineEntry
from tasks.engine.diff import rows as records
from tasks.engine.validate import employee_label

# Choice (spec silent): AlexisHR does not say how much of a day a `minutes` leave takes, nor
# which half a `half_day` is (morning/afternoon are write-only); both count as half a day.
PART_OF_DAY = {"half_day": 0.5, "minutes": 0.5}


@dataclass(frozen=True)
class _Span:
    row: Hashable
    leave: str
    start: date
    end: date
    share: float


def share_of_day(duration: object, grade: object, allows_percent: object) -> float:
    """How much of each of its days a leave takes: 1 for a whole day, less for part or grade."""
    part = PART_OF_DAY.get(duration, 1.0) if isinstance(duration, str) else 1.0
    if allows_percent is True and isinstance(grade, float) and grade == grade:
        part *= grade / 100
    return part


def _spans(frame: pd.DataFrame) -> dict[str, list[_Span]]:
    by_employee: dict[str, list[_Span]] = {}
    for row, leave in zip(frame.index, records(frame), strict=True):
        share = share_of_day(leave[HrLeaveFrame.duration], leave[HrLeaveFrame.grade],
                             leave[HrLeaveFrame.allows_percent])  # fmt: skip
        span = _Span(row, str(leave[HrLeaveFrame.id]), leave[HrLeaveFrame.start_date],
                     leave[HrLeaveFrame.end_date], share)  # fmt: skip
        by_employee.setdefault(str(leave[HrLeaveFrame.employee_id]), []).append(span)
    return by_employee


def _too_much(spans: list[_Span]) -> list[tuple[date, list[_Span]]]:
    """The days on which the leave together exceeds a whole day, with the leave on them.

    The total only rises where a leave starts, so the start days are the days to check.
    """
    found = []
    for day in sorted({s.start for s in spans}):
        on_day = [s for s in spans if s.start <= day <= s.end]
        if len(on_day) > 1 and sum(s.share for s in on_day) > 1.0 + 1e-9:
            found.append((day, on_day))
    return found


def overlapping_leave(
    tenant: str, frame: pd.DataFrame
) -> list[tuple[QuarantineEntry, set[Hashable]]]:
    """An entry for each day on which an employee's leave overlaps, with the rows involved."""
    entries: list[tuple[QuarantineEntry, set[Hashable]]] = []
    held: set[Hashable] = set()
    for spans in _spans(frame).values():
        for day, on_day in _too_much(spans):
            fresh = [s for s in on_day if s.row not in held]
            if not fresh:
                continue
            held.update(s.row for s in on_day)
            first = on_day[0].row
            who = employee_label(frame.at[first, HrLeaveFrame.employee_number],
                                 frame.at[first, HrLeaveFrame.employee_id])  # fmt: skip
            leaves = ", ".join(sorted(s.leave for s in on_day))
            entry = QuarantineEntry(
                tenant,
                who,
                "startDate/endDate",
                f"leaves {leaves} overlap on {day.isoformat()} for more than a whole day, so "
                "days would count twice: all held back until the dates are fixed",
            )
            entries.append((entry, {s.row for s in on_day}))
    return entries
