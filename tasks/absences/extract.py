"""Extract for the absence sync: payroll absences, AlexisHR leave, payroll children."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from prefect import get_run_logger, task

from clients.alexis import AlexisClient
from clients.alexis_models import Child, Employee, Leave, LeaveType, LeaveTypeCode
from clients.alexis_query import Filters
from clients.payroll_models import AbsenceType, PayrollAbsence, PayrollChild, PayrollEmployee
from schemas.absence_codes import EXPORTED_LEAVE_STATUSES
from schemas.tenant import TenantConfig
from tasks.absences.frames import payroll_number
from tasks.engine.connections import alexis_client, payroll_client
from tasks.engine.guards import check_alexis_read
from tasks.engine.progress import gather_tracked
from tasks.engine.reads import READ_OPTIONS
from tasks.people.extract import HrSnapshot, read_people

ID_CHUNK = 100  # ids per `$in` filter, to keep URLs short
# How far before or after the period a leave's earlier absence is looked for when the leave was
# moved into the period (payroll can only be searched by date, not by externalId); two years
# cover a corrected year typo with room to spare.
MOVED_WINDOW = timedelta(days=2 * 366)


@dataclass(frozen=True)
class RunScope:
    """What one absence run covers: the period, and optionally some employees and types."""

    period_from: date
    period_to: date
    employees: tuple[str, ...] = ()
    absence_types: tuple[str, ...] = ()

    def wants_employee(self, number: str) -> bool:
        """Whether the run covers this employee number."""
        return not self.employees or number in self.employees

    def wants_type(self, code: str) -> bool:
        """Whether the run covers this payroll absence type."""
        return not self.absence_types or code in self.absence_types


@dataclass(frozen=True)
class PayrollAbsences:
    """Payroll's absences overlapping the period (within the run's scope), people and types."""

    absences: tuple[PayrollAbsence, ...]
    employees: frozenset[str]
    types: dict[str, AbsenceType]
    # Absences outside the period whose leave is in it now (moved in): updated, never rejected.
    elsewhere: tuple[PayrollAbsence, ...] = ()
    # The payroll employees themselves: whose identity numbers tell who each number is.
    people: tuple[PayrollEmployee, ...] = ()


@dataclass(frozen=True)
class LeaveSnapshot:
    """AlexisHR's leave for the run: the period's leave plus every leave payroll refers to."""

    people: HrSnapshot
    employees: tuple[Employee, ...]
    leaves: tuple[Leave, ...]
    leave_types: tuple[LeaveType, ...]
    codes: tuple[LeaveTypeCode, ...]
    children: tuple[Child, ...]


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The instant a calendar day starts in the tenant's zone."""
    return datetime.combine(day, time(), zone).astimezone(UTC)


async def read_payroll_absences(tenant: TenantConfig, scope: RunScope) -> PayrollAbsences:
    """Read the period's absences (only those of the run's employees and types), people, types."""
    async with payroll_client(tenant) as payroll:
        absences, employees, types = await asyncio.gather(
            payroll.absences(scope.period_from, scope.period_to),
            payroll.employees(),
            payroll.absence_types(),
        )
    mine = tuple(
        a for a in absences if scope.wants_employee(a.empId) and scope.wants_type(a.absenceType)
    )
    numbers = frozenset(e.empId for e in employees)
    return PayrollAbsences(mine, numbers, {t.code: t for t in types}, people=tuple(employees))


async def read_moved_absences(
    tenant: TenantConfig, scope: RunScope, payroll: PayrollAbsences, hr: LeaveSnapshot
) -> PayrollAbsences:
    """Add the absences outside the period of approved leave that payroll lacks in the period.

    Such a leave was exported in an earlier run and has since moved into the period; without
    its absence the diff would create a second one. Only the employees owning such leave are
    read, each over a window around the period (payroll cannot be searched by externalId).
    """
    known = {a.externalId for a in payroll.absences}
    numbers = {e.id: payroll_number(e) for e in hr.employees}
    wanted = {
        leave.id: numbers[leave.employeeId]
        for leave in hr.leaves
        if leave.id not in known
        and leave.status.upper() in EXPORTED_LEAVE_STATUSES
        and numbers.get(leave.employeeId) in payroll.employees
    }
    if not wanted:
        return payroll
    window = (scope.period_from - MOVED_WINDOW, scope.period_to + MOVED_WINDOW)
    owners = sorted(set(wanted.values()))
    async with payroll_client(tenant) as client:
        found = await gather_tracked(
            "reading moved absences", (client.absences(*window, emp_id=n) for n in owners)
        )
    moved = tuple(a for absences in found for a in absences if a.externalId in wanted)
    return replace(payroll, elsewhere=moved)


async def _leaves_by_id(alexis: AlexisClient, ids: Sequence[str]) -> list[Leave]:
    chunks = [list(ids[i : i + ID_CHUNK]) for i in range(0, len(ids), ID_CHUNK)]
    found = await asyncio.gather(*(alexis.leaves({"id": {"$in": c}}) for c in chunks))
    return [leave for chunk in found for leave in chunk]


async def read_hr_leave(
    tenant: TenantConfig, scope: RunScope, payroll_leave_ids: Sequence[str]
) -> LeaveSnapshot:
    """Read people (for quarantine), the period's leave, and the leave payroll already holds.

    A leave payroll holds but the period read misses was moved out of the period or deleted;
    reading it by id tells which.
    """
    zone = ZoneInfo(tenant.timezone)
    async with alexis_client(tenant) as alexis:
        people, employees = await read_people(alexis, tenant)
        chosen = [e for e in employees if scope.wants_employee(payroll_number(e))]
        window: Filters = {
            "startDate": {"$lt": local_midnight(scope.period_to + timedelta(days=1), zone)},
            "endDate": {"$gte": local_midnight(scope.period_from, zone)},
        }
        if scope.employees:
            window = {**window, "employeeId": {"$in": [e.id for e in chosen]}}
        in_period, (types, codes), children = await asyncio.gather(
            alexis.leaves(window), alexis.leave_types(), alexis.children()
        )
        seen = {leave.id for leave in in_period}
        missing = [i for i in payroll_leave_ids if i not in seen]
        moved = await _leaves_by_id(alexis, missing) if missing else []
    leaves = [*in_period, *moved]
    if not tenant.absences.send_leave_descriptions:
        # Health data stays in AlexisHR unless the tenant chose to send it (see AbsenceSettings).
        leaves = [leave.model_copy(update={"description": None}) for leave in leaves]
    return LeaveSnapshot(
        people, tuple(chosen), tuple(leaves), tuple(types), tuple(codes), tuple(children)
    )


async def read_payroll_children(
    tenant: TenantConfig, emp_ids: Sequence[str]
) -> dict[str, list[PayrollChild]]:
    """The children payroll knows of the given employees."""
    if not emp_ids:
        return {}
    async with payroll_client(tenant) as payroll:
        found = await gather_tracked(
            "reading payroll children", (payroll.children(emp) for emp in emp_ids)
        )
    return dict(zip(emp_ids, found, strict=True))


@task(name="extract-payroll-absences", **READ_OPTIONS)
async def extract_payroll_absences(tenant: TenantConfig, scope: RunScope) -> PayrollAbsences:
    """Read payroll's absences in the period (never cached: a retry re-reads payroll)."""
    found = await read_payroll_absences(tenant, scope)
    get_run_logger().info("read %d absences from 24SevenOffice", len(found.absences))
    return found


@task(name="extract-hr-leave", **READ_OPTIONS)
async def extract_hr_leave(
    tenant: TenantConfig, scope: RunScope, payroll: PayrollAbsences, allow_fewer: bool = False
) -> LeaveSnapshot:
    """Read AlexisHR people and leave for the run (a read: safe to retry)."""
    known = [a.externalId for a in payroll.absences if a.externalId]
    found = await read_hr_leave(tenant, scope, known)
    await check_alexis_read(tenant.name, "absence", len(found.people.employees), allow_fewer)
    get_run_logger().info("read %d leaves from AlexisHR", len(found.leaves))
    return found


@task(name="extract-payroll-moved-absences", **READ_OPTIONS)
async def extract_payroll_moved_absences(
    tenant: TenantConfig, scope: RunScope, hr: LeaveSnapshot, payroll: PayrollAbsences
) -> PayrollAbsences:
    """Find the earlier absences of leave moved into the period (a read: safe to retry)."""
    found = await read_moved_absences(tenant, scope, payroll, hr)
    if found.elsewhere:
        get_run_logger().info("%d absences of leave moved into the period", len(found.elsewhere))
    return found


@task(name="extract-payroll-children", **READ_OPTIONS)
async def extract_payroll_children(
    tenant: TenantConfig, hr: LeaveSnapshot, payroll: PayrollAbsences
) -> dict[str, list[PayrollChild]]:
    """Read payroll's children of employees whose leave names a child (for sick-child leave)."""
    owners = {leave.employeeId for leave in hr.leaves if leave.childId}
    numbers = sorted(
        {payroll_number(e) for e in hr.employees if e.id in owners} & payroll.employees
    )
    return await read_payroll_children(tenant, numbers)
