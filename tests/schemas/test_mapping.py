"""Contract of THE mapping table: every payroll field once, every source real, every rule sane."""

from __future__ import annotations

import inspect
import math
from collections import Counter

import pandas as pd
import pytest

from emulators.payroll.employees import EMPLOYEE_PARSERS
from emulators.payroll.employments import EMPLOYMENT_PARSERS
from schemas import conversions
from schemas.hr import HrEmployeeFrame, HrEmploymentFrame
from schemas.mapping import (
    EMPLOYEE_KEY,
    EMPLOYEE_RULES,
    EMPLOYMENT_KEY,
    EMPLOYMENT_RULES,
    Rule,
    as_markdown,
    personal_fields,
)
from schemas.payroll import PayrollEmployeeFrame, PayrollEmploymentFrame

# The payroll fields of the seed document's table (Employee.* and Employment.*), written out here
# so that the table cannot drop or invent one unnoticed. `employment_id` is the employment's key.
SEED_EMPLOYEE_FIELDS = {
    "empId", "email", "firstname", "lastname", "personnr", "vacation_days",
    "internationalID.type", "internationalID.ID", "internationalID.countryCode",
    "postaddress", "city", "zipcode", "countryCode", "account", "bic", "clearingno",
    "salary_valid_from", "salary_type", "salary",
}  # fmt: skip
SEED_EMPLOYMENT_FIELDS = {
    "employment_id", "startdate", "enddate", "employment_form", "employment_rate",
    "profession_code", "enddate_reason", "working_times", "employment_type",
}  # fmt: skip

TABLES = {
    "employee": (EMPLOYEE_RULES, HrEmployeeFrame, PayrollEmployeeFrame, EMPLOYEE_PARSERS),
    "employment": (EMPLOYMENT_RULES, HrEmploymentFrame, PayrollEmploymentFrame, EMPLOYMENT_PARSERS),
}
ALL_RULES = [*EMPLOYEE_RULES, *EMPLOYMENT_RULES]


def rule_id(rule: Rule) -> str:
    return rule.target


@pytest.mark.parametrize("table", TABLES)
def test_every_payroll_field_is_targeted_exactly_once(table: str) -> None:
    rules = TABLES[table][0]
    seed = SEED_EMPLOYEE_FIELDS if table == "employee" else SEED_EMPLOYMENT_FIELDS

    counts = Counter(rule.target for rule in rules)

    assert {target for target, n in counts.items() if n > 1} == set()
    assert set(counts) == seed


def test_keys_are_rule_targets() -> None:
    assert EMPLOYEE_KEY in {r.target for r in EMPLOYEE_RULES}
    assert EMPLOYMENT_KEY in {r.target for r in EMPLOYMENT_RULES}


@pytest.mark.parametrize("table", TABLES)
def test_every_source_is_a_column_of_the_hr_model(table: str) -> None:
    rules, hr_model, _, _ = TABLES[table]
    columns = set(hr_model.to_schema().columns)

    missing = {(r.target, s) for r in rules for s in r.sources if s not in columns}

    assert missing == set()


@pytest.mark.parametrize("table", TABLES)
def test_every_payroll_model_column_is_a_rule_target(table: str) -> None:
    rules, _, payroll_model, _ = TABLES[table]
    columns = set(payroll_model.to_schema().columns)

    # The employment gate also carries the owning employee's empId.
    extra = {"empId"} if table == "employment" else set()
    assert columns == {r.target for r in rules} | extra


@pytest.mark.parametrize("table", TABLES)
def test_every_target_is_a_field_the_payroll_api_takes(table: str) -> None:
    rules, _, _, parsers = TABLES[table]

    assert {r.target.partition(".")[0] for r in rules} - set(parsers) == set()


@pytest.mark.parametrize("rule", ALL_RULES, ids=rule_id)
def test_rule_has_either_a_constant_or_sources(rule: Rule) -> None:
    if rule.constant is not None:
        assert rule.sources == () and rule.constant.strip() == rule.constant != ""
    else:
        assert rule.sources, f"{rule.target} has neither sources nor a constant"


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.constant is None], ids=rule_id)
def test_convert_is_a_named_conversion_taking_the_sources(rule: Rule) -> None:
    assert getattr(conversions, rule.convert.__name__) is rule.convert
    inspect.signature(rule.convert).bind(*rule.sources)  # raises when the arity does not fit
    for missing in (None, math.nan, pd.NaT):  # how a frame holds a missing value
        result = rule.convert(*[missing] * len(rule.sources))
        assert result is None or isinstance(result, str)


def test_constants_are_the_seed_defaults() -> None:
    constants = {r.target: r.constant for r in ALL_RULES if r.constant is not None}

    assert constants == {
        "vacation_days": "25",
        "internationalID.type": "socialSecurityNumber",
        "working_times": "ikkeSkift",
        "employment_type": "ordinaertArbeidsforhold",
    }


def test_personal_data_is_marked_personal() -> None:
    assert personal_fields() == {"personnr", "internationalID.ID", "account", "salary", "comment"}


def test_account_and_salary_are_kept_when_hr_has_none() -> None:
    kept = {r.target for r in ALL_RULES if r.when_missing == "keep"}

    assert kept == {"account", "salary_valid_from", "salary_type", "salary"}


def test_groups_travel_together() -> None:
    groups: dict[str, set[str]] = {}
    for rule in ALL_RULES:
        if rule.group:
            groups.setdefault(rule.group, set()).add(rule.target)

    assert groups == {
        "internationalID": {
            "internationalID.type",
            "internationalID.ID",
            "internationalID.countryCode",
        },
        "salary": {"salary_valid_from", "salary_type", "salary"},
        "end": {"enddate", "enddate_reason"},
    }


def test_numbers_and_dates_are_compared_by_value() -> None:
    compare = {r.target: r.compare for r in ALL_RULES if r.compare != "text"}

    assert compare == {
        "salary_valid_from": "date",
        "salary": "decimal",
        "startdate": "date",
        "enddate": "date",
        "employment_rate": "decimal",
    }


@pytest.mark.parametrize("rule", ALL_RULES, ids=rule_id)
def test_every_rule_has_a_note_for_people(rule: Rule) -> None:
    assert rule.note.strip()


def test_markdown_has_one_row_per_rule() -> None:
    lines = as_markdown().splitlines()

    for entity, rules in (("Employee", EMPLOYEE_RULES), ("Employment", EMPLOYMENT_RULES)):
        for rule in rules:
            rows = [line for line in lines if line.startswith(f"| {entity}.{rule.target} |")]
            assert len(rows) == 1, f"{entity}.{rule.target}"
