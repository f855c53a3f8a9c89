"""Validate people: hold back every employee with a failing row, keep the rest."""

from __future__ import annotations

import pandas as pd

from schemas.hr import HrEmployeeFrame, HrEmploymentFrame
from tasks.engine.validate import all_failures, employee_label, quarantine_entries
from tasks.people.steps import ValidHr


def validate_hr_frames(tenant: str, employees: pd.DataFrame, employments: pd.DataFrame) -> ValidHr:
    """Check both frames; hold back every employee with any failing row, keep the rest."""
    employee_failures = all_failures(HrEmployeeFrame, employees)
    employment_failures = all_failures(HrEmploymentFrame, employments)
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
