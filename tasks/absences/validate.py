"""Validate and select the leave to export: approved, mapped, valid, of synced employees."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pandas as pd
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from clients.payroll_models import PayrollChild
from schemas.absence_codes import EXPORTED_LEAVE_STATUSES
from schemas.hr import HrLeaveFrame
from schemas.hr_checks import LEAVE_STATUSES, UNKNOWN_STATUS
from schemas.tenant import TenantConfig
from tasks.absences.frames import choose_codes, leave_frame, payroll_number
from tasks.absences.overlaps import overlapping_leave
from tasks.absences.scope import RunScope
from tasks.absences.steps import LeaveSelection, LeaveSnapshot, PayrollAbsences
from tasks.engine.changes import QuarantineEntry
from tasks.engine.validate import (
    Failure,
    employee_label,
    failures,
    quarantine_entries,
    wire_failures,
)
from tasks.people.identity import PayrollPeople
from tasks.people.validate import validate_hr_frames

ORPHAN_LEAVE = (
    "AlexisHR sent a leave row that names no leave or employee: no absence is set to "
    "rejected this run, since it may be that leave's"
)


def _drop(frame: pd.DataFrame, mask: pd.Series, why: str, skipped: list[str]) -> pd.DataFrame:
    """Remove the rows of `mask`, noting per employee how many leaves went and why."""
    counts = Counter(frame.loc[mask, HrLeaveFrame.employee_number].fillna("?"))
    skipped += [f"employee {n}: {c} leave(s) skipped, {why}" for n, c in sorted(counts.items())]
    return frame[~mask]


def _drop_unmapped(frame: pd.DataFrame, skipped: list[str]) -> pd.DataFrame:
    unmapped = frame[HrLeaveFrame.code].isna()
    for name, count in sorted(Counter(frame.loc[unmapped, HrLeaveFrame.type_name]).items()):
        skipped.append(
            f"leave type '{name}': {count} leave(s) skipped, not mapped to a payroll absence "
            "type (add it to [absences.leave_type_overrides] of the tenant file)"
        )
    return frame[~unmapped]


def _exportable(frame: pd.DataFrame, scope: RunScope, held: set[str],
                payroll: PayrollAbsences, skipped: list[str]) -> pd.DataFrame:  # fmt: skip
    """Approved leave of the run's types that payroll can take, noting why the rest cannot."""
    rows = _drop_unmapped(frame[frame[HrLeaveFrame.status].isin(EXPORTED_LEAVE_STATUSES)], skipped)
    rows = rows[rows[HrLeaveFrame.code].map(scope.wants_type).astype(bool)]
    reasons: tuple[tuple[Callable[[pd.DataFrame], pd.Series], str], ...] = (
        (lambda r: r[HrLeaveFrame.employee_id].isin(held), "the employee is quarantined"),
        (lambda r: ~r[HrLeaveFrame.employee_number].isin(payroll.employees),
         "the employee is not in payroll yet"),
        (lambda r: ~r[HrLeaveFrame.code].isin(list(payroll.types)),
         "payroll has no such absence type"),
        (lambda r: (r[HrLeaveFrame.category] == "sick_child") & r[HrLeaveFrame.child_name].isna(),
         "sick-child leave names no child in AlexisHR"),
        (lambda r: (r[HrLeaveFrame.category] == "sick_child")
         & r[HrLeaveFrame.child_birthdate].isna(),
         "the leave's child has no birth date in AlexisHR"),
    )  # fmt: skip
    for unfit, why in reasons:
        rows = _drop(rows, unfit(rows), why, skipped)
    return rows


def overlaps_to_hold(
    tenant: str, frame: pd.DataFrame, exportable: pd.DataFrame
) -> list[tuple[QuarantineEntry, set[Hashable]]]:
    """Overlapping approved leave that touches this run's export, with the rows to hold back.

    Overlaps are looked for among all approved, mapped leave read (also of types this run does
    not export), so a run for one absence type does not export half of a conflict.
    """
    approved = frame[frame[HrLeaveFrame.status].isin(EXPORTED_LEAVE_STATUSES)]
    candidates = approved[approved[HrLeaveFrame.code].notna()]
    return [(e, rows) for e, rows in overlapping_leave(tenant, candidates)
            if rows & set(exportable.index)]  # fmt: skip


@dataclass(frozen=True)
class Unreadable:
    """Leave that is neither exported nor rejected: misfit rows and unknown statuses."""

    failures: list[Failure]
    leave_ids: frozenset[str]
    orphans: bool  # a misfit leave row without a usable id or employee id


def unreadable_leave(frame: pd.DataFrame, hr: LeaveSnapshot) -> Unreadable:
    """The leave rows AlexisHR's answer did not let us read, or that have a status new to us."""
    found = wire_failures(frame)
    misfit = {f.row for f in found}
    unknown = ~frame[HrLeaveFrame.status].isin(LEAVE_STATUSES)
    found += [Failure(row, "status", UNKNOWN_STATUS) for row in frame.index[unknown]
              if row not in misfit]  # fmt: skip
    rows = {f.row for f in found}
    orphans = any(
        leave.wire_problems and not (leave.id and leave.employeeId) for leave in hr.leaves
    )
    ids = frozenset(str(i) for i in frame.loc[list(rows), HrLeaveFrame.id])
    return Unreadable(found, ids, orphans)


def _orphan_entries(tenant: str, unreadable: Unreadable) -> list[QuarantineEntry]:
    if not unreadable.orphans:
        return []
    who = employee_label(None, None, "leave")
    return [QuarantineEntry(tenant, who, "leave", ORPHAN_LEAVE, "AlexisHR")]


def identity_quarantine(
    tenant: str, hr: LeaveSnapshot, payroll: PayrollAbsences
) -> dict[str, QuarantineEntry]:
    """Per AlexisHR employee id, why their number's payroll employee may be someone else."""
    found = {}
    known = PayrollPeople(payroll.people)
    for employee in hr.employees:
        number = payroll_number(employee)
        why = known.other_person(number, employee) if number else None
        if why is not None:
            found[employee.id] = QuarantineEntry(tenant, number, "ssn", why)
    return found


def select_leave(
    tenant: str,
    scope: RunScope,
    overrides: Mapping[str, str],
    hr: LeaveSnapshot,
    payroll: PayrollAbsences,
    children: Mapping[str, list[PayrollChild]],
    zone: ZoneInfo,
) -> LeaveSelection:
    """Build the leave frame and keep only what may go to payroll, saying why for the rest."""
    people = validate_hr_frames(tenant, hr.people.employees, hr.people.employments)
    held = set(hr.people.employees["id"]) - set(people.employees["id"])
    identities = {k: v for k, v in identity_quarantine(tenant, hr, payroll).items()
                  if k not in held}  # fmt: skip
    held |= set(identities)
    choices = choose_codes(hr.leave_types, hr.codes, overrides)
    frame = leave_frame(hr.leaves, hr.leave_types, choices, hr.employees, hr.children,
                        payroll.types, children, zone, hr.codes)  # fmt: skip
    unreadable = unreadable_leave(frame, hr)
    skipped: list[str] = []
    readable = frame[~frame[HrLeaveFrame.id].isin(unreadable.leave_ids)]
    rows = _exportable(readable, scope, held, payroll, skipped)
    found = failures(HrLeaveFrame, rows)
    entries = _entries(tenant, frame, unreadable.failures) + _entries(tenant, rows, found)
    valid = rows.drop(index=[f.row for f in found])
    overlaps = overlaps_to_hold(tenant, readable, valid)
    entries += [entry for entry, _ in overlaps]
    overlapped = [row for _, held_rows in overlaps for row in held_rows]
    export = valid[~valid.index.isin(overlapped)]
    return LeaveSelection(
        export=export.reset_index(drop=True),
        approved_ids=_left_alone(hr, payroll, unreadable),
        # A run for some employees reports only their quarantine, not everyone else's.
        quarantine=(
            *(q for q in people.quarantine if scope.wants_employee(q.employee)),
            *identities.values(),
            *entries,
            *_orphan_entries(tenant, unreadable),
        ),  # fmt: skip
        skipped=tuple(skipped),
    )


def _entries(tenant: str, frame: pd.DataFrame, found: list[Failure]) -> list[QuarantineEntry]:
    return quarantine_entries(
        tenant,
        found,
        lambda row: employee_label(frame.at[row, "employeeNumber"], frame.at[row, "employeeId"]),
    )


def _left_alone(
    hr: LeaveSnapshot, payroll: PayrollAbsences, unreadable: Unreadable
) -> frozenset[str]:
    """The leave ids whose payroll absences must not be rejected this run.

    Every approved leave read, also of employees outside the run (out of the tenant's scope),
    and every leave we could not read; after an orphan misfit row, every absence payroll has.
    """
    approved = {leave.id for leave in hr.leaves if leave.status.upper() in EXPORTED_LEAVE_STATUSES}
    if unreadable.orphans:
        approved |= {a.externalId for a in (*payroll.absences, *payroll.elsewhere) if a.externalId}
    return frozenset(approved | unreadable.leave_ids)


@task(name="validate", cache_policy=NO_CACHE)
def validate_leave(
    config: TenantConfig,
    scope: RunScope,
    hr: LeaveSnapshot,
    payroll: PayrollAbsences,
    children: Mapping[str, list[PayrollChild]],
) -> LeaveSelection:
    """Check the leave (pandera, lazy) and select what to export; report the rest."""
    overrides = config.absences.leave_type_overrides
    zone = ZoneInfo(config.timezone)
    selection = select_leave(config.name, scope, overrides, hr, payroll, children, zone)
    get_run_logger().info(
        "%d leaves to export, %d skipped notes, %d quarantine entries",
        len(selection.export),
        len(selection.skipped),
        len(selection.quarantine),
    )
    return selection
