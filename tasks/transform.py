"""Transform: run the mapping table over the valid HR frames, then gate on what payroll accepts."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas import conversions
from schemas.mapping import EMPLOYEE_RULES, EMPLOYMENT_RULES, Rule
from schemas.payroll import PayrollEmployee, PayrollEmployment
from tasks.changes import QuarantineEntry
from tasks.validate import ValidHr, failures


def apply_rules(frame: pd.DataFrame, rules: Sequence[Rule]) -> pd.DataFrame:
    """Build the payroll frame column by column, one rule each, keeping `frame`'s index.

    A rule's None result becomes "" (clear the payroll value) or a missing value (leave the
    payroll value alone), as the rule's `when_missing` says.
    """
    columns: dict[str, pd.Series] = {}
    for rule in rules:
        if rule.constant is not None:
            values: list[str | None] = [rule.constant] * len(frame)
        else:
            sources = [frame[name].tolist() for name in rule.sources]
            values = [rule.convert(*row) for row in zip(*sources, strict=True)]
        blank = None if rule.when_missing == "keep" else ""
        columns[rule.target] = pd.Series(
            [blank if v is None else v for v in values], index=frame.index, dtype="str"
        )
    return pd.DataFrame(columns, index=frame.index)


@dataclass(frozen=True)
class PayrollTarget:
    """What payroll should hold for the valid employees, and everyone held back so far."""

    employees: pd.DataFrame
    employments: pd.DataFrame
    quarantine: tuple[QuarantineEntry, ...]


def _hr_fields(target_field: str, rules: Sequence[Rule]) -> str:
    # Name the AlexisHR field(s) to fix rather than the payroll field that would be refused.
    for rule in rules:
        if rule.target == target_field and rule.sources:
            return ", ".join(rule.sources)
    return target_field


def refused(
    tenant: str, model: type[pa.DataFrameModel], frame: pd.DataFrame, rules: Sequence[Rule]
) -> tuple[list[QuarantineEntry], list[Hashable]]:
    """The rows of a payroll frame that 24SevenOffice would refuse, as quarantine entries.

    Returns the entries (naming the AlexisHR fields behind the refused value) and the rows.
    """
    found = failures(model, frame)
    entries = [
        QuarantineEntry(
            tenant,
            str(frame.at[f.row, "empId"]),
            _hr_fields(f.field, rules),
            f"gives {f.field} a value 24SevenOffice refuses ({f.reason})",
        )
        for f in found
    ]
    return entries, [f.row for f in found]


def build_payroll_target(tenant: str, valid: ValidHr) -> PayrollTarget:
    """Apply the mapping table and drop every employee whose result payroll would refuse."""
    employees = apply_rules(valid.employees, EMPLOYEE_RULES)
    employments = apply_rules(valid.employments, EMPLOYMENT_RULES)
    numbers = valid.employments["employeeNumber"].map(conversions.whole_number)
    employments.insert(0, "empId", numbers.astype("str"))
    employee_entries, bad_employees = refused(tenant, PayrollEmployee, employees, EMPLOYEE_RULES)
    employment_entries, bad_employments = refused(
        tenant, PayrollEmployment, employments, EMPLOYMENT_RULES
    )
    held = {*employees.loc[bad_employees, "empId"], *employments.loc[bad_employments, "empId"]}
    return PayrollTarget(
        employees=employees[~employees["empId"].isin(held)].reset_index(drop=True),
        employments=employments[~employments["empId"].isin(held)].reset_index(drop=True),
        quarantine=(*valid.quarantine, *employee_entries, *employment_entries),
    )


@task(name="transform", cache_policy=NO_CACHE)
def transform_employees(tenant: str, valid: ValidHr) -> PayrollTarget:
    """Map valid AlexisHR employees to 24SevenOffice records (mapping table + payroll checks)."""
    target = build_payroll_target(tenant, valid)
    get_run_logger().info(
        "mapped %d employees and %d employments", len(target.employees), len(target.employments)
    )
    return target
