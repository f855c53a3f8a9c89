"""Shape wire records into the frames the sync works on (pure functions, no I/O)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from clients.payroll_models import PayrollEmployee, PayrollEmployment
from schemas.mapping import EMPLOYEE_RULES, EMPLOYMENT_RULES


def _wire_value(record: PayrollEmployee, field: str) -> str:
    head, _, tail = field.partition(".")
    value = getattr(record, head, "")
    return str(getattr(value, tail, "")) if tail else str(value or "")


def payroll_employee_frame(records: Sequence[PayrollEmployee]) -> pd.DataFrame:
    """The integration fields of every payroll employee, one row each, keyed by empId."""
    columns = [rule.target for rule in EMPLOYEE_RULES]
    rows = [{c: _wire_value(r, c) for c in columns} for r in records]
    return pd.DataFrame(rows, columns=columns, dtype="str")


def payroll_employment_frame(by_employee: dict[str, Sequence[PayrollEmployment]]) -> pd.DataFrame:
    """The integration fields of every payroll employment, with the owning empId."""
    columns = ["empId", *(rule.target for rule in EMPLOYMENT_RULES)]
    rows = [
        {"empId": emp_id, **{c: str(getattr(e, c, "") or "") for c in columns[1:]}}
        for emp_id, items in by_employee.items()
        for e in items
    ]
    return pd.DataFrame(rows, columns=columns, dtype="str")
