"""Closed periods: absences touching a locked payroll run's period are never written."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from clients.payroll_models import PayrollRun
from schemas.absence_conversions import NEW_CHILD
from tasks.engine.calendar import describe
from tasks.engine.changes import ChangeSet, RecordChange

CLOSED = "period closed in payroll — change by hand"
_VERBS = {"create": "create", "update": "move or change", "reject": "reject"}


def spans(record: RecordChange) -> Iterator[tuple[date, date]]:
    """The days an absence write touches: its new dates and, for an update, its old ones."""
    new = {k: str(v)[:10] for k, v in record.payload.items() if k in ("startDate", "endDate")}
    if "startDate" in new and "endDate" in new:
        yield date.fromisoformat(new["startDate"]), date.fromisoformat(new["endDate"])
    old = {**new, **{c.field: c.old[:10] for c in record.changes if c.field in new}}
    if record.action == "update" and old != new and old.get("startDate") and old.get("endDate"):
        yield date.fromisoformat(old["startDate"]), date.fromisoformat(old["endDate"])


def closing_run(record: RecordChange, locked: Sequence[PayrollRun]) -> PayrollRun | None:
    """The locked run whose period an absence write touches (overlap, both ends included)."""
    for first, last in spans(record):
        for run in locked:
            if first <= run.end and run.start <= last:
                return run
    return None


def closed_note(record: RecordChange, run: PayrollRun) -> str:
    """`employee 12: leave L-3 (create …): period closed in payroll — change by hand (…)`."""
    dates = "…".join(str(record.payload.get(k, ""))[:10] for k in ("startDate", "endDate"))
    return (
        f"employee {record.employee}: leave {record.key} ({_VERBS[record.action]} {dates}): "
        f"{CLOSED} ({describe(run)} is locked)"
    )


def needed_children(records: Sequence[RecordChange]) -> set[str]:
    """The AlexisHR child ids the remaining absence writes register before naming them."""
    markers = (str(r.payload.get("childId", "")) for r in records if r.entity == "absence")
    return {m.removeprefix(NEW_CHILD) for m in markers if m.startswith(NEW_CHILD)}


def respect_locked_periods(changes: ChangeSet, runs: Sequence[PayrollRun]) -> ChangeSet:
    """The change set without absence writes touching a locked run's period, each reported.

    Such an absence was paid with that run: creating, moving, changing or rejecting it would
    change a closed payroll period, which payroll's administrator corrects by hand. Children
    that only a held absence needed are not registered either.
    """
    locked = [run for run in runs if run.is_locked]
    if not locked:
        return changes
    kept: list[RecordChange] = []
    notes: list[str] = []
    for record in changes.records:
        run = None
        if record.entity == "absence" and record.action != "unchanged":
            run = closing_run(record, locked)
        if run is None:
            kept.append(record)
        else:
            notes.append(closed_note(record, run))
    if notes:
        children = needed_children(kept)
        kept = [r for r in kept if r.entity != "child" or r.key in children]
    return replace(changes, records=tuple(kept), skipped=(*changes.skipped, *notes))


@task(name="check-payroll-calendar", cache_policy=NO_CACHE)
def check_payroll_calendar(changes: ChangeSet, runs: Sequence[PayrollRun]) -> ChangeSet:
    """Leave alone every absence inside a locked payroll run's period, and report it."""
    checked = respect_locked_periods(changes, runs)
    held = len(checked.skipped) - len(changes.skipped)
    if held:
        get_run_logger().info("%d absence write(s) left alone: %s", held, CLOSED)
    return checked
