"""The brakes' rules: when a head count looks broken, when a clear is a mass clear."""

from __future__ import annotations

import pytest

from schemas.kinds import SyncKind
from schemas.tenant import MassClearLimit
from tasks.engine.changes import ChangeSet, FieldChange, RecordChange
from tasks.engine.guards import (
    HeadCount,
    ImplausibleReadError,
    MassClearError,
    check_head_count,
    check_mass_clear,
    cleared_by_field,
    implausible,
)


@pytest.mark.parametrize(
    ("now", "last", "reason"),
    [
        (HeadCount(0, 0), None, "AlexisHR returned no employees"),
        (HeadCount(0, 10), HeadCount(10, 10), "AlexisHR returned no employees"),
        (HeadCount(4, 10), HeadCount(10, 10), "AlexisHR returned 4 employees, under half"),
        (HeadCount(10, 0), HeadCount(10, 10), "payroll listed 0 employees, under half of the 10"),
        (HeadCount(10, 4), HeadCount(10, 9), "payroll listed 4 employees, under half of the 9"),
    ],
    ids=["alexis-none-first-run", "alexis-none", "alexis-under-half", "payroll-none",
         "payroll-under-half"],
)  # fmt: skip
def test_broken_looking_counts(now: HeadCount, last: HeadCount | None, reason: str) -> None:
    assert (implausible(now, last) or "").startswith(reason)
    with pytest.raises(ImplausibleReadError, match="allow_fewer_employees=true"):
        check_head_count("acme", SyncKind.employees, now, last)


@pytest.mark.parametrize(
    ("now", "last"),
    [
        (HeadCount(3, 0), None),  # a first run: payroll may be empty
        (HeadCount(5, 5), HeadCount(10, 10)),  # exactly half is no alarm
        (HeadCount(10, 0), HeadCount(10, 0)),  # payroll was empty last time too
        (HeadCount(12, 20), HeadCount(10, 10)),  # growth
    ],
)
def test_plausible_counts(now: HeadCount, last: HeadCount | None) -> None:
    assert implausible(now, last) is None
    check_head_count("acme", SyncKind.employees, now, last)


@pytest.mark.parametrize(
    "value",
    [None, "12", {"alexis_employees": "3", "payroll_employees": 3}, {"alexis_employees": 3}, []],
)
def test_a_variable_that_is_not_ours_counts_as_no_last_run(value: object) -> None:
    assert HeadCount.from_value(value) is None


def test_counts_round_trip_through_the_variable_value() -> None:
    count = HeadCount(7, 9)
    assert HeadCount.from_value(count.as_value()) == count


def _update(employee: str, *changes: tuple[str, str, str]) -> RecordChange:
    fields = tuple(FieldChange(*c) for c in changes)
    return RecordChange("employee", "update", employee, employee, fields, {"empId": employee})


def _clearing(field: str, count: int) -> ChangeSet:
    return ChangeSet("acme", tuple(_update(str(n), (field, "x", "")) for n in range(count)))


def test_only_updates_that_empty_a_value_count_as_clears() -> None:
    records = (
        _update("1", ("bic", "DNBANOKK", ""), ("city", "Oslo", "Bergen")),
        _update("2", ("bic", "", ""), ("city", " ", "")),  # nothing to clear
        _update("3", ("bic", "DNBANOKK", "  ")),
        RecordChange("employee", "create", "4", "4", (FieldChange("bic", "", ""),)),
    )
    assert cleared_by_field(records) == {"bic": {"1", "3"}}


@pytest.mark.parametrize(
    ("cleared", "employees", "stops"),
    [(5, 10, False), (6, 10, True), (6, 30, False), (7, 30, True), (40, 100, True)],
)
def test_the_default_brake_needs_more_than_5_and_more_than_a_fifth(
    cleared: int, employees: int, stops: bool
) -> None:
    changes = _clearing("personnr", cleared)
    if not stops:
        assert check_mass_clear(changes, employees, MassClearLimit(), (), dry_run=False) is None
        return
    with pytest.raises(MassClearError) as caught:
        check_mass_clear(changes, employees, MassClearLimit(), (), dry_run=False)
    assert str(caught.value) == (
        f"tenant acme: the run would clear personnr for {cleared} of {employees} employees; it "
        "stopped before writing anything. Check AlexisHR, then confirm with "
        "allow_mass_clear=['personnr']."
    )


def test_a_confirmed_field_passes_and_a_dry_run_only_notes() -> None:
    changes = _clearing("bic", 9)
    assert check_mass_clear(changes, 10, MassClearLimit(), ["bic"], dry_run=False) is None
    note = check_mass_clear(changes, 10, MassClearLimit(), ["city"], dry_run=True)
    assert note is not None and note.startswith(
        "A real run would stop here: it would clear bic for 9 of 10"
    )


def test_the_tenant_limit_replaces_the_default() -> None:
    strict = MassClearLimit(min_employees=1, share=0.0)
    with pytest.raises(MassClearError, match="bic for 2 of 100"):
        check_mass_clear(_clearing("bic", 2), 100, strict, (), dry_run=False)
    relaxed = MassClearLimit(min_employees=50, share=0.9)
    assert check_mass_clear(_clearing("bic", 40), 40, relaxed, (), dry_run=False) is None
