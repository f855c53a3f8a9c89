"""Transform: run the absence rows of the mapping table, then gate on what payroll accepts."""

from __future__ import annotations

import pandas as pd
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas.absence_conversions import NEW_CHILD, child_names
from schemas.hr import HrLeaveFrame
from schemas.mapping import ABSENCE_RULES
from schemas.payroll import PayrollAbsenceFrame
from tasks.absences.steps import AbsenceTarget, LeaveSelection
from tasks.engine.diff import rows
from tasks.engine.rules import apply_rules, refused


def new_children(export: pd.DataFrame, absences: pd.DataFrame) -> dict[str, dict[str, str]]:
    """The payroll child records to create, keyed by the AlexisHR child id."""
    wanted: dict[str, dict[str, str]] = {}
    pairs = zip(rows(export), rows(absences), strict=True)
    for leave, absence in pairs:
        marker = str(absence["childId"])
        if not marker.startswith(NEW_CHILD):
            continue
        surname = leave[HrLeaveFrame.last_name]
        parent = surname if isinstance(surname, str) else ""
        first, last = child_names(str(leave[HrLeaveFrame.child_name]), parent)
        wanted[marker.removeprefix(NEW_CHILD)] = {
            "empId": str(absence["empId"]),
            "firstname": first,
            "lastname": last,
            "birthdate": leave[HrLeaveFrame.child_birthdate].isoformat(),
        }
    return wanted


def build_absence_target(tenant: str, selection: LeaveSelection) -> AbsenceTarget:
    """Map the selected leave to payroll absences; hold back any payroll would refuse."""
    absences = apply_rules(selection.export, ABSENCE_RULES)
    entries, bad = refused(tenant, PayrollAbsenceFrame, absences, ABSENCE_RULES)
    keep = absences.drop(index=bad)
    return AbsenceTarget(
        absences=keep.reset_index(drop=True),
        new_children=new_children(selection.export.loc[keep.index], keep),
        approved_ids=selection.approved_ids,
        quarantine=(*selection.quarantine, *entries),
        skipped=selection.skipped,
    )


@task(name="transform", cache_policy=NO_CACHE)
def transform_leave(tenant: str, selection: LeaveSelection) -> AbsenceTarget:
    """Map AlexisHR leave to 24SevenOffice absences (mapping table + payroll checks)."""
    target = build_absence_target(tenant, selection)
    get_run_logger().info("mapped %d absences", len(target.absences))
    return target
