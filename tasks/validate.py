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
from schemas.text import MAX_LENGTHS, is_printable
from tasks.changes import QuarantineEntry
from tasks.extract import HrSnapshot

# pandera's built-in checks (`str_matches('^$|…')`), said plainly; their names may hold a `|`.
_BUILT_IN_REASONS = {
    "not_nullable": "is required",
    "str_matches": "has the wrong format",
    "str_length": "has the wrong length",
    "isin": "is not one of the allowed values",
}
# Our own checks are named `field|reason` (see schemas/hr.py); `*` is the failing column, and
# `{max}` in a reason is that column's longest allowed text.
_OWN_CHECK = re.compile(r"^(?P<field>[\w.*]+)\|(?P<reason>.+)$", re.DOTALL)
WIRE = "wire"  # the column of a record's misfits (see clients.alexis_models.AlexisRecord)
# The longest employee number a report shows; longer or unprintable ones are named by id.
_LABEL_LENGTH = 20


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
            field = str(column) if own["field"] == "*" else own["field"]
            reason = own["reason"].replace("{max}", str(MAX_LENGTHS.get(field, "")))
        else:
            name = str(check).partition("(")[0]
            field, reason = str(column), _BUILT_IN_REASONS.get(name, f"fails {name}")
        found[(row, field, reason)] = None
    return [Failure(row, field, reason) for row, field, reason in found]


def wire_failures(frame: pd.DataFrame) -> list[Failure]:
    """The misfits AlexisHR's answer had, one failure per `field|reason` line of `wire`."""
    found = []
    for row, lines in frame[WIRE].items():
        if isinstance(lines, str):
            for line in lines.splitlines():
                field, _, reason = line.partition("|")
                found.append(Failure(row, field, reason))
    return found


def all_failures(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> list[Failure]:
    """Misfits first, then the model's checks for the rows that were read whole.

    A misfit row's empty fields would only repeat what its misfits already say.
    """
    misfits = wire_failures(frame)
    broken = {f.row for f in misfits}
    return misfits + [f for f in failures(model, frame) if f.row not in broken]


def quarantine_entries(
    tenant: str,
    found: list[Failure],
    who: Callable[[Hashable], str],
    system: str = "AlexisHR",
) -> list[QuarantineEntry]:
    """Turn failures into entries, naming each employee through `who(row)`."""
    return [QuarantineEntry(tenant, who(f.row), f.field, f.reason, system) for f in found]


def employee_label(number: object, alexis_id: object, record: str = "employee") -> str:
    """The employee number, or the AlexisHR id when the number is missing or unshowable."""
    if isinstance(number, str) and number.strip():
        shown = number.strip()
        if len(shown) <= _LABEL_LENGTH and is_printable(shown):
            return shown
    if isinstance(alexis_id, str) and alexis_id.strip():
        return f"AlexisHR id {alexis_id}"
    return f"an unreadable AlexisHR {record} record"


@dataclass(frozen=True)
class ValidHr:
    """The HR frames without quarantined employees, and the quarantine itself."""

    employees: pd.DataFrame
    employments: pd.DataFrame
    quarantine: tuple[QuarantineEntry, ...]


def validate_hr_frames(tenant: str, employees: pd.DataFrame, employments: pd.DataFrame) -> ValidHr:
    """Check both frames; hold back every employee with any failing row, keep the rest."""
    employee_failures = all_failures(HrEmployee, employees)
    employment_failures = all_failures(HrEmployment, employments)
    entries = quarantine_entries(
        tenant,
        employee_failures,
        lambda row: employee_label(employees.at[row, "employeeNumber"], employees.at[row, "id"]),
    ) + quarantine_entries(
        tenant,
        employment_failures,
        lambda row: employee_label(
            employments.at[row, "employeeNumber"], employments.at[row, "employeeId"], "employment"
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
