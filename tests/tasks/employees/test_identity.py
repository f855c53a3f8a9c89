"""Identity checks: renumbered employees and identity numbers held by another employee."""

from __future__ import annotations

import pandas as pd

from tasks.employees.identity import hold_back_identities
from tasks.employees.steps import PayrollSnapshot, PayrollTarget
from tasks.engine.changes import QuarantineEntry
from tasks.people.identity import identity_keys
from tests.support import valid_fnr

FNR = [valid_fnr(n) for n in range(4)]
PERSON = ["empId", "personnr", "internationalID.ID", "internationalID.countryCode"]


def people(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=PERSON, dtype="str")


def jobs(*rows: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["empId", "employment_id"], dtype="str")


def check(
    target: tuple[pd.DataFrame, pd.DataFrame], payroll: tuple[pd.DataFrame, pd.DataFrame]
) -> tuple[list[str], list[QuarantineEntry]]:
    before = (QuarantineEntry("acme", "9", "ssn", "is not valid"),)
    checked = hold_back_identities(
        "acme", PayrollTarget(*target, before), PayrollSnapshot(*payroll)
    )
    assert checked.quarantine[0] == before[0]
    assert set(checked.employments["empId"]) <= set(checked.employees["empId"])
    return list(checked.employees["empId"]), list(checked.quarantine[1:])


def test_identity_keys_compare_digits_and_ids_across_spellings() -> None:
    assert identity_keys({"personnr": f" {FNR[0][:6]} {FNR[0][6:]}"}) == {f"personnr {FNR[0]}"}
    assert identity_keys({"internationalID.ID": "ab12", "internationalID.countryCode": "se"}) == {
        "SE AB12"
    }
    assert identity_keys({"personnr": float("nan"), "internationalID.ID": ""}) == set()


def test_the_same_numbers_pass_untouched() -> None:
    target = people(("1", FNR[0], FNR[0], "NO"), ("2", FNR[1], FNR[1], "NO")), jobs(("1", "a"))
    kept, held = check(target, target)
    assert (kept, held) == (["1", "2"], [])


def test_a_renumbered_employee_is_named_once_for_the_number() -> None:
    payroll = people(("7", FNR[0], FNR[0], "NO")), jobs(("7", "a"), ("7", "b"))
    target = people(("70", FNR[0], FNR[0], "NO"), ("8", FNR[1], "", "")), jobs(("70", "b"))
    kept, held = check(target, payroll)
    assert kept == ["8"]
    [entry] = held
    assert (entry.employee, entry.field) == ("70", "employeeNumber")
    assert "from 7 to 70" in entry.reason


def test_identity_numbers_of_other_payroll_or_hr_employees_are_held_back() -> None:
    payroll = people(("1001", FNR[0], "", ""), ("1002", "", "X1", "SE")), jobs()
    target = people(
        ("1", FNR[0], FNR[0], "NO"),  # payroll has them as 1001
        ("2", "", "x1", "se"),  # payroll has the foreign id as 1002
        ("3", FNR[2], FNR[2], "NO"), ("4", FNR[2], FNR[2], "NO"),  # one person twice in HR
        ("5", FNR[3], FNR[3], "NO"),
    ), jobs()  # fmt: skip
    kept, held = check(target, payroll)
    assert kept == ["5"]
    reasons = {e.employee: (e.field, e.reason) for e in held}
    assert {n: f for n, (f, _) in reasons.items()} == dict.fromkeys("1234", "ssn")
    assert "payroll employee 1001" in reasons["1"][1]
    assert "payroll employee 1002" in reasons["2"][1]
    assert "AlexisHR employee 4" in reasons["3"][1]
