"""Diff: compare the integration fields of target and payroll, record by record."""

from __future__ import annotations

import pandas as pd
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas.mapping import EMPLOYEE_KEY, EMPLOYEE_RULES, EMPLOYMENT_KEY, EMPLOYMENT_RULES
from tasks.employees.steps import PayrollSnapshot, PayrollTarget
from tasks.engine.changes import ChangeSet, RecordChange
from tasks.engine.diff import Row, field_changes, record_change, rows, write_payload


def diff_employees(target: pd.DataFrame, current: pd.DataFrame) -> list[RecordChange]:
    """Employee records: create the new, update the changed; payroll-only ones are left alone."""
    by_number = {row[EMPLOYEE_KEY]: row for row in rows(current)}
    rules = [r for r in EMPLOYEE_RULES if r.target != EMPLOYEE_KEY]
    records = []
    for row in rows(target):
        emp_id = str(row[EMPLOYEE_KEY])
        existing = by_number.get(emp_id)
        changes = field_changes(row, existing, rules)
        payload = write_payload(row, changes, rules, {EMPLOYEE_KEY: emp_id})
        is_new = existing is None
        records.append(record_change("employee", emp_id, emp_id, changes, payload, is_new))
    return records


def match_employments(targets: list[Row], current: list[Row]) -> dict[int, Row | None]:
    """Pair each target employment with a payroll one: by id, else adopt one by start date.

    Adoption covers employments typed into payroll before the integration ran: they keep their
    own id, and are matched by start date as long as no employment carries the AlexisHR id.
    """
    by_id = {row[EMPLOYMENT_KEY]: row for row in current}
    target_ids = {t[EMPLOYMENT_KEY] for t in targets}
    free = [row for row in current if row[EMPLOYMENT_KEY] not in target_ids]
    matches: dict[int, Row | None] = {}
    for index, target in enumerate(targets):
        found = by_id.get(target[EMPLOYMENT_KEY])
        if found is None:
            found = next((r for r in free if r["startdate"][:10] == target["startdate"]), None)
            if found is not None:
                free.remove(found)
        matches[index] = found
    return matches


def diff_employments(target: pd.DataFrame, current: pd.DataFrame) -> list[RecordChange]:
    """Employment records per employee, matched by employment_id (or adopted by start date)."""
    rules = [r for r in EMPLOYMENT_RULES if r.target != EMPLOYMENT_KEY]
    current_by_emp: dict[str, list[Row]] = {}
    for row in rows(current):
        current_by_emp.setdefault(str(row["empId"]), []).append(row)
    records = []
    for emp_id, group in target.groupby("empId", sort=True):
        targets = rows(group)
        matches = match_employments(targets, current_by_emp.get(str(emp_id), []))
        for index, row in enumerate(targets):
            existing = matches[index]
            key = str(existing[EMPLOYMENT_KEY] if existing else row[EMPLOYMENT_KEY])
            changes = field_changes(row, existing, rules)
            payload = write_payload(row, changes, rules, {EMPLOYMENT_KEY: key})
            records.append(
                record_change("employment", str(emp_id), key, changes, payload, existing is None)
            )
    return records


def build_change_set(tenant: str, target: PayrollTarget, current: PayrollSnapshot) -> ChangeSet:
    """The complete, typed change set of an employee sync."""
    records = diff_employees(target.employees, current.employees)
    records += diff_employments(target.employments, current.employments)
    return ChangeSet(tenant=tenant, records=tuple(records), quarantine=target.quarantine)


@task(name="diff", cache_policy=NO_CACHE)
def diff_payroll(tenant: str, target: PayrollTarget, current: PayrollSnapshot) -> ChangeSet:
    """Compare target and payroll integration fields (never cached: it must see payroll now)."""
    changes = build_change_set(tenant, target, current)
    get_run_logger().info("%d record(s) to write", len(changes.writes()))
    return changes
