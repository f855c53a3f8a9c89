"""Diff: compare the integration fields of target and payroll, record by record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

import pandas as pd
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas.identifiers import decimal_or_none
from schemas.mapping import EMPLOYEE_KEY, EMPLOYEE_RULES, EMPLOYMENT_KEY, EMPLOYMENT_RULES, Rule
from tasks.changes import ChangeSet, FieldChange, RecordChange
from tasks.extract import PayrollSnapshot
from tasks.transform import PayrollTarget

Row = Mapping[str, Any]


def rows(frame: pd.DataFrame) -> list[Row]:
    """The frame's rows as dicts keyed by column name."""
    return cast(list[Row], frame.to_dict("records"))


def comparable(value: object, compare: str) -> object:
    """A value in the form two systems agree on: `80` equals `80.00`, dates by their day."""
    text = value.strip() if isinstance(value, str) else ""
    if compare == "decimal":
        number = decimal_or_none(text)
        return text if number is None else number
    if compare == "date":
        return text[:10]
    return text


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """`{"internationalID.ID": x}` → `{"internationalID": {"ID": x}}`, as the API wants it."""
    nested: dict[str, Any] = {}
    for name, value in flat.items():
        head, _, tail = name.partition(".")
        if tail:
            nested.setdefault(head, {})[tail] = value
        else:
            nested[name] = value
    return nested


def _present(value: object) -> bool:
    return isinstance(value, str)  # missing values are NaN: "leave the payroll's value alone"


def field_changes(target: Row, current: Row | None, rules: Sequence[Rule]) -> list[FieldChange]:
    """Every integration field whose payroll value differs from the target (all, for a create)."""
    changes = []
    for rule in rules:
        new = target.get(rule.target)
        if not _present(new):
            continue
        old = "" if current is None else str(current.get(rule.target) or "")
        if current is None and new == "":
            continue
        if current is None or comparable(old, rule.compare) != comparable(new, rule.compare):
            changes.append(FieldChange(rule.target, old, str(new)))
    return changes


def write_payload(
    target: Row, changes: Iterable[FieldChange], rules: Sequence[Rule], key: dict[str, str]
) -> dict[str, Any]:
    """The key, the changed fields and their group mates (a salary travels whole)."""
    changed = {c.field for c in changes}
    groups = {r.group for r in rules if r.group and r.target in changed}
    flat = {
        r.target: target[r.target]
        for r in rules
        if (r.target in changed or (r.group and r.group in groups)) and _present(target[r.target])
    }
    return nest({**flat, **key})


def _record(entity: str, emp_id: str, key: str, changes: list[FieldChange],
            payload: dict[str, Any], is_new: bool) -> RecordChange:  # fmt: skip
    if is_new:
        return RecordChange(entity, "create", emp_id, key, tuple(changes), payload)
    if not changes:
        return RecordChange(entity, "unchanged", emp_id, key)
    return RecordChange(entity, "update", emp_id, key, tuple(changes), payload)


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
        records.append(_record("employee", emp_id, emp_id, changes, payload, existing is None))
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
                _record("employment", str(emp_id), key, changes, payload, existing is None)
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
