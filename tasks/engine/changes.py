"""The typed results passed between the sync tasks: quarantine, change set, load outcome."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, overload

from clients.errors import redact
from schemas.kinds import SyncKind

Action = Literal["create", "update", "unchanged", "reject"]
ItemT = TypeVar("ItemT")


class Bulk(Sequence[ItemT]):
    """An immutable sequence that Prefect's input walker takes as one value, not as its items.

    Prefect visits every list, tuple, dict and dataclass in a task's inputs and result (looking
    for futures and drawing the graph's edges), ~20 µs per object under load: a change set of
    100 000 employees is millions of objects and cost minutes per task that took it. A Bulk is
    no tuple, so the walk stops at it; the edge to the task that made it stays, by identity.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[ItemT] = ()) -> None:
        self._items = tuple(items)

    @overload
    def __getitem__(self, index: int) -> ItemT: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[ItemT, ...]: ...
    def __getitem__(self, index: int | slice) -> ItemT | tuple[ItemT, ...]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[ItemT]:
        return iter(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Bulk | tuple):
            return self._items == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._items)

    def __repr__(self) -> str:
        return f"Bulk({self._items!r})"


def bulk(items: Iterable[ItemT]) -> Bulk[ItemT]:
    """`items` as a Bulk (a Bulk given is kept as it is)."""
    return items if isinstance(items, Bulk) else Bulk(items)


def _bulk_fields(record: object, *names: str) -> None:
    """Turn the named fields of a frozen dataclass into Bulks (after the generated __init__)."""
    for name in names:
        object.__setattr__(record, name, bulk(getattr(record, name)))


@dataclass(frozen=True)
class QuarantineEntry:
    """One reason an employee (or a record of theirs) is held back from this sync.

    Attributes:
        tenant: the tenant's name.
        employee: the employee number, or `AlexisHR id …` when there is no usable number.
        field: the field to fix, by its name in `system`.
        reason: what is wrong, without the value (it may be personal data).
        system: where the value has to be fixed.
    """

    tenant: str
    employee: str
    field: str
    reason: str
    system: str = "AlexisHR"

    def __post_init__(self) -> None:
        # A safety net under every quarantine rule: a reason that quotes a value by mistake
        # (a validator's message, an API's refusal) loses its personal numbers here.
        object.__setattr__(self, "reason", redact(self.reason))

    def __str__(self) -> str:
        return f"tenant {self.tenant}, employee {self.employee}: {self.field} {self.reason}"


# Slots: a first sync of 100 000 employees holds ~2.3 million field changes and ~200 000
# records at once, and an instance's __dict__ more than doubled their size.
@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's old and new payroll value."""

    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class RecordChange:
    """What the sync does to one payroll record, and the exact payload it sends.

    Attributes:
        entity: `employee`, `employment`, `absence` or `child`.
        action: create, update, unchanged, or reject (an absence set to rejected).
        employee: the employee number (payroll empId).
        key: the record's key in payroll (empId, employment_id, externalId…).
        changes: field-level old → new; for a create, every field set.
        payload: the body the load sends (empty when unchanged).
        note: why, when the action needs explaining.
    """

    entity: str
    action: Action
    employee: str
    key: str
    changes: tuple[FieldChange, ...] = ()
    payload: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class ChangeSet:
    """Everything one sync run would write: the dry run prints it, the load executes it."""

    tenant: str
    records: Sequence[RecordChange] = ()
    quarantine: Sequence[QuarantineEntry] = ()
    skipped: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _bulk_fields(self, "records", "quarantine")

    def writes(self) -> Bulk[RecordChange]:
        """The records that need a write, in order."""
        return Bulk(r for r in self.records if r.action != "unchanged")


@dataclass(frozen=True)
class LoadFailure:
    """A write the payroll refused or that could not be delivered."""

    entity: str
    employee: str
    key: str
    error: str
    retriable: bool

    @property
    def record(self) -> str:
        """`employee 7`, or `employee 7 employment 7-1`: the record, each part named once."""
        if self.entity == "employee":
            return f"employee {self.employee}"
        return f"employee {self.employee} {self.entity} {self.key}"


@dataclass(frozen=True)
class LoadResult:
    """What the load did: the records written and the ones that failed."""

    written: Sequence[RecordChange] = ()
    failures: Sequence[LoadFailure] = ()
    dry_run: bool = False

    def __post_init__(self) -> None:
        _bulk_fields(self, "written", "failures")


@dataclass(frozen=True)
class SyncSummary:
    """The counts a run ends with, as the CLI and the summary artifact show them."""

    tenant: str
    kind: SyncKind
    created: int
    updated: int
    unchanged: int
    quarantined: int
    failed: int
    rejected: int = 0
    skipped: int = 0
    dry_run: bool = False

    @property
    def exit_code(self) -> int:
        """0 all synced, 2 synced but some employees quarantined, 1 failed."""
        if self.failed:
            return 1
        return 2 if self.quarantined else 0


@dataclass(frozen=True)
class SyncReport:
    """What a run returns: its summary and the masked rows the artifacts and the CLI show.

    Attributes:
        summary: the counts.
        changes: one row per written (or failed) record, its changed fields in one cell.
        quarantine: one row per quarantine entry.
        notes: the scope note, the run's other notes, then the skipped reasons.
        skipped: the skipped reasons alone (also at the end of `notes`).
        field_changes: one row per changed field (employee, record, field, old, new, …).
        failures: one row per write that failed: the record and why.
        unlisted_field_changes: changed fields beyond the first `report.LISTED` (not in
            `field_changes`).
        unlisted_quarantine: quarantine entries beyond the first `report.LISTED` (not in
            `quarantine`).
    """

    summary: SyncSummary
    changes: Sequence[dict[str, str]] = ()
    quarantine: Sequence[dict[str, str]] = ()
    notes: tuple[str, ...] = ()
    field_changes: Sequence[dict[str, str]] = ()
    failures: Sequence[dict[str, str]] = ()
    unlisted_field_changes: int = 0
    unlisted_quarantine: int = 0
    skipped: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _bulk_fields(self, "changes", "quarantine", "field_changes", "failures")


class SyncFailedError(RuntimeError):
    """Raised at the end of a run whose writes partly failed, after the report is made."""

    def __init__(self, report: SyncReport, failures: Sequence[LoadFailure]) -> None:
        self.report = report
        self.failures = failures
        summary = report.summary
        listed = "; ".join(f.record for f in failures[:10])
        more = f" and {len(failures) - 10} more" if len(failures) > 10 else ""
        super().__init__(
            f"tenant {summary.tenant}: {len(failures)} {summary.kind.singular} write(s) failed "
            f"({listed}{more}); the rest synced. Retry the run to converge."
        )
