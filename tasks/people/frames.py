"""Shape AlexisHR employees and employments into the frames the syncs work on (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

from clients.alexis_dates import as_instant
from clients.alexis_models import Compensation, Employee, Employment, EmploymentType
from schemas.hr import ABSENT_SEPARATOR, HrEmployeeFrame, HrEmploymentFrame
from tasks.engine.frames import local_date, typed_frame, wire_lines

ORPHAN = "AlexisHR sent a compensation row that names no employee: whose salary it is is unknown"


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _number(value: str | None) -> str | None:
    # Kept as AlexisHR holds it (` 12` included): validation, not the frame, judges a number.
    return value if isinstance(value, str) and value.strip() else None


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
    HrEmployeeFrame.salary_from,
    HrEmployeeFrame.salary_amount,
    HrEmployeeFrame.salary_currency,
    HrEmployeeFrame.payout_period,
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
    columns = set(HrEmployeeFrame.to_schema().columns)
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
    for text in frame[HrEmployeeFrame.absent_fields]:
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
        HrEmployeeFrame.id: employee.id,
        HrEmployeeFrame.employee_number: _number(employee.employeeNumber),
        HrEmployeeFrame.active: employee.active,
        HrEmployeeFrame.first_name: (employee.firstName or "").strip(),
        HrEmployeeFrame.last_name: (employee.lastName or "").strip(),
        HrEmployeeFrame.work_email: _blank_to_none(employee.workEmail),
        HrEmployeeFrame.private_email: _blank_to_none(employee.privateEmail),
        HrEmployeeFrame.ssn: _blank_to_none(employee.ssn),
        HrEmployeeFrame.nationality: _blank_to_none(employee.nationality),
        HrEmployeeFrame.street: _blank_to_none(home.street if home else None),
        HrEmployeeFrame.postal_code: _blank_to_none(home.postalCode if home else None),
        HrEmployeeFrame.city: _blank_to_none(home.city if home else None),
        HrEmployeeFrame.home_country: _blank_to_none(home.country if home else None),
        HrEmployeeFrame.bank_number: _blank_to_none(bank.number if bank else None),
        HrEmployeeFrame.bank_iban: _blank_to_none(bank.iban if bank else None),
        HrEmployeeFrame.bank_bic: _blank_to_none(bank.bic if bank else None),
        HrEmployeeFrame.bank_clearing: _blank_to_none(bank.clearing if bank else None),
        HrEmployeeFrame.bank_country: _blank_to_none(bank.country if bank else None),
        HrEmployeeFrame.department_id: employee.departmentId,
        HrEmployeeFrame.office_id: employee.officeId,
        HrEmployeeFrame.salary_from: local_date(salary.effectiveDate, zone) if salary else None,
        HrEmployeeFrame.salary_amount: salary.amount if salary else None,
        HrEmployeeFrame.salary_currency: salary.currency if salary else None,
        HrEmployeeFrame.payout_period: salary.payoutPeriod if salary else None,
        HrEmployeeFrame.absent_fields: absent_columns(employee, salary_known),
        HrEmployeeFrame.birth_date: local_date(employee.birthDate, zone),
        HrEmployeeFrame.wire: "\n".join([*employee.wire_problems, *problems]) or None,
    }


def employee_frame(
    employees: Sequence[Employee], compensations: Iterable[Compensation], zone: ZoneInfo
) -> pd.DataFrame:
    """One row per employee with the latest compensation, shaped as `HrEmployeeFrame`.

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
    return typed_frame(rows, HrEmployeeFrame)


def employment_frame(
    employments: Sequence[Employment],
    types: Sequence[EmploymentType],
    employees: Sequence[Employee],
    zone: ZoneInfo,
) -> pd.DataFrame:
    """One row per employment with its type's name and employee number, as `HrEmploymentFrame`."""
    named = {t.id: t for t in types}
    numbers = {e.id: _number(e.employeeNumber) for e in employees}
    rows = [
        {
            HrEmploymentFrame.id: e.id,
            HrEmploymentFrame.employee_id: e.employeeId,
            HrEmploymentFrame.employee_number: numbers.get(e.employeeId),
            HrEmploymentFrame.start_date: local_date(e.startDate, zone),
            HrEmploymentFrame.end_date: local_date(e.endDate, zone),
            HrEmploymentFrame.rate: e.rate,
            HrEmploymentFrame.note: _blank_to_none(e.note),
            HrEmploymentFrame.type_name: _type_name(named.get(e.typeId or "")),
            HrEmploymentFrame.wire: "\n".join(_employment_problems(e, named)) or None,
        }
        for e in employments
        # Employments of employees out of scope stay out; a misfit naming no employee is kept
        # to be reported (it is harmless: an employment is never ended for being unread).
        if e.employeeId in numbers or (e.wire_problems and not e.employeeId)
    ]
    return typed_frame(rows, HrEmploymentFrame)


def _type_name(kind: EmploymentType | None) -> str | None:
    return None if kind is None or kind.wire_problems else kind.name


def _employment_problems(employment: Employment, types: Mapping[str, EmploymentType]) -> list[str]:
    kind = types.get(employment.typeId or "")
    own = list(employment.wire_problems)
    return own + (wire_lines(kind.wire_problems, "type.") if kind and kind.wire_problems else [])
