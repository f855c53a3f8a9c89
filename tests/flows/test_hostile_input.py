"""Hostile AlexisHR input, through the real flows: each bad record held back, the rest synced.

One tenant gets valid employees with valid leave and, beside them, every kind of the corpus
(`hostile_employees.py`, `hostile_leave.py`). One employee sync and one absence sync run over
it; each parametrised test then checks its kind: named in the run's quarantine with field and
reason, nothing of it in the payroll emulator, and every valid employee and leave synced.
Kinds that would hold back everyone (a compensation row naming no employee) or touch every
absence (a leave row naming no leave) get a tenant of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest

from emulators.runtime import Emulators, Endpoints
from tasks.engine.changes import SyncReport
from tests.absence_support import add_child, add_leave, add_leave_type, report_of, run_absences
from tests.absence_support import standard_leave_types as leave_types
from tests.flows.hostile_corpus import OCT_1, OCT_31, TRIED, EmployeeKind, LeaveKind
from tests.flows.hostile_employees import EMPLOYEE_KINDS
from tests.flows.hostile_leave import LEAVE_KINDS
from tests.support import TestTenant, valid_fnr

pytestmark = pytest.mark.usefixtures("prefect_harness")

VALID = ("41", "42", "43", "44", "45")


@dataclass
class Planted:
    """What one kind put into AlexisHR: its employees' ids, names and leave."""

    hr_ids: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    last_names: list[str] = field(default_factory=list)
    fnrs: list[str] = field(default_factory=list)
    leave_id: str = ""


@dataclass(frozen=True)
class Outcome:
    """The corpus tenant after one employee sync and one absence sync."""

    tenant: TestTenant
    employees: SyncReport
    absences: SyncReport
    planted: dict[str, Planted]
    valid_leave: dict[str, str]  # AlexisHR leave id → employee number


def _employee(tenant: TestTenant, serial: int, number: str, **hr: Any) -> dict[str, Any]:
    # A fødselsnummer of its own: born on a day no other employee of the tenant was.
    born = date(1960, 1, 1) + timedelta(days=serial)
    defaults = {"lastName": f"Kind {serial}", "ssn": valid_fnr(0, born),
                "workEmail": f"kind{serial}@firma.no"}  # fmt: skip
    return tenant.add_employee(number, **{**defaults, **hr})


def plant_employee_kind(tenant: TestTenant, kind: EmployeeKind, serial: int) -> Planted:
    planted = Planted()
    if kind.raw_row is not None:
        resource, row = kind.raw_row
        tenant.alexis.raw_rows.setdefault(resource, []).append(row)
        return planted
    for offset, number in enumerate(kind.numbers or (str(300 + serial),)):
        record = _employee(tenant, serial * 10 + offset, number, **kind.hr)
        planted.hr_ids.append(record["id"])
        planted.numbers.append(number)
        planted.last_names.append(record["lastName"] or "")
        planted.fnrs.append(record["ssn"] or "")
    for resource, values in kind.corrupt.items():
        tenant.alexis.corrupt(resource, _owned(tenant, resource, planted.hr_ids[0]), values)
    return planted


def _owned(tenant: TestTenant, resource: str, hr_id: str) -> str:
    if resource == "employee":
        return hr_id
    if resource == "employment-type":
        return tenant.employment_type("Broken type")
    [record] = [r for r in tenant.alexis.all(resource) if r["employeeId"] == hr_id]
    return str(record["id"])


def plant_leave_kind(
    tenant: TestTenant, kind: LeaveKind, serial: int, types: dict[str, str]
) -> Planted:
    number = kind.number or str(500 + serial)
    person = _employee(tenant, 5000 + serial, number)
    type_id = types[kind.code]
    if "leave-type" in kind.corrupt:  # a type of its own, so the valid leave keeps theirs
        type_id = add_leave_type(tenant, f"Ferie {serial}", "VACATION")
        tenant.alexis.corrupt("leave-type", type_id, kind.corrupt["leave-type"])
    extra: dict[str, Any] = {}
    if kind.child is not None:
        child = {"name": "Ola Nordmann", "birthdate": date(2018, 3, 1), **kind.child}
        extra["childId"] = add_child(tenant, person, child["name"], child["birthdate"])
    fields = {"startDate": date(2026, 10, 5), "endDate": date(2026, 10, 9), **extra, **kind.leave}
    leave_id = add_leave(tenant, person, type_id, fields.pop("startDate"), **fields)
    if "leave" in kind.corrupt:
        tenant.alexis.corrupt("leave", leave_id, kind.corrupt["leave"])
    if "child" in kind.corrupt:
        tenant.alexis.corrupt("child", extra["childId"], kind.corrupt["child"])
    return Planted([person["id"]], [number], [person["lastName"]], [person["ssn"]], leave_id)


@pytest.fixture(scope="module")
def outcome(
    prefect_harness: None,
    hub: tuple[Emulators, Endpoints],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Outcome]:
    emulators, endpoints = hub
    with pytest.MonkeyPatch.context() as monkeypatch:
        # Descriptions are sent in this tenant, so a hostile one must be held back (with the
        # default, off, a description is dropped as it is read and never reaches payroll).
        tenant = TestTenant.create(
            "hostile", emulators, endpoints, tmp_path_factory.mktemp("hostile"), monkeypatch,
            extra="\n[absences]\nsend_leave_descriptions = true\n",
        )  # fmt: skip
        types = leave_types(tenant)
        valid = {number: tenant.add_employee(number) for number in VALID}
        planted = {
            name: plant_employee_kind(tenant, kind, serial)
            for serial, (name, kind) in enumerate(EMPLOYEE_KINDS.items())
        }
        planted |= {
            name: plant_leave_kind(tenant, kind, serial, types)
            for serial, (name, kind) in enumerate(LEAVE_KINDS.items())
        }
        valid_leave = {
            add_leave(tenant, person, types["04"], date(2026, 10, 12), date(2026, 10, 16)): number
            for number, person in valid.items()
        }
        employees = tenant.employee_sync().result()
        absences = report_of(run_absences(tenant, OCT_1, OCT_31))
        yield Outcome(tenant, employees, absences, planted, valid_leave)


def entries(report: SyncReport, label: str) -> list[tuple[str, str]]:
    """(field, reason) of every quarantine entry naming `label`."""
    return [(q["field"], q["reason"]) for q in report.quarantine if q["employee"] == label]


def labels(kind: EmployeeKind, planted: Planted) -> list[str]:
    if kind.label is not None:
        return [kind.label]
    if kind.by_id:
        return [f"AlexisHR id {hr_id}" for hr_id in planted.hr_ids]
    return [n.strip() for n in planted.numbers]


def nothing_in_payroll(tenant: TestTenant, planted: Planted) -> list[dict[str, Any]]:
    """Payroll employees that came from the planted records (must be none)."""
    return [
        e for e in tenant.payroll.employees()
        if e["lastname"] in planted.last_names or (e["personnr"] and e["personnr"] in planted.fnrs)
    ]  # fmt: skip


@pytest.mark.parametrize("name", EMPLOYEE_KINDS, ids=EMPLOYEE_KINDS)
def test_employee_kind_is_held_back_and_the_rest_synced(outcome: Outcome, name: str) -> None:
    kind, planted = EMPLOYEE_KINDS[name], outcome.planted[name]
    TRIED.append(f"employee · {name}")

    for label in labels(kind, planted):
        found = entries(outcome.employees, label)
        assert any(f == kind.field and kind.reason in r for f, r in found), (label, found)
    assert nothing_in_payroll(outcome.tenant, planted) == []
    assert set(VALID) <= {e["empId"] for e in outcome.tenant.payroll.employees()}


@pytest.mark.parametrize("name", LEAVE_KINDS, ids=LEAVE_KINDS)
def test_leave_kind_is_held_back_and_the_rest_exported(outcome: Outcome, name: str) -> None:
    kind, planted = LEAVE_KINDS[name], outcome.planted[name]
    TRIED.append(f"absence · {name}")
    found = entries(outcome.absences, planted.numbers[0].strip())
    assert any(f == kind.field and kind.reason in r for f, r in found), found
    exported = {a["externalId"]: a["empId"] for a in outcome.tenant.payroll.absences()}
    assert planted.leave_id not in exported
    assert {k: exported.get(k) for k in outcome.valid_leave} == outcome.valid_leave


def test_only_the_valid_employees_reach_payroll(outcome: Outcome) -> None:
    leave_owners = {outcome.planted[n].numbers[0] for n, k in LEAVE_KINDS.items() if not k.number}

    assert {e["empId"] for e in outcome.tenant.payroll.employees()} == {*VALID, *leave_owners}
    assert outcome.employees.summary.failed == 0
    assert outcome.absences.summary.failed == 0


def test_a_compensation_row_naming_no_employee_holds_back_everyone(tenant: TestTenant) -> None:
    for number in VALID:
        tenant.add_employee(number)
    tenant.alexis.raw_rows["compensation"] = [None]  # whose latest salary is it? unknown

    report = tenant.employee_sync().result()

    held = {q["employee"] for q in report.quarantine if q["field"] == "compensation.employeeId"}
    assert held == set(VALID)
    assert tenant.payroll.employees() == []
    TRIED.append("employee · compensation list: a null row (everyone held back)")


@pytest.mark.slow
def test_a_leave_row_naming_no_leave_rejects_no_absence(tenant: TestTenant) -> None:
    person = tenant.add_employee("41")
    tenant.employee_sync()
    vacation = leave_types(tenant)["04"]
    leave_id = add_leave(tenant, person, vacation, date(2026, 10, 5), date(2026, 10, 9))
    report_of(run_absences(tenant, OCT_1, OCT_31))
    tenant.alexis.update("leave", leave_id, {"status": "CANCELLED"})
    tenant.alexis.raw_rows["leave"] = [None]  # it might be any leave, also a re-approved one

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    assert [(q["field"], "no absence is set to rejected" in q["reason"]) for q in report.quarantine
            ] == [("leave", True)]  # fmt: skip
    assert [a["approved"] for a in tenant.payroll.absences()] == ["1"]
    tenant.alexis.raw_rows["leave"] = []
    report_of(run_absences(tenant, OCT_1, OCT_31))
    assert [a["approved"] for a in tenant.payroll.absences()] == ["2"]  # read whole: rejected
    TRIED.append("absence · leave list: a null row (no absence rejected that run)")


@pytest.mark.slow
@pytest.mark.parametrize("status", ["ESCALATED", None])
def test_an_exported_leave_whose_status_turns_unreadable_is_left_alone(
    tenant: TestTenant, status: str | None
) -> None:
    person = tenant.add_employee("41")
    tenant.employee_sync()
    vacation = leave_types(tenant)["04"]
    leave_id = add_leave(tenant, person, vacation, date(2026, 10, 5), date(2026, 10, 9))
    report_of(run_absences(tenant, OCT_1, OCT_31))
    tenant.alexis.corrupt("leave", leave_id, {"status": status})

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    assert [(q["employee"], q["field"]) for q in report.quarantine] == [("41", "status")]
    assert [(a["externalId"], a["approved"]) for a in tenant.payroll.absences()] == [
        (leave_id, "1")
    ]
    TRIED.append(f"absence · exported leave, status turned {status!r} (left alone)")
