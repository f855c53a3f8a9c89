"""Diff: match payroll absences to AlexisHR leave by externalId; create, update or reject."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from clients.payroll_models import PayrollAbsence
from schemas.absence_conversions import NEW_CHILD
from schemas.mapping import ABSENCE_KEY, ABSENCE_RULES
from tasks.absences.steps import AbsenceTarget, PayrollAbsences
from tasks.engine.changes import ChangeSet, FieldChange, QuarantineEntry, RecordChange
from tasks.engine.diff import field_changes, rows

_COMPARED = [r for r in ABSENCE_RULES if r.target not in ("empId", ABSENCE_KEY)]
_DATES = {r.target for r in ABSENCE_RULES if r.compare == "date"}


def as_written(absence: PayrollAbsence) -> dict[str, str]:
    """A payroll absence's integration fields as they are written (dates without the time)."""
    fields = {r.target: str(getattr(absence, r.target, "") or "") for r in ABSENCE_RULES}
    return {k: v[:10] if k in _DATES else v for k, v in fields.items()}


def child_records(target: AbsenceTarget) -> list[RecordChange]:
    """Children payroll must know before a sick-child absence can name them."""
    return [
        RecordChange(
            "child",
            "create",
            child["empId"],
            alexis_id,
            tuple(FieldChange(k, "", v) for k, v in child.items() if k != "empId"),
            payload=dict(child),
        )  # fmt: skip
        for alexis_id, child in target.new_children.items()
    ]


def recoded(
    tenant: str, target: AbsenceTarget, current: dict[str, PayrollAbsence]
) -> dict[str, QuarantineEntry]:
    """Exported absences whose leave now maps to another absence type: held back, never applied.

    A new type changes pay (01 sykmelding is paid from the first day by NAV's rules, 03
    egenmelding by the employer's), and it mostly comes from renaming a leave type in AlexisHR,
    not from a decision about this leave. A person changes the absence in payroll by hand to
    accept it (the next run then finds nothing to change), or restores the leave type.
    """
    entries = {}
    for row in rows(target.absences):
        key, new = str(row[ABSENCE_KEY]), str(row["absenceType"])
        existing = current.get(key)
        if existing is None or existing.absenceType in ("", new):
            continue
        entries[key] = QuarantineEntry(
            tenant,
            str(row["empId"]),
            "typeId",
            f"of leave {key} now gives payroll absence type {new}, but payroll has it as type "
            f"{existing.absenceType}; a change of type changes pay, so it is held back: change "
            "the absence in payroll by hand, or restore the leave type",
        )
    return entries


def without_leave(target: AbsenceTarget, keys: Collection[str]) -> AbsenceTarget:
    """The target without the absences of `keys` (and children only they needed)."""
    if not keys:
        return target
    absences = target.absences[~target.absences[ABSENCE_KEY].isin(list(keys))]
    needed = {str(v).removeprefix(NEW_CHILD) for v in absences["childId"]}
    children = {k: v for k, v in target.new_children.items() if k in needed}
    return replace(target, absences=absences.reset_index(drop=True), new_children=children)


def absence_records(
    target: AbsenceTarget, current: dict[str, PayrollAbsence]
) -> list[RecordChange]:
    """Create what payroll lacks, update what differs (the whole absence, keyed by serialNo)."""
    records = []
    for row in rows(target.absences):
        key = str(row[ABSENCE_KEY])
        existing = current.get(key)
        old = as_written(existing) if existing else None
        changes = tuple(field_changes(row, old, _COMPARED))
        payload: dict[str, Any] = {r.target: row[r.target] for r in ABSENCE_RULES}
        emp_id = str(row["empId"])
        if existing is None:
            payload = {k: v for k, v in payload.items() if v != ""}
            records.append(RecordChange("absence", "create", emp_id, key, changes, payload))
        elif changes:
            payload["serialNo"] = existing.serialNo
            records.append(RecordChange("absence", "update", emp_id, key, changes, payload))
        else:
            records.append(RecordChange("absence", "unchanged", emp_id, key))
    return records


def withdrawn_records(
    target: AbsenceTarget, current: dict[str, PayrollAbsence]
) -> list[RecordChange]:
    """Exported absences whose leave was cancelled, denied or deleted: set to rejected (2).

    The payroll API has no delete. Leave that is still approved but not exported this run
    (a quarantined employee, an unmapped type) is left as it is.
    """
    exported = set(target.absences[ABSENCE_KEY]) if len(target.absences) else set()
    records = []
    for key, absence in sorted(current.items()):
        if key in exported or key in target.approved_ids or absence.approved == "2":
            continue
        payload = {**as_written(absence), "serialNo": absence.serialNo, "approved": "2"}
        records.append(
            RecordChange(
                "absence",
                "reject",
                absence.empId,
                key,
                (FieldChange("approved", absence.approved, "2"),),
                payload,
                note="leave cancelled, denied or deleted in AlexisHR",
            )  # fmt: skip
        )
    return records


def build_absence_changes(
    tenant: str, target: AbsenceTarget, payroll: PayrollAbsences
) -> ChangeSet:
    """The complete change set of an absence run."""
    current = {a.externalId: a for a in payroll.absences if a.externalId}
    moved_in = {a.externalId: a for a in payroll.elsewhere if a.externalId}
    known = {**moved_in, **current}
    held = recoded(tenant, target, known)
    target = without_leave(target, held.keys())
    records = [
        *child_records(target),
        *absence_records(target, known),
        *withdrawn_records(target, current),  # only the period's absences
    ]
    return ChangeSet(tenant, tuple(records), (*target.quarantine, *held.values()), target.skipped)


@task(name="diff", cache_policy=NO_CACHE)
def diff_absences(tenant: str, target: AbsenceTarget, payroll: PayrollAbsences) -> ChangeSet:
    """Compare target and payroll absences by externalId (hand-entered ones are never touched)."""
    changes = build_absence_changes(tenant, target, payroll)
    get_run_logger().info("%d record(s) to write", len(changes.writes()))
    return changes
