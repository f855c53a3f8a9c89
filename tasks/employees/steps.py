"""What the employee pipeline's steps hand on: payroll as read, and what payroll should hold."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tasks.engine.changes import QuarantineEntry


@dataclass(frozen=True)
class PayrollSnapshot:
    """24SevenOffice's current integration fields: employees and their employments."""

    employees: pd.DataFrame
    employments: pd.DataFrame


@dataclass(frozen=True)
class PayrollTarget:
    """What payroll should hold for the valid employees, and everyone held back so far."""

    employees: pd.DataFrame
    employments: pd.DataFrame
    quarantine: tuple[QuarantineEntry, ...]
