"""Closed periods: which absence writes touch a locked payroll run's period."""

from __future__ import annotations

from clients.payroll_models import PayrollRun
from schemas.absence_conversions import NEW_CHILD
from tasks.absences.calendar import CLOSED, respect_locked_periods
from tasks.engine.changes import Action, ChangeSet, FieldChange, RecordChange

OCTOBER = PayrollRun(
    payrollrunId="7", startDate="2026-10-01", endDate="2026-10-31", paymentDate="2026-10-23",
    locked="1", type="Ordinary",
)  # fmt: skip


def absence(key: str, action: Action, start: str, end: str, *old: FieldChange) -> RecordChange:
    payload = {"empId": "1", "startDate": start, "endDate": end, "externalId": key}
    return RecordChange("absence", action, "1", key, old, payload)


def kept_keys(changes: ChangeSet) -> list[str]:
    return [r.key for r in changes.records]


def test_writes_touching_the_locked_period_are_held_and_noted() -> None:
    records = (
        absence("inside", "create", "2026-10-05", "2026-10-06"),
        absence("last-day", "create", "2026-10-31", "2026-11-02"),
        absence("after", "create", "2026-11-01", "2026-11-02"),
        absence("out-of", "update", "2026-11-03", "2026-11-04",
                FieldChange("startDate", "2026-10-05", "2026-11-03"),
                FieldChange("endDate", "2026-10-06", "2026-11-04")),
        absence("rejected", "reject", "2026-10-12", "2026-10-12"),
        absence("unchanged", "unchanged", "2026-10-12", "2026-10-12"),
    )  # fmt: skip

    checked = respect_locked_periods(ChangeSet("t", records), [OCTOBER])

    assert kept_keys(checked) == ["after", "unchanged"]
    assert len(checked.skipped) == 4
    assert all(CLOSED in note and "payroll run 7 " in note for note in checked.skipped)


def test_open_runs_change_nothing_and_children_of_held_absences_are_not_registered() -> None:
    child = RecordChange("child", "create", "1", "c1", payload={"empId": "1"})
    payload = {"startDate": "2026-10-05", "endDate": "2026-10-05", "childId": f"{NEW_CHILD}c1"}
    sick = RecordChange("absence", "create", "1", "s1", payload=payload)
    changes = ChangeSet("t", (child, sick))
    open_october = OCTOBER.model_copy(update={"locked": "0"})

    assert respect_locked_periods(changes, [open_october]) == changes
    assert kept_keys(respect_locked_periods(changes, [OCTOBER])) == []
