"""Shape wire records into the frames the sync works on (pure functions, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
import pandera.pandas as pa

from clients.alexis_dates import as_instant
from clients.alexis_models import Compensation, Employee, Employment, EmploymentType
from clients.payroll_models import PayrollEmployee, PayrollEmployment
from schemas.hr import HrEmployee, HrEmployment
from schemas.mapping import EMPLOYEE_RULES, EMPLOYMENT_RULES


def local_date(value: date | None, zone: ZoneInfo) -> date | None:
    """The calendar day of an AlexisHR date-only value in the tenant's time zone.

    AlexisHR stores a date as local midnight expressed in UTC (1 January in Oslo arrives as
    `2023-12-31T23:00:00.000Z`); cutting the string would give the wrong day. A bare date is
    that day already. Instants are always aware (`clients.alexis_dates`), so the worker's own
    time zone never enters.
    """
    if isinstance(value, datetime):
        return value.astimezone(zone).date()
    return value


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def latest_compensations(compensations: Iterable[Compensation]) -> dict[str, Compensation]:
    """Per employee id, the compensation with the most recent effectiveDate."""
    latest: dict[str, Compensation] = {}
    for row in compensations:
        current = latest.get(row.employeeId)
        if current is None or (as_instant(row.effectiveDate), row.id) > (
            as_instant(current.effectiveDate),
            current.id,
        ):
            latest[row.employeeId] = row
    return latest


def _employee_row(
    employee: Employee, salary: Compensation | None, zone: ZoneInfo
) -> dict[str, object]:
    bank, home = employee.bankAccount, employee.homeAddress
    return {
        HrEmployee.id: employee.id,
        HrEmployee.employee_number: _blank_to_none(employee.employeeNumber),
        HrEmployee.active: employee.active,
        HrEmployee.first_name: (employee.firstName or "").strip(),
        HrEmployee.last_name: (employee.lastName or "").strip(),
        HrEmployee.work_email: _blank_to_none(employee.workEmail),
        HrEmployee.private_email: _blank_to_none(employee.privateEmail),
        HrEmployee.ssn: _blank_to_none(employee.ssn),
        HrEmployee.nationality: _blank_to_none(employee.nationality),
        HrEmployee.street: _blank_to_none(home.street if home else None),
        HrEmployee.postal_code: _blank_to_none(home.postalCode if home else None),
        HrEmployee.city: _blank_to_none(home.city if home else None),
        HrEmployee.home_country: _blank_to_none(home.country if home else None),
        HrEmployee.bank_number: _blank_to_none(bank.number if bank else None),
        HrEmployee.bank_iban: _blank_to_none(bank.iban if bank else None),
        HrEmployee.bank_bic: _blank_to_none(bank.bic if bank else None),
        HrEmployee.bank_clearing: _blank_to_none(bank.clearing if bank else None),
        HrEmployee.bank_country: _blank_to_none(bank.country if bank else None),
        HrEmployee.department_id: employee.departmentId,
        HrEmployee.office_id: employee.officeId,
        HrEmployee.salary_from: local_date(salary.effectiveDate, zone) if salary else None,
        HrEmployee.salary_amount: salary.amount if salary else None,
        HrEmployee.salary_currency: salary.currency if salary else None,
        HrEmployee.payout_period: salary.payoutPeriod if salary else None,
    }


def typed_frame(
    rows: Sequence[Mapping[str, object]], model: type[pa.DataFrameModel]
) -> pd.DataFrame:
    """Build the frame with the dtypes its pandera model declares (validation checks, not casts).

    Columns are cast even when there are no rows, so an empty run validates like a full one.
    """
    schema = model.to_schema()
    frame = pd.DataFrame(rows, columns=list(schema.columns))
    for name, column in schema.columns.items():
        kind = str(column.dtype)
        if kind.startswith(("str", "string")):  # pandera names `Series[str]` string[python]
            frame[name] = frame[name].astype("str")
        elif kind.startswith("float"):
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
        elif kind == "bool":
            frame[name] = frame[name].astype(bool)
    return frame


def employee_frame(
    employees: Sequence[Employee], compensations: Iterable[Compensation], zone: ZoneInfo
) -> pd.DataFrame:
    """One row per employee with the latest compensation, shaped as `HrEmployee`."""
    latest = latest_compensations(compensations)
    rows = [_employee_row(e, latest.get(e.id), zone) for e in employees]
    return typed_frame(rows, HrEmployee)


def employment_frame(
    employments: Sequence[Employment],
    types: Sequence[EmploymentType],
    employees: Sequence[Employee],
    zone: ZoneInfo,
) -> pd.DataFrame:
    """One row per employment with its type's name and employee number, as `HrEmployment`."""
    type_names = {t.id: t.name for t in types}
    numbers = {e.id: _blank_to_none(e.employeeNumber) for e in employees}
    rows = [
        {
            HrEmployment.id: e.id,
            HrEmployment.employee_id: e.employeeId,
            HrEmployment.employee_number: numbers.get(e.employeeId),
            HrEmployment.start_date: local_date(e.startDate, zone),
            HrEmployment.end_date: local_date(e.endDate, zone),
            HrEmployment.rate: e.rate,
            HrEmployment.note: _blank_to_none(e.note),
            HrEmployment.type_name: type_names.get(e.typeId or ""),
        }
        for e in employments
        if e.employeeId in numbers  # employments of employees out of scope stay out
    ]
    return typed_frame(rows, HrEmployment)


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
