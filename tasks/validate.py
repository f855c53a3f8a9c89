"""Validate the HR frames with pandera; every failure becomes a quarantine entry."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas.hr import HrEmployee, HrEmployment
from tasks.changes import QuarantineEntry
from tasks.extract import HrSnapshot

# pandera's built-in checks (`str_matches('^$|…')`), said plainly; their names may hold a `|`.
_BUILT_IN_REASONS = {
    "not_nullable": "is required",
    "str_matches": "has the wrong format",
    "str_length": "has the wrong length",
    "isin": "is not one of the allowed values",
}
# Our own checks are named `field|reason` (see schemas/hr.py).
_OWN_CHECK = re.compile(r"^(?P<field>[\w.]+)\|(?P<reason>.+)$")


@dataclass(frozen=True)
class Failure:
    """One failing row: its index, the field and the reason (never the value)."""

    row: Hashable
    field: str
    reason: str


def failures(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> list[Failure]:
    """Validate `frame` lazily and return each (row, field, reason) once.

    Raises:
        RuntimeError: when the frame's shape itself is wrong (a missing column or dtype): a
            defect of hrsync, not of one employee's data.
    """
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    shape_errors = cases[cases["index"].isna()]
    if not shape_errors.empty:
        broken = sorted(set(shape_errors["column"].astype(str)))
        raise RuntimeError(f"{model.__name__} frame is malformed in column(s) {broken}")
    found: dict[tuple[Hashable, str, str], None] = {}
    for column, check, row in zip(cases["column"], cases["check"], cases["index"], strict=True):
        own = _OWN_CHECK.match(str(check))
        if own:
            field, reason = own["field"], own["reason"]
        else:
            name = str(check).partition("(")[0]
            field, reason = str(column), _BUILT_IN_REASONS.get(name, f"fails {name}")
        found[(row, field, reason)] = None
    return [Failure(row, field, reason) for row, field, reason in found]


def quarantine_entries(
    tenant: str,
    found: list[Failure],
    who: Callable[[Hashable], str],
    system: str = "AlexisHR",
) -> list[QuarantineEntry]:
    """Turn failures into entries, naming each employee through `who(row)`."""
    return [QuarantineEntry(tenant, who(f.row), f.field, f.reason, system) for f in found]


def employee_label(number: object, alexis_id: object) -> str:
    """The employee number, or the AlexisHR id when the number is missing."""
    if isinstance(number, str) and number.strip():
        return number.strip()
    return f"AlexisHR id {alexis_id}"


@dataclass(frozen=True)
class ValidHr:
    """The HR frames without quarantined employees, and the quarantine itself."""

    employees: pd.DataFrame
    employments: pd.DataFrame
    quarantine: tuple[QuarantineEntry, ...]


def validate_hr_frames(tenant: str, employees: pd.DataFrame, employments: pd.DataFrame) -> ValidHr:
    """Check both frames; hold back every employee with any failing row, keep the rest."""
    employee_failures = failures(HrEmployee, employees)
    employment_failures = failures(HrEmployment, employments)
    entries = quarantine_entries(
        tenant,
        employee_failures,
        lambda row: employee_label(employees.at[row, "employeeNumber"], employees.at[row, "id"]),
    ) + quarantine_entries(
        tenant,
        employment_failures,
        lambda row: employee_label(
            employments.at[row, "employeeNumber"], employments.at[row, "employeeId"]
        ),
    )
    held = set(employees.loc[[f.row for f in employee_failures], "id"]) | set(
        employments.loc[[f.row for f in employment_failures], "employeeId"]
    )
    return ValidHr(
        employees=employees[~employees["id"].isin(held)],
        employments=employments[~employments["employeeId"].isin(held)],
        quarantine=tuple(entries),
    )


@task(name="validate", cache_policy=NO_CACHE)
def validate_hr(tenant: str, hr: HrSnapshot) -> ValidHr:
    """Validate the AlexisHR frames (pandera, lazy) and quarantine what fails."""
    valid = validate_hr_frames(tenant, hr.employees, hr.employments)
    get_run_logger().info(
        "%d employees valid, %d quarantine entries", len(valid.employees), len(valid.quarantine)
    )
    return valid
