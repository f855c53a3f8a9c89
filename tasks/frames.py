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
from schemas.hr import ABSENT_SEPARATOR, HrEmployee, HrEmployment
from schemas.mapping import EMPLOYEE_RULES, EMPLOYMENT_RULES

ORPHAN = "AlexisHR sent a compensation row that names no employee: whose salary it is is unknown"


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


def _number(value: str | None) -> str | None:
    # Kept as AlexisHR holds it (` 12` included): validation, not the frame, judges a number.
    return value if isinstance(value, str) and value.strip() else None


def wire_lines(problems: Iterable[str], prefix: str = "") -> list[str]:
    """`field|reason` lines of a record's misfits, the field under `prefix` (`compensation.`)."""
    return [f"{prefix}{p}" for p in problems]


def compensation_problems(compensations: Iterable[Compensation]) -> dict[str, list[str]]:
    """Per employee id, the misfits of their compensation rows; `""` holds the orphans."""
    problems: dict[str, list[str]] = {}
    for row in compensations:
        if row.wire_problems:
            problems.setdefault(row.employeeId, []).extend(
                wire_lines(row.wire_problems, "compensation.")
            )
    return problems


SALARY_COLUMNS = (
    HrEmployee.salary_from,
    HrEmployee.salary_amount,
    HrEmployee.salary_currency,
    HrEmployee.payout_period,
)


def latest_compensations(
    compensations: Iterable[Compensation],
) -> dict[str, Compensation | None]:
    """Per employee id, the compensation with the most recent effectiveDate.

    None for an employee with a row that lacks a salary field or its date: which row is the
    latest, or what it says, is then unknown (and the salary is left alone). Misfit rows are
    left out here; they hold their employee back (see `compensation_problems`).
    """
    latest: dict[str, Compensation | None] = {}
    for row in compensations:
        if row.wire_problems or (row.employeeId in latest and latest[row.employeeId] is None):
            continue
        if not row.is_complete() or row.effectiveDate is None:
            latest[row.employeeId] = None
            continue
        current = latest.get(row.employeeId)
        if current is None or _recency(row) > _recency(current):
            latest[row.employeeId] = row
    return latest


def _recency(row: Compensation) -> tuple[datetime, str]:
    # Only rows with a date are compared (see above); `date.min` only satisfies the type.
    return as_instant(row.effectiveDate or date.min), row.id


def absent_columns(employee: Employee, salary_known: bool) -> str:
    """The HR frame columns whose AlexisHR fields this answer did not carry, joined."""
    columns = set(HrEmployee.to_schema().columns)
    absent = {name for name in employee.absent_fields() if name in columns}
    if not salary_known:
        absent |= set(SALARY_COLUMNS)
    return ABSENT_SEPARATOR.join(sorted(absent))


def absent_note(frame: pd.DataFrame) -> str | None:
    """`AlexisHR did not send ssn for 4 of 4 employees; …`: for the report, None when none.

    None rather than "": Prefect links tasks by the identity of values inside results, and
    the empty string is one object shared by every "" in the run.
    """
    counts: dict[str, int] = {}
    for text in frame[HrEmployee.absent_fields]:
        for name in filter(None, str(text).split(ABSENT_SEPARATOR)):
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    listed = ", ".join(f"{name} for {n}" for name, n in sorted(counts.items()))
    return (
        f"AlexisHR did not send {listed} of {len(frame)} employees (not selected or not "
        "permitted); payroll's values of those fields were left as they are."
    )


def _employee_row(
    employee: Employee,
    salary: Compensation | None,
    salary_known: bool,
    zone: ZoneInfo,
    problems: list[str],
) -> dict[str, object]:
    bank, home = employee.bankAccount, employee.homeAddress
    salary = salary if salary_known else None
    return {
        HrEmployee.id: employee.id,
        HrEmployee.employee_number: _number(employee.employeeNumber),
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
        HrEmployee.absent_fields: absent_columns(employee, salary_known),
        HrEmployee.birth_date: local_date(employee.birthDate, zone),
        HrEmployee.wire: "\n".join([*employee.wire_problems, *problems]) or None,
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
    """One row per employee with the latest compensation, shaped as `HrEmployee`.

    A misfit compensation row holds its employee back; one naming no employee holds back
    everyone, since whose latest salary it is cannot be known.
    """
    compensations = list(compensations)
    latest = latest_compensations(compensations)
    problems = compensation_problems(compensations)
    orphans = [f"compensation.employeeId|{ORPHAN}" for _ in problems.get("", [])[:1]]
    rows = [
        _employee_row(
            e,
            latest.get(e.id),
            e.id not in latest or latest[e.id] is not None,
            zone,
            [*problems.get(e.id, []), *orphans],
        )
        for e in employees
    ]
    return typed_frame(rows, HrEmployee)


def employment_frame(
    employments: Sequence[Employment],
    types: Sequence[EmploymentType],
    employees: Sequence[Employee],
    zone: ZoneInfo,
) -> pd.DataFrame:
    """One row per employment with its type's name and employee number, as `HrEmployment`."""
    named = {t.id: t for t in types}
    numbers = {e.id: _number(e.employeeNumber) for e in employees}
    rows = [
        {
            HrEmployment.id: e.id,
            HrEmployment.employee_id: e.employeeId,
            HrEmployment.employee_number: numbers.get(e.employeeId),
            HrEmployment.start_date: local_date(e.startDate, zone),
            HrEmployment.end_date: local_date(e.endDate, zone),
            HrEmployment.rate: e.rate,
            HrEmployment.note: _blank_to_none(e.note),
            HrEmployment.type_name: _type_name(named.get(e.typeId or "")),
            HrEmployment.wire: "\n".join(_employment_problems(e, named)) or None,
        }
        for e in employments
        # Employments of employees out of scope stay out; a misfit naming no employee is kept
        # to be reported (it is harmless: an employment is never ended for being unread).
        if e.employeeId in numbers or (e.wire_problems and not e.employeeId)
    ]
    return typed_frame(rows, HrEmployment)


def _type_name(kind: EmploymentType | None) -> str | None:
    return None if kind is None or kind.wire_problems else kind.name


def _employment_problems(employment: Employment, types: Mapping[str, EmploymentType]) -> list[str]:
    kind = types.get(employment.typeId or "")
    own = list(employment.wire_problems)
    return own + (wire_lines(kind.wire_problems, "type.") if kind and kind.wire_problems else [])


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
