"""Narrowing the employee target to chosen numbers (pure)."""

from __future__ import annotations

import pandas as pd
import pytest

from tasks.employees.narrow import chosen_numbers, narrow_target, narrowed_note
from tasks.employees.steps import PayrollTarget
from tasks.engine.changes import QuarantineEntry


def target() -> PayrollTarget:
    return PayrollTarget(
        employees=pd.DataFrame({"empId": ["1", "2", "3"], "lastname": ["A", "B", "C"]}),
        employments=pd.DataFrame({"empId": ["1", "1", "3"], "employment_id": ["a", "b", "c"]}),
        quarantine=(QuarantineEntry("acme", "4", "ssn", "is missing"),),
    )


def test_no_choice_is_every_employee() -> None:
    assert chosen_numbers("acme", None) is None
    assert chosen_numbers("acme", []) is None
    whole = target()
    assert narrow_target(whole, None) is whole
    assert narrowed_note(whole, None) is None


def test_numbers_are_payroll_keys_and_bad_ones_are_refused() -> None:
    assert chosen_numbers("acme", ["007", "3"]) == {"7", "3"}
    with pytest.raises(ValueError, match=r"tenant acme: employee number\(s\) \['x'\]"):
        chosen_numbers("acme", ["x", "1"])


def test_only_the_chosen_records_and_quarantine_stay() -> None:
    narrowed = narrow_target(target(), frozenset({"1", "4"}))

    assert list(narrowed.employees["empId"]) == ["1"]
    assert list(narrowed.employments["employment_id"]) == ["a", "b"]
    assert [q.employee for q in narrowed.quarantine] == ["4"]
    assert list(narrowed.employees.index) == [0]


def test_the_note_names_the_chosen_and_the_missing() -> None:
    note = narrowed_note(target(), frozenset({"10", "4", "2"}))
    assert note == "only employee(s) 2, 4, 10 were synced; not found in AlexisHR's scope: 10"
