"""Diff: compare the integration fields of target and payroll, record by record.

The comparison runs on whole columns (`changed_rows`); only the records that are new or differ
are built field by field, so a no-change run of 100 000 employees costs a few column operations.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas.mapping import EMPLOYEE_KEY, EMPLOYEE_RULES, EMPLOYMENT_KEY, EMPLOYMENT_RULES
from tasks.employees.steps import PayrollSnapshot, PayrollTarget
from tasks.engine.changes import ChangeSet, RecordChange
from tasks.engine.diff import Row, changed_rows, field_changes, record_change, rows, write_payload

NO_MATCH = -1


def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    """A column as `str(value)` each (through numpy: iterating a pandas text array is slow)."""
    return [str(v) for v in frame[column].to_numpy(dtype=object)]


def _aligned(current: pd.DataFrame, positions: list[int], index: pd.Index) -> pd.DataFrame:
    """The current rows at `positions` (NO_MATCH gives a row of missing values), on `index`."""
    picked = current.reindex(positions)
    return picked.set_axis(index, axis=0)


def _records(entity: str, target: pd.DataFrame, current: pd.DataFrame, positions: list[int],
             key_field: str, emp_ids: list[str]) -> list[RecordChange]:  # fmt: skip
    """One record per target row: unchanged ones straight, the rest field by field."""
    rules = [r for r in (EMPLOYEE_RULES if entity == "employee" else EMPLOYMENT_RULES)
             if r.target != key_field]  # fmt: skip
    aligned = _aligned(current, positions, target.index)
    found = np.array([p != NO_MATCH for p in positions], dtype=bool)
    wanted = ~found
    if found.any():  # compare only the records payroll has (a first run has none)
        wanted[found] = changed_rows(target[found], aligned[found], rules).to_numpy()
    rows_new = iter(rows(target[wanted]))
    rows_old = iter(rows(aligned[wanted & found]))
    keys = _texts(target, key_field)
    old_keys = _texts(aligned, key_field) if key_field in aligned else keys
    records = []
    for i, (emp_id, is_found) in enumerate(zip(emp_ids, found.tolist(), strict=True)):
        key = old_keys[i] if is_found else keys[i]
        if not wanted[i]:
            records.append(RecordChange(entity, "unchanged", emp_id, key))
            continue
        row = next(rows_new)
        existing = next(rows_old) if is_found else None
        changes = field_changes(row, existing, rules)
        payload = write_payload(row, changes, rules, {key_field: key})
        records.append(record_change(entity, emp_id, key, changes, payload, not is_found))
    return records


def diff_employees(target: pd.DataFrame, current: pd.DataFrame) -> list[RecordChange]:
    """Employee records: create the new, update the changed; payroll-only ones are left alone."""
    emp_ids = _texts(target, EMPLOYEE_KEY)
    current = current.reset_index(drop=True)
    if current.empty:
        return _records(
            "employee", target, current, [NO_MATCH] * len(target), EMPLOYEE_KEY, emp_ids
        )
    # A payroll empId listed twice: the last one counts (as a dict built from the rows would).
    latest = current[EMPLOYEE_KEY].drop_duplicates(keep="last")
    at = pd.Index(latest.to_numpy(dtype=object)).get_indexer(emp_ids)
    positions = [int(latest.index[p]) if p != NO_MATCH else NO_MATCH for p in at]
    return _records("employee", target, current, positions, EMPLOYEE_KEY, emp_ids)


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


def employment_positions(target: pd.DataFrame, current: pd.DataFrame) -> list[int]:
    """For each target employment, the position of its payroll one in `current`, or NO_MATCH.

    Matched by (empId, employment_id) on whole columns; `match_employments` runs only for the
    employees with a target left unmatched and a payroll employment no target claims.
    """
    if current.empty:
        return [NO_MATCH] * len(target)
    mine = pd.MultiIndex.from_arrays([_owners(target), target[EMPLOYMENT_KEY].to_numpy(object)])
    theirs = pd.MultiIndex.from_arrays([_owners(current), current[EMPLOYMENT_KEY].to_numpy(object)])
    # An id listed twice for one employee: the last one counts, as in `match_employments`.
    last = ~theirs.duplicated(keep="last")
    at = theirs[last].get_indexer(mine)
    kept = [i for i, keep in enumerate(last) if keep]
    positions = [kept[p] if p != NO_MATCH else NO_MATCH for p in at]
    unmatched = {o for o, p in zip(mine.get_level_values(0), positions, strict=True) if p < 0}
    free = set(theirs[~theirs.isin(mine)].get_level_values(0)) & unmatched
    if free:
        _adopt(target, current, free, positions)
    return positions


def _owners(frame: pd.DataFrame) -> list[str]:
    return _texts(frame, "empId")


def _adopt(target: pd.DataFrame, current: pd.DataFrame, owners: set[str],
           positions: list[int]) -> None:  # fmt: skip
    """Match the employments of `owners` the careful way, adoption by start date included."""
    by_owner = pd.Series(_owners(current)).groupby(_owners(current)).indices
    mine = pd.Series(_owners(target)).groupby(_owners(target)).indices
    for owner in owners:
        at_target, at_current = list(mine[owner]), list(by_owner[owner])
        theirs = rows(current.iloc[at_current])
        place = {id(row): p for row, p in zip(theirs, at_current, strict=True)}
        found = match_employments(rows(target.iloc[at_target]), theirs)
        for n, t in enumerate(at_target):
            match = found[n]
            positions[t] = NO_MATCH if match is None else place[id(match)]


def diff_employments(target: pd.DataFrame, current: pd.DataFrame) -> list[RecordChange]:
    """Employment records per employee, matched by employment_id (or adopted by start date)."""
    # Grouped by empId in sorted order, each employee's in target order (as a stable sort
    # keeps them); a row without an empId belongs to no employee and is left out.
    target = target[target["empId"].notna()]
    target = target.sort_values("empId", kind="stable").reset_index(drop=True)
    current = current.reset_index(drop=True)
    positions = employment_positions(target, current)
    return _records("employment", target, current, positions, EMPLOYMENT_KEY, _owners(target))


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
