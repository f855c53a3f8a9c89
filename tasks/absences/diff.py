"""Diff: match payroll absences to AlexisHR leave by externalId; create, update or reject."""

from __future__ import annotations

from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from clients.payroll_models import PayrollAbsence
from schemas.mapping import ABSENCE_KEY, ABSENCE_RULES
from tasks.absences.extract import PayrollAbsences
from tasks.absences.transform import AbsenceTarget
from tasks.changes import ChangeSet, FieldChange, RecordChange
from tasks.diff import field_changes, rows

Current = dict[str, PayrollAbsence]
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
    records = [
        *child_records(target),
        *absence_records(target, {**moved_in, **current}),
        *withdrawn_records(target, current),  # only the period's absences
    ]
    return ChangeSet(tenant, tuple(records), target.quarantine, target.skipped)


@task(name="diff", cache_policy=NO_CACHE)
def diff_absences(tenant: str, target: AbsenceTarget, payroll: PayrollAbsences) -> ChangeSet:
    """Compare target and payroll absences by externalId (hand-entered ones are never touched)."""
    changes = build_absence_changes(tenant, target, payroll)
    get_run_logger().info("%d record(s) to write", len(changes.writes()))
    return changes
