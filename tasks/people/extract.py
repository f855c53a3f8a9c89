"""Extract people: the AlexisHR employees in the tenant's scope and their employments, read once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from clients.alexis import AlexisClient
from clients.alexis_models import Compensation
from schemas.tenant import TenantConfig
from tasks.people.frames import absent_note, employee_frame, employment_frame
from tasks.people.scope import employees_in_scope
from tasks.people.steps import HrSnapshot, People

# Tenant name → (the config it was read with, its people), while `people_read_once` is open.
_shared: list[dict[str, tuple[TenantConfig, People]]] = []


@contextmanager
def people_read_once() -> Iterator[None]:
    """Within the block, each tenant's people are read once and shared by every sync run in it.

    `hrsync sync` runs both syncs of a tenant one after the other in one process; AlexisHR's
    employees do not change because payroll was written, so the absence sync takes the people
    the employee sync read. Only in memory, and only for the block: a scheduled run reads anew.
    """
    _shared.append({})
    try:
        yield
    finally:
        _shared.pop()


async def read_people(alexis: AlexisClient, config: TenantConfig) -> People:
    """The employees in the tenant's scope with every employment and type (all pages)."""
    memo = _shared[-1] if _shared else {}
    if config.name in memo and memo[config.name][0] == config:
        return memo[config.name][1]
    scoped, employments, types = await asyncio.gather(
        employees_in_scope(alexis, config.name, config.scope),
        alexis.employments(),
        alexis.employment_types(),
    )
    people = People(tuple(scoped.employees), tuple(employments), tuple(types), scoped.note)
    if _shared:
        memo[config.name] = (config, people)
    return people


def people_frames(
    people: People, zone: ZoneInfo, compensations: Iterable[Compensation] = ()
) -> HrSnapshot:
    """The people as frames; the salary columns filled from `compensations` when given."""
    frame = employee_frame(people.employees, compensations, zone)
    return HrSnapshot(
        employees=frame,
        employments=employment_frame(people.employments, people.types, people.employees, zone),
        scope_note=people.scope_note,
        absent_note=absent_note(frame),
    )
