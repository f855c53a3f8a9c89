"""Approval: split a change set into what is written at once and what waits for a person.

Generic over the pipelines: a pipeline declares its `RiskRules` (which fields, which numeric
thresholds, which fields travel together), and the engine holds the matching field changes of
updates, splits their records and payloads, applies the mass-change brake, and merges an
approved part back into the run's change set for the report.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from schemas.approval import BrakeSettings
from tasks.engine.changes import ChangeSet, FieldChange, LoadResult, RecordChange
from tasks.engine.report import shown


@dataclass(frozen=True)
class RiskRules:
    """Which field changes of updates are held for approval.

    Attributes:
        fields: a change to any of these payroll fields is held.
        percent: numeric fields held only when they move by more than this many percent.
        groups: field → group; a held field holds its whole group (a salary travels whole).
        always: hold every change of `fields`, whatever `percent` says (the payroll calendar
            forces this near a payment date).
    """

    fields: frozenset[str] = frozenset()
    percent: Mapping[str, float] = field(default_factory=dict)
    groups: Mapping[str, str] = field(default_factory=dict)
    always: bool = False


@dataclass(frozen=True)
class Hold:
    """What a run writes at once, and what waits for a person.

    Attributes:
        now: the change set to write at once (everything but the held part).
        held: the held records (only their held fields and their record keys).
        brake: why the mass-change brake tripped (then `now` writes nothing), or None.
        lines: one masked line per held field change, for the form and the report.
    """

    now: ChangeSet
    held: ChangeSet
    brake: str | None = None
    lines: tuple[str, ...] = ()

    @property
    def waiting(self) -> bool:
        """Whether anything waits for a person."""
        return bool(self.held.writes())


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None


def moved_by_more_than(change: FieldChange, percent: float) -> bool:
    """Whether a numeric value moves by more than `percent` % (unreadable or from 0: yes)."""
    old, new = _number(change.old), _number(change.new)
    if old is None or new is None or old == 0:
        return True
    return abs(new - old) * 100 > Decimal(str(percent)) * abs(old)


def is_risky(change: FieldChange, rules: RiskRules) -> bool:
    """Whether one field change of an update waits for approval."""
    if change.field not in rules.fields:
        return False
    limit = rules.percent.get(change.field)
    return rules.always or limit is None or moved_by_more_than(change, limit)


def with_mates(fields: Iterable[str], groups: Mapping[str, str]) -> set[str]:
    """The fields and every field of their groups."""
    names = set(fields)
    held_groups = {groups[f] for f in names if f in groups}
    return names | {f for f, g in groups.items() if g in held_groups}


def top(fields: Iterable[str]) -> set[str]:
    """Payload names of fields: `internationalID.ID` travels as `internationalID`."""
    return {f.partition(".")[0] for f in fields}


def split_record(
    record: RecordChange, rules: RiskRules
) -> tuple[RecordChange | None, RecordChange | None]:
    """The record's part written at once and its held part (None where a part is empty)."""
    if record.action != "update":
        return record, None
    risky = {c.field for c in record.changes if is_risky(c, rules)}
    if not risky:
        return record, None
    held_fields = with_mates(risky, rules.groups)
    held_names = top(held_fields)
    changed_names = top(with_mates((c.field for c in record.changes), rules.groups))

    def part(keep: bool) -> RecordChange | None:
        changes = tuple(c for c in record.changes if (c.field in held_fields) == keep)
        if not changes:
            return None
        payload = {
            k: v
            for k, v in record.payload.items()
            if (k in held_names) == keep or k not in changed_names  # the key goes with both
        }
        return replace(record, changes=changes, payload=payload)

    return part(False), part(True)


def hold_risky(changes: ChangeSet, rules: RiskRules, always: bool = False) -> Hold:
    """Split off the risky field changes of updates (`always`: whatever the thresholds)."""
    rules = replace(rules, always=rules.always or always)
    now: list[RecordChange] = []
    held: list[RecordChange] = []
    for record in changes.records:
        at_once, waiting = split_record(record, rules)
        now += [at_once] if at_once else []
        held += [waiting] if waiting else []
    return Hold(
        now=replace(changes, records=tuple(now)),
        held=ChangeSet(tenant=changes.tenant, records=tuple(held)),
        lines=describe(held, rules.percent),
    )


def record_name(record: RecordChange) -> str:
    """`employee 7`, or `employee 7 · employment 7-1`: the record, each part named once."""
    if record.entity == "employee":
        return f"employee {record.employee}"
    return f"employee {record.employee} · {record.entity} {record.key}"


def described(change: FieldChange, relative: Collection[str]) -> str:
    """`account: (changed)`; a `relative` field also says by how much: `salary: (changed, +12.0 %)`.

    The share of a change tells an approver what they need without the amount itself.
    """
    text = shown(change)
    old, new = _number(change.old), _number(change.new)
    if change.field in relative and old and new is not None and text.endswith("(changed)"):
        text = text.removesuffix(")") + f", {(new - old) * 100 / old:+.1f} %)"
    return text


def describe(records: Iterable[RecordChange], relative: Collection[str] = ()) -> tuple[str, ...]:
    """`employee 7 · account: (changed)`: masked, one line per field change."""
    return tuple(f"{record_name(r)} · {described(c, relative)}" for r in records for c in r.changes)


def changed_employees(changes: ChangeSet) -> set[str]:
    """The employees the change set writes anything for (creates too)."""
    return {r.employee for r in changes.writes()}


def counts_per_field(changes: ChangeSet) -> dict[str, int]:
    """Per payroll field, the employees whose existing record's value would change."""
    who: dict[str, set[str]] = {}
    for record in changes.records:
        if record.action == "update":
            for change in record.changes:
                who.setdefault(change.field, set()).add(record.employee)
    return {name: len(numbers) for name, numbers in sorted(who.items())}


def brake_reason(changes: ChangeSet, employees: int, brake: BrakeSettings) -> str | None:
    """Why the change set is too big to write without a person, or None."""
    changed, per_field = len(changed_employees(changes)), counts_per_field(changes)
    if not brake.tripped_by(changed, employees, per_field):
        return None
    counts = ", ".join(f"{name} on {n}" for name, n in per_field.items()) or "new records only"
    return (
        f"mass-change brake: the run would change {changed} of {employees} employees "
        f"({counts}; limits: {brake.max_share:.0%} of employees, {brake.max_per_field} per field)"
    )


def hold_everything(changes: ChangeSet, reason: str) -> Hold:
    """The whole change set waits (the brake): nothing is written before the answer."""
    writes = changes.writes()
    unchanged = tuple(r for r in changes.records if r.action == "unchanged")
    per_field = [f"{name}: {n} employee(s)" for name, n in counts_per_field(changes).items()]
    creates = sum(r.action == "create" for r in writes)
    lines = (*per_field, *([f"new records: {creates}"] if creates else []))
    return Hold(
        now=replace(changes, records=unchanged),
        held=ChangeSet(tenant=changes.tenant, records=writes),
        brake=reason,
        lines=lines,
    )


def _merged(first: RecordChange, second: RecordChange) -> RecordChange:
    payload: dict[str, Any] = {**first.payload, **second.payload}
    return replace(first, changes=(*first.changes, *second.changes), payload=payload)


def merge(now: ChangeSet, approved: Iterable[RecordChange], skipped: Iterable[str]) -> ChangeSet:
    """The run's change set as written: approved parts joined to their records, skips named."""
    records = list(now.records)
    index = {(r.entity, r.key): i for i, r in enumerate(records)}
    for part in approved:
        at = index.get((part.entity, part.key))
        if at is None:
            index[(part.entity, part.key)] = len(records)
            records.append(part)
        else:
            records[at] = _merged(records[at], part)
    return replace(now, records=tuple(records), skipped=(*now.skipped, *skipped))


def combined(first: LoadResult, second: LoadResult) -> LoadResult:
    """Two loads of one run as one result."""
    return LoadResult(
        written=(*first.written, *second.written),
        failures=(*first.failures, *second.failures),
        dry_run=first.dry_run,
    )
