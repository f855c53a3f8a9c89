"""The diff: comparable values, field-level changes, groups that travel together, adoption."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from tasks.employees.diff import (
    build_change_set,
    diff_employees,
    diff_employments,
    match_employments,
)
from tasks.employees.steps import PayrollSnapshot, PayrollTarget
from tasks.engine.changes import FieldChange, QuarantineEntry
from tasks.engine.diff import comparable, nest

FNR = "16024301269"

# What the transform makes of a valid employee: every integration field as wire text.
TARGET_EMPLOYEE: dict[str, Any] = {
    "empId": "7",
    "email": "kari@firma.no",
    "firstname": "Kari",
    "lastname": "Nordmann",
    "personnr": FNR,
    "vacation_days": "25",
    "internationalID.type": "socialSecurityNumber",
    "internationalID.ID": FNR,
    "internationalID.countryCode": "NO",
    "postaddress": "Storgata 1",
    "city": "Oslo",
    "zipcode": "0155",
    "countryCode": "NO",
    "account": "86011117947",
    "bic": "DNBANOKK",
    "clearingno": "",
    "salary_valid_from": "2024-01-01",
    "salary_type": "monthly",
    "salary": "50000.00",
}
TARGET_EMPLOYMENT: dict[str, Any] = {
    "empId": "7",
    "employment_id": "a1",
    "startdate": "2020-03-01",
    "enddate": "",
    "employment_form": "fast",
    "employment_rate": "100.00",
    "profession_code": "2130102",
    "enddate_reason": "",
    "working_times": "ikkeSkift",
    "employment_type": "ordinaertArbeidsforhold",
}


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    """A frame of wire text; None becomes a missing value ("leave payroll's value alone")."""
    return pd.DataFrame(list(rows), dtype="str")


def only(records: list[Any]) -> Any:
    assert len(records) == 1, records
    return records[0]


@pytest.mark.parametrize(
    ("old", "new", "compare", "equal"),
    [
        ("80", "80.00", "decimal", True),
        ("50000.00", "50000", "decimal", True),
        ("80.5", "80.50", "decimal", True),
        ("80", "81", "decimal", False),
        ("", "0", "decimal", False),
        ("2024-01-01 00:00:00", "2024-01-01", "date", True),
        ("2024-01-01", "2024-01-02", "date", False),
        (" Oslo ", "Oslo", "text", True),
        ("OSLO", "Oslo", "text", False),
        ("", "", "text", True),
    ],
)
def test_comparable_values(old: str, new: str, compare: str, equal: bool) -> None:
    assert (comparable(old, compare) == comparable(new, compare)) is equal


def test_nest_builds_nested_objects() -> None:
    flat = {"empId": "7", "internationalID.ID": FNR, "internationalID.type": "passnummer"}

    assert nest(flat) == {"empId": "7", "internationalID": {"ID": FNR, "type": "passnummer"}}


def test_new_employee_is_created_with_every_filled_field() -> None:
    record = only(diff_employees(frame(TARGET_EMPLOYEE), frame()))

    assert (record.entity, record.action, record.employee, record.key) == (
        "employee",
        "create",
        "7",
        "7",
    )
    assert "clearingno" not in {c.field for c in record.changes}  # nothing to set
    assert FieldChange("email", "", "kari@firma.no") in record.changes
    assert record.payload == {
        **{k: v for k, v in TARGET_EMPLOYEE.items() if "." not in k and k != "clearingno"},
        "internationalID": {"type": "socialSecurityNumber", "ID": FNR, "countryCode": "NO"},
    }


def test_equal_employee_is_unchanged() -> None:
    current = {**TARGET_EMPLOYEE, "salary": "50000", "salary_valid_from": "2024-01-01 00:00:00"}

    record = only(diff_employees(frame(TARGET_EMPLOYEE), frame(current)))

    assert (record.action, record.changes, record.payload) == ("unchanged", (), {})


@pytest.mark.parametrize(
    ("changed", "payload"),
    [
        (
            {"salary": "52000.00"},
            {"salary": "52000.00", "salary_type": "monthly", "salary_valid_from": "2024-01-01"},
        ),
        (
            {"salary_valid_from": "2025-01-01", "salary": "52000.00"},
            {"salary": "52000.00", "salary_type": "monthly", "salary_valid_from": "2025-01-01"},
        ),
        (
            {"internationalID.countryCode": "SE"},
            {"internationalID": {"type": "socialSecurityNumber", "ID": FNR, "countryCode": "SE"}},
        ),
        ({"email": "kari@ny.no"}, {"email": "kari@ny.no"}),
    ],
    ids=["salary amount", "salary raise from a date", "internationalID", "a plain field"],
)
def test_update_sends_the_changed_fields_with_their_group(
    changed: dict[str, str], payload: dict[str, Any]
) -> None:
    record = only(diff_employees(frame({**TARGET_EMPLOYEE, **changed}), frame(TARGET_EMPLOYEE)))

    assert record.action == "update"
    assert {c.field: (c.old, c.new) for c in record.changes} == {
        field: (TARGET_EMPLOYEE[field], new) for field, new in changed.items()
    }
    assert record.payload == {"empId": "7", **payload}


def test_missing_target_value_leaves_payroll_alone_and_blank_clears() -> None:
    target = {**TARGET_EMPLOYEE, "account": None, "salary": None, "bic": ""}

    record = only(diff_employees(frame(target), frame(TARGET_EMPLOYEE)))

    assert record.changes == (FieldChange("bic", "DNBANOKK", ""),)
    assert record.payload == {"empId": "7", "bic": ""}


def test_employees_only_in_payroll_are_left_alone() -> None:
    by_hand = {**TARGET_EMPLOYEE, "empId": "99"}

    records = diff_employees(frame(TARGET_EMPLOYEE), frame(TARGET_EMPLOYEE, by_hand))

    assert [(r.key, r.action) for r in records] == [("7", "unchanged")]


def employment(**fields: str) -> dict[str, Any]:
    return {**TARGET_EMPLOYMENT, **fields}


def test_employment_matched_by_id_is_unchanged() -> None:
    record = only(diff_employments(frame(employment()), frame(employment())))

    assert (record.entity, record.action, record.key) == ("employment", "unchanged", "a1")


def test_terminated_employment_sends_end_date_and_reason_together() -> None:
    ended = employment(enddate="2025-06-30", enddate_reason="arbeidstakerHarSagtOppSelv")
    before = employment(enddate="2025-05-31", enddate_reason="arbeidstakerHarSagtOppSelv")

    record = only(diff_employments(frame(ended), frame(before)))

    assert record.changes == (FieldChange("enddate", "2025-05-31", "2025-06-30"),)
    assert record.payload == {
        "employment_id": "a1",
        "enddate": "2025-06-30",
        "enddate_reason": "arbeidstakerHarSagtOppSelv",
    }


def test_employment_typed_in_by_hand_is_adopted_by_start_date_and_keeps_its_id() -> None:
    by_hand = employment(employment_id="32553-1", employment_rate="100", profession_code="")
    target = employment(employment_rate="80.00")

    record = only(diff_employments(frame(target), frame(by_hand)))

    assert (record.action, record.key) == ("update", "32553-1")
    assert record.payload == {
        "employment_id": "32553-1",
        "employment_rate": "80.00",
        "profession_code": "2130102",
    }


def test_employment_with_another_start_date_is_not_adopted() -> None:
    by_hand = employment(employment_id="32553-1", startdate="2019-01-01")

    record = only(diff_employments(frame(employment()), frame(by_hand)))

    assert (record.action, record.key, record.payload["employment_id"]) == ("create", "a1", "a1")


def test_an_employment_is_adopted_once_and_never_one_already_keyed() -> None:
    targets = [
        employment(employment_id="a1"),
        employment(employment_id="a2"),
        employment(employment_id="a3", startdate="2022-01-01"),
    ]
    current = [
        employment(employment_id="32553-1"),
        employment(employment_id="a3", startdate="2022-01-01"),
    ]

    matches = match_employments(targets, current)

    keys = {i: (m["employment_id"] if m else None) for i, m in matches.items()}
    assert keys == {0: "32553-1", 1: None, 2: "a3"}


def test_employments_of_other_employees_are_not_adopted() -> None:
    other = employment(empId="8", employment_id="32553-1")

    record = only(diff_employments(frame(employment()), frame(other)))

    assert (record.action, record.key) == ("create", "a1")


def test_change_set_carries_records_and_quarantine() -> None:
    held = QuarantineEntry("acme", "9", "ssn", "fails its mod-11 check digits")
    target = PayrollTarget(frame(TARGET_EMPLOYEE), frame(employment()), (held,))
    current = PayrollSnapshot(frame(TARGET_EMPLOYEE), frame())

    changes = build_change_set("acme", target, current)

    assert [(r.entity, r.action) for r in changes.records] == [
        ("employee", "unchanged"),
        ("employment", "create"),
    ]
    assert changes.quarantine == (held,)
    assert [r.key for r in changes.writes()] == ["a1"]


def test_a_payroll_employee_listed_twice_is_compared_with_the_last_listing() -> None:
    # The whole-column diff keeps the rule of the dict it replaced: the last row of an empId.
    stale = {**TARGET_EMPLOYEE, "firstname": "Kari Anne"}

    records = diff_employees(frame(TARGET_EMPLOYEE), frame(stale, TARGET_EMPLOYEE))
    flipped = diff_employees(frame(TARGET_EMPLOYEE), frame(TARGET_EMPLOYEE, stale))

    assert only(records).action == "unchanged"
    assert only(flipped).changes == (FieldChange("firstname", "Kari Anne", "Kari"),)


def test_only_the_changed_employee_of_many_is_built_field_by_field() -> None:
    people = [{**TARGET_EMPLOYEE, "empId": str(n), "email": f"k{n}@firma.no"} for n in range(50)]
    payroll = [dict(p) for p in people]
    payroll[17]["city"] = " Bergen"
    payroll[30]["salary"] = "50000"  # the same amount, written another way

    records = diff_employees(frame(*people), frame(*reversed(payroll)))

    assert [r.key for r in records] == [str(n) for n in range(50)]
    assert [(r.key, r.action) for r in records if r.action != "unchanged"] == [("17", "update")]
    assert records[17].changes == (FieldChange("city", " Bergen", "Oslo"),)


def test_employments_come_grouped_by_employee_in_sorted_order() -> None:
    rows_ = [
        {**TARGET_EMPLOYMENT, "empId": "9", "employment_id": "c"},
        {**TARGET_EMPLOYMENT, "empId": "10", "employment_id": "b"},
        {**TARGET_EMPLOYMENT, "empId": "9", "employment_id": "a"},
    ]
    current = frame({**TARGET_EMPLOYMENT, "empId": "9", "employment_id": "a"})

    records = diff_employments(frame(*rows_), current)

    # Text order of empId ("10" before "9"), and each employee's in target order.
    assert [(r.employee, r.key, r.action) for r in records] == [
        ("10", "b", "create"),
        ("9", "c", "create"),
        ("9", "a", "unchanged"),
    ]


def test_adoption_and_matches_by_id_mix_within_one_employee() -> None:
    keyed = {**TARGET_EMPLOYMENT, "employment_id": "a1", "startdate": "2020-03-01"}
    new = {**TARGET_EMPLOYMENT, "employment_id": "a2", "startdate": "2023-05-01"}
    by_hand = {**TARGET_EMPLOYMENT, "employment_id": "7-2", "startdate": "2023-05-01 00:00:00"}
    other = {**TARGET_EMPLOYMENT, "empId": "8", "employment_id": "8-1"}

    records = diff_employments(frame(keyed, new), frame(other, keyed, by_hand))

    assert [(r.key, r.action) for r in records] == [("a1", "unchanged"), ("7-2", "unchanged")]
