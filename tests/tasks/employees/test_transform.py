"""Running the mapping table: absent sources give unknown values (never a clear), whole groups."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from clients.alexis_models import Compensation, Employee
from schemas.mapping import EMPLOYEE_RULES
from tasks.engine.rules import apply_rules
from tasks.people.frames import employee_frame

OSLO = ZoneInfo("Europe/Oslo")
FULL: dict[str, Any] = {
    "id": "e1", "employeeNumber": "7", "firstName": "Kari", "lastName": "Nordmann",
    "workEmail": "kari@firma.no", "privateEmail": "kari@privat.no", "ssn": "16024301269",
    "nationality": "NO",
    "bankAccount": {"country": "NO", "number": "86011117947", "iban": None, "bic": "DNBANOKK",
                    "clearing": None, "bank": "DNB"},
    "homeAddress": {"street": "Storgata 1", "postalCode": "0155", "city": "Oslo",
                    "country": "NO"},
}  # fmt: skip
SALARY = {"id": "c1", "employeeId": "e1", "amount": 50000.0, "currency": "NOK",
          "effectiveDate": "2024-01-01T00:00:00Z", "payoutPeriod": "MONTHLY"}  # fmt: skip


def mapped(record: dict[str, Any], salary: dict[str, Any] | None = None) -> dict[str, Any]:
    """The payroll values the table makes of one AlexisHR answer (NaN: leave alone)."""
    compensations = [Compensation.model_validate(salary or SALARY)]
    frame = employee_frame([Employee.model_validate(record)], compensations, OSLO)
    return {str(k): v for k, v in apply_rules(frame, EMPLOYEE_RULES).iloc[0].items()}


def _without(key: str) -> dict[str, Any]:
    return {k: v for k, v in FULL.items() if k != key}


def unknown(row: dict[str, Any]) -> set[str]:
    return {name for name, value in row.items() if pd.isna(value)}


def test_a_complete_answer_leaves_nothing_unknown() -> None:
    assert unknown(mapped(FULL)) == set()


@pytest.mark.parametrize(
    ("leave_out", "fields"),
    [
        ("ssn", {"personnr", "internationalID.type", "internationalID.ID",
                 "internationalID.countryCode"}),
        ("nationality", {"internationalID.type", "internationalID.ID",
                         "internationalID.countryCode"}),
        ("bankAccount", {"account", "bic", "clearingno"}),
        ("homeAddress", {"postaddress", "city", "zipcode", "countryCode"}),
        ("lastName", {"lastname"}),
    ],
)  # fmt: skip
def test_an_absent_source_makes_its_fields_and_their_group_unknown(
    leave_out: str, fields: set[str]
) -> None:
    assert unknown(mapped(_without(leave_out))) == fields


@pytest.mark.parametrize(
    ("fields", "cleared"),
    [
        ({"ssn": None}, {"personnr": "", "internationalID.ID": ""}),
        ({"homeAddress": None}, {"postaddress": "", "city": "", "zipcode": ""}),
        ({"bankAccount": {**FULL["bankAccount"], "bic": None}}, {"bic": ""}),
    ],
    ids=["ssn-null", "address-null", "bic-null"],
)
def test_an_explicit_null_clears(fields: dict[str, Any], cleared: dict[str, str]) -> None:
    row = mapped({**FULL, **fields})

    assert {name: row[name] for name in cleared} == cleared
    assert unknown(row) & set(cleared) == set()


def test_a_salary_missing_one_field_is_unknown_as_a_whole() -> None:
    partial = {k: v for k, v in SALARY.items() if k != "payoutPeriod"}

    assert unknown(mapped(FULL, partial)) == {"salary", "salary_type", "salary_valid_from"}


@pytest.mark.parametrize(
    ("record", "email"),
    [
        (_without("privateEmail"), "kari@firma.no"),  # the work e-mail decides
        ({**_without("privateEmail"), "workEmail": None}, None),  # the private one would have
        ({**_without("workEmail")}, None),  # the work e-mail might have been set
    ],
    ids=["work-known", "work-empty-private-absent", "work-absent"],
)
def test_first_filled_is_unknown_only_when_an_absent_source_could_decide(
    record: dict[str, Any], email: str | None
) -> None:
    value = mapped(record)["email"]

    assert (None if pd.isna(value) else value) == email
