"""What the people step hands on: the records read, their frames, the valid ones."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from clients.alexis_models import Employee, Employment, EmploymentType
from tasks.engine.changes import QuarantineEntry


@dataclass(frozen=True)
class People:
    """AlexisHR's people as both pipelines start from them (records, not frames yet).

    Attributes:
        employees: the employee records in the tenant's scope.
        employments: every employment AlexisHR listed (the frames keep those of `employees`).
        types: the employment types, by which employments are named.
        scope_note: what the scope kept, for the report.
    """

    employees: tuple[Employee, ...]
    employments: tuple[Employment, ...]
    types: tuple[EmploymentType, ...]
    scope_note: str = ""


@dataclass(frozen=True)
class HrSnapshot:
    """The people as frames: employees (with their latest salary, when read) and employments.

    Attributes:
        employees: the employees in the tenant's scope, as `HrEmployeeFrame` rows.
        employments: their employments, as `HrEmploymentFrame` rows.
        scope_note: what the scope kept, for the report.
        absent_note: which fields AlexisHR did not send (and payroll kept), for the report.
    """

    employees: pd.DataFrame
    employments: pd.DataFrame
    scope_note: str = ""
    absent_note: str | None = None


@dataclass(frozen=True)
class ValidHr:
    """The HR frames without quarantined employees, and the quarantine itself."""

    employees: pd.DataFrame
    employments: pd.DataFrame
    quarantine: tuple[QuarantineEntry, ...]
