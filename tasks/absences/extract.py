"""Extract for the absence sync: payroll absences, AlexisHR leave, payroll children."""

from __future__ import annotations

import asyncio
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from prefect import get_run_logger, task

from clients.alexis import AlexisClient
from clients.alexis_models import Leave
from clients.alexis_query import Filters
from clients.payroll import PayrollClient
from clients.payroll_models import PayrollAbsence, PayrollChild
from schemas.absence_codes import EXPORTED_LEAVE_STATUSES
from schemas.kinds import SyncKind
from schemas.tenant import TenantConfig
from tasks.absences.frames import payroll_number
from tasks.absences.scope import RunScope
from tasks.absences.steps import LeaveSnapshot, PayrollAbsences
from tasks.engine.changes import bulk
from tasks.engine.guards import check_alexis_read
from tasks.engine.progress import gather_tracked
from tasks.engine.reads import READ_OPTIONS
from tasks.people.extract import people_frames, read_people

ID_CHUNK = 100  # ids per `$in` filter, to keep URLs short
# How far before or after the period a leave's earlier absence is looked for when the leave was
# moved into the period (payroll can only be searched by date, not by externalId); two years
# cover a corrected year typo with room to spare.
MOVED_WINDOW = timedelta(days=2 * 366)
# Read the whole company's window instead of each owner's once owners are at least this share
# (1 in 4) of payroll's employees: the answers then carry at most four times the owners' data.
COMPANY_READ_SHARE = 4


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The instant a calendar day starts in the tenant's zone."""
    return datetime.combine(day, time(), zone).astimezone(UTC)


async def read_payroll_absences(payroll: PayrollClient, scope: RunScope) -> PayrollAbsences:
    """Read the period's absences (only those of the run's employees and types), people, types."""
    absences, employees, types = await asyncio.gather(
        payroll.absences(scope.period_from, scope.period_to),
        payroll.employees(),
        payroll.absence_types(),
    )
    mine = bulk(
        a for a in absences if scope.wants_employee(a.empId) and scope.wants_type(a.absenceType)
    )
    numbers = frozenset(e.empId for e in employees)
    return PayrollAbsences(mine, numbers, {t.code: t for t in types}, people=bulk(employees))


async def read_moved_absences(
    client: PayrollClient, scope: RunScope, payroll: PayrollAbsences, hr: LeaveSnapshot
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
    start, end = scope.period_from - MOVED_WINDOW, scope.period_to + MOVED_WINDOW
    windows = {n: (start, end) for n in sorted(set(wanted.values()))}
    found = await absences_within("reading moved absences", client, windows, len(payroll.employees))
    return replace(payroll, elsewhere=bulk(by_serial(found, wanted)))


def by_serial(
    found: Iterable[PayrollAbsence], external_ids: Container[str]
) -> list[PayrollAbsence]:
    """The wanted leave's absences, once each (a read by year returns one over New Year twice)."""
    return list({a.serialNo: a for a in found if a.externalId in external_ids}.values())


async def absences_within(
    label: str, client: PayrollClient, windows: Mapping[str, tuple[date, date]], employees: int
) -> list[PayrollAbsence]:
    """Each owner's absences within their window (and maybe others'), in the fewest round trips.

    One read per owner costs a round trip each; a company-wide read costs one round trip per
    year of the windows but carries everybody's absences. On a first run every employee with
    leave is an owner (payroll holds none of it yet): then the company-wide read is cheaper.
    """
    if len(windows) * COMPANY_READ_SHARE < employees:
        calls = [client.absences(a, b, emp_id=n) for n, (a, b) in windows.items()]
    else:
        start, end = min(a for a, _ in windows.values()), max(b for _, b in windows.values())
        # A year per request keeps each answer small (the list endpoint has no paging).
        calls = [client.absences(max(start, date(y, 1, 1)), min(end, date(y, 12, 31)))
                 for y in range(start.year, end.year + 1)]  # fmt: skip
    found = await gather_tracked(label, calls)
    return [a for answer in found for a in answer]


async def _leaves_by_id(alexis: AlexisClient, ids: Sequence[str]) -> list[Leave]:
    chunks = [list(ids[i : i + ID_CHUNK]) for i in range(0, len(ids), ID_CHUNK)]
    found = await asyncio.gather(*(alexis.leaves({"id": {"$in": c}}) for c in chunks))
    return [leave for chunk in found for leave in chunk]


async def read_hr_leave(
    alexis: AlexisClient, config: TenantConfig, scope: RunScope, payroll_leave_ids: Sequence[str]
) -> LeaveSnapshot:
    """Read people (for quarantine), the period's leave, and the leave payroll already holds.

    The people come without salaries: the absence sync never reads compensations. A leave
    payroll holds but the period read misses was moved out of the period or deleted; reading it
    by id tells which.
    """
    zone = ZoneInfo(config.timezone)
    people = await read_people(alexis, config)
    chosen = [e for e in people.employees if scope.wants_employee(payroll_number(e))]
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
    if not config.absences.send_leave_descriptions:
        # Health data stays in AlexisHR unless the tenant chose to send it (see AbsenceSettings).
        leaves = [leave.model_copy(update={"description": None}) for leave in leaves]
    return LeaveSnapshot(
        people_frames(people, zone),
        bulk(chosen),
        bulk(leaves),
        bulk(types),
        bulk(codes),
        bulk(children),
    )


async def read_payroll_children(
    payroll: PayrollClient, emp_ids: Sequence[str]
) -> dict[str, list[PayrollChild]]:
    """The children payroll knows of the given employees."""
    if not emp_ids:
        return {}
    found = await gather_tracked(
        "reading payroll children", (payroll.children(emp) for emp in emp_ids)
    )
    return dict(zip(emp_ids, found, strict=True))


@task(name="extract-payroll-absences", **READ_OPTIONS)
async def extract_payroll_absences(payroll: PayrollClient, scope: RunScope) -> PayrollAbsences:
    """Read payroll's absences in the period (never cached: a retry re-reads payroll)."""
    found = await read_payroll_absences(payroll, scope)
    get_run_logger().info("read %d absences from 24SevenOffice", len(found.absences))
    return found


@task(name="extract-hr-leave", **READ_OPTIONS)
async def extract_hr_leave(
    alexis: AlexisClient,
    config: TenantConfig,
    scope: RunScope,
    payroll: PayrollAbsences,
    allow_fewer: bool = False,
) -> LeaveSnapshot:
    """Read AlexisHR people and leave for the run (a read: safe to retry)."""
    known = [a.externalId for a in payroll.absences if a.externalId]
    found = await read_hr_leave(alexis, config, scope, known)
    count = len(found.people.employees)
    await check_alexis_read(config.name, SyncKind.absences, count, allow_fewer)
    get_run_logger().info("read %d leaves from AlexisHR", len(found.leaves))
    return found


@task(name="extract-payroll-moved-absences", **READ_OPTIONS)
async def extract_payroll_moved_absences(
    client: PayrollClient, scope: RunScope, hr: LeaveSnapshot, payroll: PayrollAbsences
) -> PayrollAbsences:
    """Find the earlier absences of leave moved into the period (a read: safe to retry)."""
    found = await read_moved_absences(client, scope, payroll, hr)
    if found.elsewhere:
        get_run_logger().info("%d absences of leave moved into the period", len(found.elsewhere))
    return found


@task(name="extract-payroll-children", **READ_OPTIONS)
async def extract_payroll_children(
    client: PayrollClient, hr: LeaveSnapshot, payroll: PayrollAbsences
) -> dict[str, list[PayrollChild]]:
    """Read payroll's children of employees whose leave names a child (for sick-child leave)."""
    owners = {leave.employeeId for leave in hr.leaves if leave.childId}
    numbers = sorted(
        {payroll_number(e) for e in hr.employees if e.id in owners} & payroll.employees
    )
    return await read_payroll_children(client, numbers)
