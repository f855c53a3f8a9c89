"""Confirm creates: re-read payroll for every absence and child the diff would create.

One empty answer from payroll's absence list makes every leave look new; creating on that
evidence would give each `externalId` a second absence, and payroll pays both. So right before
the load, each owner's absences are read again (over a window around the leave, by employee or
company-wide by year as the moved-leave read chooses) and matched by `externalId`, and each
owner's children are read again and matched as the transform matches them (first name and birth
date). The change set is then computed again: what payroll has after all becomes an update, or
nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from prefect import task

from clients.payroll import PayrollClient
from clients.payroll_models import PayrollAbsence, PayrollChild
from schemas.absence_conversions import NEW_CHILD
from schemas.tenant import TenantConfig
from tasks.absences.diff import build_absence_changes
from tasks.absences.extract import MOVED_WINDOW, absences_within, by_serial
from tasks.absences.steps import AbsenceTarget, PayrollAbsences
from tasks.engine.changes import ChangeSet, RecordChange, bulk
from tasks.engine.confirm import log_confirmed
from tasks.engine.reads import READ_OPTIONS


def windows(records: Iterable[RecordChange]) -> dict[str, tuple[date, date]]:
    """Per employee with absence creates, the days to read: their leave and the moved window."""
    spans: dict[str, tuple[date, date]] = {}
    for record in records:
        start = date.fromisoformat(str(record.payload["startDate"]))
        end = date.fromisoformat(str(record.payload["endDate"]))
        low, high = spans.get(record.employee, (start, end))
        spans[record.employee] = (min(low, start), max(high, end))
    return {n: (a - MOVED_WINDOW, b + MOVED_WINDOW) for n, (a, b) in spans.items()}


async def read_again(
    payroll: PayrollClient,
    spans: Mapping[str, tuple[date, date]],
    parents: Sequence[str],
    employees: int,
) -> tuple[list[PayrollAbsence], dict[str, list[PayrollChild]]]:
    """The owners' absences in their windows, and the parents' children, read anew.

    `employees`: how many payroll has; the company-wide read is chosen when the owners are
    many of them (an initial export: one read per year instead of one per employee).
    """
    absences = await absences_within("confirming absence creates", payroll, spans, employees)
    children = await asyncio.gather(*(payroll.children(n) for n in parents))
    return absences, dict(zip(parents, children, strict=True))


def known_children(
    records: Iterable[RecordChange], children: Mapping[str, Sequence[PayrollChild]]
) -> dict[str, str]:
    """AlexisHR child id → payroll childId, for children to register that payroll has already."""
    known: dict[str, str] = {}
    for record in records:
        first, born = str(record.payload["firstname"]), str(record.payload["birthdate"])
        for child in children.get(record.employee, ()):
            if child.firstname.strip().casefold() == first.casefold() and (
                child.birthdate[:10] == born
            ):
                known[record.key] = child.childId
    return known


def with_known_children(target: AbsenceTarget, known: Mapping[str, str]) -> AbsenceTarget:
    """The target naming already-registered children by their payroll id, not as new."""
    if not known:
        return target
    markers = {f"{NEW_CHILD}{alexis_id}": child_id for alexis_id, child_id in known.items()}
    absences = target.absences.copy()
    absences["childId"] = absences["childId"].map(lambda v: markers.get(v, v))
    wanted = {k: v for k, v in target.new_children.items() if k not in known}
    return replace(target, absences=absences, new_children=wanted)


async def confirmed_absence_changes(
    payroll: PayrollClient,
    config: TenantConfig,
    target: AbsenceTarget,
    current: PayrollAbsences,
    changes: ChangeSet,
) -> ChangeSet:
    """The change set computed again over what payroll holds now, when it creates anything."""
    new = [r for r in changes.records if r.action == "create"]
    if not new:
        return changes
    absences = [r for r in new if r.entity == "absence"]
    children = [r for r in new if r.entity == "child"]
    parents = sorted({r.employee for r in children})
    spans = windows(absences)
    found, registered = await read_again(payroll, spans, parents, len(current.employees))
    again = by_serial(found, {r.key for r in absences})
    known = known_children(children, registered)
    if not again and not known:
        return changes
    # Found ones join the absences outside the period: updated like moved leave, never rejected.
    confirmed = replace(current, elsewhere=bulk((*current.elsewhere, *again)))
    return build_absence_changes(config.name, with_known_children(target, known), confirmed)


@task(name="confirm-creates", **READ_OPTIONS)
async def confirm_absence_creates(
    payroll: PayrollClient,
    config: TenantConfig,
    target: AbsenceTarget,
    current: PayrollAbsences,
    changes: ChangeSet,
) -> ChangeSet:
    """Re-read payroll behind every absence and child create and diff again (a read)."""
    confirmed = await confirmed_absence_changes(payroll, config, target, current, changes)
    log_confirmed(changes, confirmed)
    return confirmed
