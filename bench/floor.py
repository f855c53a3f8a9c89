"""The floor: a bare script with hrsync's httpx clients making only the calls a scenario needs.

No Prefect, no frames: the same AlexisHR list reads in full pages, one payroll employee list,
one employment read per payroll employee that existed before (24SevenOffice lists employments
one employee at a time), and the writes the scenario must make, at the clients' concurrency.

The writes are what the real sync changed in its own emulator pair (payroll before and after,
compared outside the timed part); the floor replays them against a second pair seeded alike,
which leaves both pairs in the same state for the next scenario.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from clients.alexis import AlexisClient
from clients.http import HttpSettings
from clients.payroll import PayrollClient

# Wide enough for every absence the seed makes around today (±90 days).
ABSENCE_WINDOW = (date(2000, 1, 1), date(2100, 12, 31))
Record = dict[str, Any]


@dataclass
class PayrollSnapshot:
    """One payroll company: employees, their employments, absences (as the API returns them)."""

    employees: dict[str, Record] = field(default_factory=dict)
    employments: dict[str, list[Record]] = field(default_factory=dict)
    absences: dict[str, Record] = field(default_factory=dict)
    children: dict[str, Record] = field(default_factory=dict)


async def snapshot(client: PayrollClient) -> PayrollSnapshot:
    """Read the whole company (outside any timing)."""
    shot = PayrollSnapshot()
    for employee in await client.employees():
        shot.employees[employee.empId] = employee.model_dump(exclude_defaults=True)
    ids = list(shot.employees)
    lists = await asyncio.gather(*(client.employments(i) for i in ids))
    for emp_id, items in zip(ids, lists, strict=True):
        shot.employments[emp_id] = [e.model_dump(exclude_defaults=True) for e in items]
    for kids in await asyncio.gather(*(client.children(i) for i in ids)):
        shot.children.update((c.childId, c.model_dump(exclude_defaults=True)) for c in kids)
    for absence in await client.absences(*ABSENCE_WINDOW):
        shot.absences[absence.serialNo] = absence.model_dump(exclude_defaults=True)
    return shot


@dataclass(frozen=True)
class Writes:
    """What a scenario wrote to payroll, as payloads to replay."""

    created: list[Record]
    updated: list[Record]
    employments: dict[str, list[Record]]
    absences: list[Record]
    children: dict[str, Record]  # by the id the first pair gave the child

    @property
    def count(self) -> int:
        """Write requests the floor makes."""
        parts = (self.created, self.updated, self.employments, self.absences, self.children)
        return sum(map(len, parts))

    def employees_written(self) -> list[str]:
        """The existing employees the scenario changed (an incremental floor reads only them)."""
        return sorted({str(r["empId"]) for r in self.updated} | set(self.employments))


def writes_between(before: PayrollSnapshot, after: PayrollSnapshot) -> Writes:
    """The payloads that turn `before` into `after` (new absences without their serial)."""
    created = [r for k, r in after.employees.items() if k not in before.employees]
    updated = [
        r for k, r in after.employees.items() if k in before.employees and before.employees[k] != r
    ]
    employments = {
        k: [_fresh(e, k in before.employments, "employment_id") for e in items]
        for k, items in after.employments.items()
        if before.employments.get(k) != items
    }
    absences = [
        _fresh(r, k in before.absences, "serialNo")
        for k, r in after.absences.items()
        if before.absences.get(k) != r
    ]
    children = {k: r for k, r in after.children.items() if before.children.get(k) != r}
    return Writes(created, updated, employments, absences, children)


# Absence reads carry a time after the day (`2026-12-01T00:00:00`); writes take the day alone.
_DAYS = ("startDate", "endDate", "startdateParental")


def _fresh(record: Record, known: bool, key: str) -> Record:
    # A record the other pair does not hold yet goes without the id the first pair gave it.
    payload = {k: v[:10] if k in _DAYS else v for k, v in record.items() if k != "lastChanged"}
    return payload if known else {k: v for k, v in payload.items() if k != key}


@dataclass(frozen=True)
class FloorPlan:
    """The minimal calls of a scenario."""

    alexis_resources: list[str]
    payroll_employees: list[str]  # whose employments are read (they existed before)
    read_absences: bool
    writes: Writes


async def run_floor(
    alexis_url: str, alexis_token: str, payroll_url: str, payroll_token: str, plan: FloorPlan
) -> float:
    """Make the plan's calls; the seconds they took."""
    settings = HttpSettings()
    async with (
        AlexisClient.connect(alexis_url, alexis_token, settings) as alexis,
        PayrollClient.connect(payroll_url, payroll_token, settings) as payroll,
    ):
        start = time.monotonic()
        await asyncio.gather(
            *(alexis.list_all(r) for r in plan.alexis_resources),
            payroll.employees(),
            *(payroll.employments(e) for e in plan.payroll_employees),
            *([payroll.absences(*ABSENCE_WINDOW)] if plan.read_absences else []),
        )
        await _write(payroll, plan.writes)
        return time.monotonic() - start


async def _employee(
    payroll: PayrollClient, number: str, created: Record | None, updated: Record | None,
    employments: list[Record] | None,
) -> None:  # fmt: skip
    """One employee's writes in the sync's order: the record, then their employments."""
    if created is not None:
        await payroll.create_employee(created)
    elif updated is not None:
        await payroll.update_employee(number, updated)
    if employments:
        await payroll.upsert_employments(number, employments)


async def _write(payroll: PayrollClient, writes: Writes) -> None:
    created = {str(r["empId"]): r for r in writes.created}
    updated = {str(r["empId"]): r for r in writes.updated}
    numbers = sorted({*created, *updated, *writes.employments})
    # As the sync's load: the client's concurrency of employees under way at once.
    gate = asyncio.Semaphore(payroll.max_concurrency)

    async def one(number: str) -> None:
        async with gate:
            await _employee(payroll, number, created.get(number), updated.get(number),
                            writes.employments.get(number))  # fmt: skip

    await asyncio.gather(*(one(n) for n in numbers))
    # New children first: an absence for a sick child names the id payroll gave the child.
    old = list(writes.children)
    made = await asyncio.gather(
        *(payroll.upsert_child({k: v for k, v in writes.children[c].items() if k != "childId"})
          for c in old)
    )  # fmt: skip
    ids = {o: m.childId for o, m in zip(old, made, strict=True)}
    await asyncio.gather(*(payroll.upsert_absence(_child_mapped(r, ids)) for r in writes.absences))


def _child_mapped(absence: Record, ids: dict[str, str]) -> Record:
    child = absence.get("childId")
    return {**absence, "childId": ids.get(child, child)} if child else absence


def alexis_resources(calls: Iterable[str]) -> list[str]:
    """The AlexisHR resources a sync listed (`GET /v1/employee` → `employee`)."""
    return sorted(
        {c.split("/v1/", 1)[1] for c in calls if c.startswith("GET /v1/") and "{id}" not in c}
    )
