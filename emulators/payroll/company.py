"""One payroll client (company): its registers and the strict write operations on them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from emulators.payroll import validation as check
from emulators.payroll import wire
from emulators.payroll.absence_types import AbsenceType, standard_absence_types
from emulators.payroll.absences import (
    ABSENCE_DEFAULTS,
    ABSENCE_PARSERS,
    absence_view,
    check_absence,
    overlaps,
)
from emulators.payroll.absences import READ_ONLY_FIELDS as ABSENCE_READ_ONLY
from emulators.payroll.children import CHILD_PARSERS, check_child, child_view
from emulators.payroll.children import READ_ONLY_FIELDS as CHILD_READ_ONLY
from emulators.payroll.employees import (
    EMPLOYEE_DEFAULTS,
    EMPLOYEE_PARSERS,
    SalaryHistory,
    check_employee,
    copied,
    employee_view,
    merge_employee,
)
from emulators.payroll.employments import EmploymentBook
from emulators.payroll.errors import (
    PayrollConflictError,
    PayrollNotFoundError,
    PayrollValidationError,
)
from emulators.payroll.organization import Organization, seed_organization
from emulators.payroll.payroll_runs import PayrollRunBook, PayrollRunRecord

FIRST_PERSON_ID = 32553  # internal person ids, the prefix of generated employment ids ("32553-1")
FIRST_CHILD_ID = 102701  # as in the spec's child example


@dataclass
class EmulatorSettings:
    """Settings the state shares with all its companies."""

    clock: Callable[[], datetime]
    strict_unknown_keys: bool = False


@dataclass
class _Employee:
    record: dict[str, Any]
    salary: SalaryHistory
    employments: EmploymentBook


class PayrollCompany:
    """The registers of one company; every write validates fully before anything is stored."""

    def __init__(self, name: str, *, number: int, settings: EmulatorSettings) -> None:
        self.name = name
        self.organization: Organization = seed_organization(name, number)
        self.absence_types: dict[str, AbsenceType] = standard_absence_types()
        self._settings = settings
        self._employees: dict[str, _Employee] = {}
        self._absences: dict[str, dict[str, str]] = {}
        self._children: dict[str, dict[str, str]] = {}
        self._next_person_id = FIRST_PERSON_ID
        self._next_serial_no = 1
        self._next_child_id = FIRST_CHILD_ID
        self.payroll_run_book = PayrollRunBook()

    # --- employees -------------------------------------------------------------------------

    def put_employee(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Create the employee, or merge-update it when its ``empId`` exists."""
        body = check.require_object("body", fields)
        emp_id = EMPLOYEE_PARSERS["empId"]("empId", body.get("empId"))
        if emp_id in self._employees:
            return self.update_employee(emp_id, fields)
        return self.create_employee(fields)

    def create_employee(self, fields: dict[str, Any]) -> dict[str, Any]:
        """``POST /employee/v2``: a new employee; 409 when the ``empId`` exists."""
        given = self._parse(fields, EMPLOYEE_PARSERS)
        check.require(given, "empId")
        emp_id = given["empId"]
        if emp_id in self._employees:
            raise PayrollConflictError(f"Employee with empId {emp_id} already exists")
        record = merge_employee(copied(EMPLOYEE_DEFAULTS), given)
        check_employee(record)
        salary = SalaryHistory().with_write(given, self._today())
        book = EmploymentBook(self._next_person_id, {})
        self._next_person_id += 1
        self._employees[emp_id] = _Employee(record, salary, book)
        return employee_view(record, salary)

    def update_employee(self, emp_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        """``POST /employee/v2/{empId}``: a partial update validated as a whole."""
        employee = self._employee(emp_id)
        given = self._parse(fields, EMPLOYEE_PARSERS)
        if given.get("empId", "") not in ("", employee.record["empId"]):
            raise PayrollValidationError("empId", "empId in the body must match empId in the path")
        # Choice (spec silent): omitted keys are kept; clearing a field takes an explicit "".
        # Replacing the record would wipe everything an integration does not own (tax table...).
        record = merge_employee(employee.record, given)
        check_employee(record)
        salary = employee.salary.with_write(given, self._today())
        employee.record, employee.salary = record, salary
        return employee_view(record, salary)

    def employees(self) -> list[dict[str, Any]]:
        """All employees as ``GET /employee/v2`` returns them."""
        # Choice (spec silent): listed in empId order, like the product's employee list.
        ordered = sorted(self._employees.items(), key=lambda item: int(item[0]))
        return [employee_view(e.record, e.salary) for _, e in ordered]

    def employee(self, emp_id: str) -> dict[str, Any]:
        """One employee; raises PayrollNotFoundError when unknown."""
        employee = self._employee(emp_id)
        return employee_view(employee.record, employee.salary)

    def salary_history(self, emp_id: str) -> dict[str, tuple[str, str]]:
        """Valid-from date → (salary_type, salary); not visible over HTTP, for tests and demos."""
        return dict(self._employee(emp_id).salary.entries)

    # --- employments -----------------------------------------------------------------------

    def post_employments(self, emp_id: str, items: Any) -> list[dict[str, str]]:
        """``POST /employment/v2/{empId}``: upsert an array all-or-nothing; return the full list."""
        employee = self._employee(emp_id)
        if not isinstance(items, list):
            raise PayrollValidationError("body", "the body must be an array of employments")
        employee.employments, _ = employee.employments.upsert(
            items,
            self.organization.site_numbers(),
            strict_unknown_keys=self._settings.strict_unknown_keys,
        )
        return employee.employments.listing()

    def put_employment(self, emp_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Upsert one employment by ``employment_id`` and return it as stored."""
        employee = self._employee(emp_id)
        employee.employments, ids = employee.employments.upsert(
            [fields],
            self.organization.site_numbers(),
            strict_unknown_keys=self._settings.strict_unknown_keys,
        )
        return dict(employee.employments.employments[ids[0]])

    def employments(self, emp_id: str) -> list[dict[str, Any]]:
        """The employee's employments as ``GET /employment/v2/{empId}`` returns them."""
        return self._employee(emp_id).employments.listing()

    # --- absences --------------------------------------------------------------------------

    def put_absence(self, fields: dict[str, Any]) -> dict[str, Any]:
        """``POST /absence/v2``: create, or update by ``serialNo``; return the stored absence."""
        given = self._parse(fields, ABSENCE_PARSERS, ABSENCE_READ_ONLY)
        emp_id = self._body_employee_id(given)
        serial_no = given.get("serialNo", "")
        record = {**self._absence_to_update(serial_no, emp_id), **given}
        absence_type = self.absence_types.get(record["absenceType"])
        if absence_type and not absence_type.permisjon_id and "permisjonId" not in given:
            record["permisjonId"] = ""  # an auto permisjonId does not survive a change of type
        absence_type = check_absence(record, absence_type, self._child_ids(emp_id))
        if not serial_no:
            serial_no = str(self._next_serial_no)  # counted only once the absence is stored
            self._next_serial_no += 1
        record["serialNo"] = serial_no
        record["description"] = absence_type.description
        if absence_type.permisjon_id and not record["permisjonId"]:
            # The spec's example shows permisjonId equal to serialNo ("10"/"10") when generated.
            record["permisjonId"] = serial_no
        record["lastChanged"] = wire.oslo_timestamp(self._settings.clock())
        self._absences[serial_no] = record
        return absence_view(record)

    def absences(
        self,
        emp_id: str | None = None,
        *,
        serial_no: str = "",
        date_from: str = "",
        date_to: str = "",
    ) -> list[dict[str, Any]]:
        """Absences as ``GET /absence/v2[/{empId}]`` returns them, with its optional filters."""
        if emp_id is not None:
            emp_id = self._employee(emp_id).record["empId"]
        wanted_serial = wire.integer(minimum=1)("serialNo", serial_no)
        start = wire.parse_iso_date("datefrom", date_from) if date_from else None
        end = wire.parse_iso_date("dateto", date_to) if date_to else None
        return [
            absence_view(record)
            for record in self._absences.values()
            if emp_id in (None, record["empId"])
            and wanted_serial in ("", record["serialNo"])
            and overlaps(record, start, end)
        ]

    # --- children --------------------------------------------------------------------------

    def put_child(self, fields: dict[str, Any]) -> dict[str, Any]:
        """``POST /child/v2``: create, or update by ``childId``; return the stored child."""
        given = self._parse(fields, CHILD_PARSERS, CHILD_READ_ONLY)
        emp_id = self._body_employee_id(given)
        child_id = given.get("childId", "")
        # Choice (spec silent): childId is the payroll system's internal id, so an unknown one is a
        # 400 (like serialNo) rather than a new child with a caller-chosen id.
        if child_id and child_id not in self._children:
            raise PayrollValidationError("childId", f"childId {child_id} does not exist")
        current = self._children.get(child_id, dict.fromkeys(CHILD_PARSERS, ""))
        if child_id and current["empId"] != emp_id:
            raise PayrollValidationError("childId", "childId belongs to another employee")
        record = {**current, **given}
        check_child(record)
        if not child_id:
            record["childId"] = child_id = str(self._next_child_id)
            self._next_child_id += 1
        self._children[child_id] = record
        return child_view(record)

    def children(self, emp_id: str) -> list[dict[str, Any]]:
        """The employee's children as ``GET /child/v2/{empId}`` returns them."""
        emp_id = self._employee(emp_id).record["empId"]
        return [child_view(c) for c in self._children.values() if c["empId"] == emp_id]

    # --- organization ----------------------------------------------------------------------

    def update_organization(self, fields: dict[str, Any]) -> dict[str, Any]:
        """``POST /organization/v2``: update the company; sites without id are created."""
        self.organization = self.organization.updated(
            check.require_object("body", fields),
            strict_unknown_keys=self._settings.strict_unknown_keys,
        )
        return self.organization.view()

    # --- payroll runs (set up and locked by the administrator, read-only over the API) ----

    def add_payroll_run(
        self, start: date, end: date, payment: date, *, type: str = "Ordinary", name: str = ""
    ) -> int:
        """Set up a payroll run over `start`–`end`, paid on `payment` (unlocked); its id."""
        created = self._settings.clock().astimezone(wire.OSLO).strftime("%Y-%m-%d %H:%M:%S")
        run = PayrollRunRecord(0, start, end, payment, created, type=type, name=name)
        return self.payroll_run_book.add(run)

    def lock_payroll_run(self, run_id: int, locked: bool = True) -> None:
        """Lock a payroll run (its period is paid); `locked=False` opens it again."""
        self.payroll_run_book.lock(run_id, locked)

    def payroll_runs(self) -> list[dict[str, str]]:
        """The runs as `GET /payrollrun/v2/` returns them."""
        return self.payroll_run_book.listing()

    # --- helpers ---------------------------------------------------------------------------

    def _parse(
        self, fields: Any, parsers: dict[str, wire.Parser], read_only: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        return check.parse_known(
            check.require_object("body", fields),
            parsers,
            ignored=read_only,
            strict_unknown_keys=self._settings.strict_unknown_keys,
        )

    def _employee(self, emp_id: str) -> _Employee:
        # Choice (spec silent): an unknown empId in the path is a 404 with a JSON error, not 200 [].
        key = emp_id.lstrip("0") if emp_id.isdigit() else emp_id
        if key not in self._employees:
            raise PayrollNotFoundError(f"Employee with empId {emp_id} not found")
        return self._employees[key]

    def _body_employee_id(self, given: dict[str, Any]) -> str:
        check.require(given, "empId", "in the body")
        if given["empId"] not in self._employees:
            raise PayrollValidationError("empId", f"empId {given['empId']} does not exist")
        return str(given["empId"])

    def _absence_to_update(self, serial_no: str, emp_id: str) -> dict[str, str]:
        if not serial_no:
            return ABSENCE_DEFAULTS
        # serialNo is the payroll system's own counter: a number it never issued is an error.
        if serial_no not in self._absences:
            raise PayrollValidationError("serialNo", f"serialNo {serial_no} does not exist")
        # Choice (spec silent): an absence never moves to another employee through an update.
        if self._absences[serial_no]["empId"] != emp_id:
            raise PayrollValidationError("serialNo", "serialNo belongs to another employee")
        return self._absences[serial_no]

    def _child_ids(self, emp_id: str) -> set[str]:
        return {child_id for child_id, c in self._children.items() if c["empId"] == emp_id}

    def _today(self) -> str:
        return wire.oslo_date(self._settings.clock())
