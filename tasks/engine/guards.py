"""Guards against mass damage: stop a run before any write when its reads look implausible.

Two brakes, both before the load:
- the head count: AlexisHR returning no employees, or under half of the last successful
  run's count, or payroll listing none or under half of what it held: a broken read, not a
  mass departure, until a person says otherwise (`allow_fewer_employees`);
- the mass clear: one payroll field about to be emptied for many employees at once, as a
  token that lost a permission would do it (`allow_mass_clear`, the tenant's `mass_clear`).

The last successful run's counts live in a Prefect Variable per tenant and sync kind
(`hrsync-<tenant>-employee-count`), visible in the UI and shared by every worker.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.variables import Variable

from schemas.kinds import SyncKind
from schemas.tenant import MassClearLimit
from tasks.engine.changes import ChangeSet, LoadResult, RecordChange

# A count under this share of the last successful run's is taken for a broken read.
SHRINK_LIMIT = 0.5


class UnsafeRunError(RuntimeError):
    """The run stopped before any write: going on could damage payroll for many employees."""


class ImplausibleReadError(UnsafeRunError):
    """A read returned far fewer employees than the tenant had."""


class MassClearError(UnsafeRunError):
    """The run would clear one field for many employees at once."""


@dataclass(frozen=True)
class HeadCount:
    """How many employees each side listed in a run.

    Attributes:
        alexis: employees AlexisHR returned in the tenant's scope.
        payroll: employees the payroll company holds.
    """

    alexis: int
    payroll: int

    def as_value(self) -> dict[str, int]:
        """The Prefect Variable's JSON value."""
        return {"alexis_employees": self.alexis, "payroll_employees": self.payroll}

    @classmethod
    def from_value(cls, value: object) -> HeadCount | None:
        """Read a Variable's value back; None when it is not one of ours."""
        if not isinstance(value, Mapping):
            return None
        alexis, payroll = value.get("alexis_employees"), value.get("payroll_employees")
        if not isinstance(alexis, int) or not isinstance(payroll, int):
            return None
        return cls(alexis, payroll)


def variable_name(tenant: str, kind: SyncKind) -> str:
    """`hrsync-acme-employee-count`: where the last successful run's counts are kept."""
    return f"hrsync-{tenant}-{kind.singular}-count"


def alexis_implausible(employees: int, last: HeadCount | None) -> str | None:
    """Why AlexisHR's count looks like a broken read, or None when it looks fine."""
    if employees == 0:
        return "AlexisHR returned no employees"
    if last is not None and employees < SHRINK_LIMIT * last.alexis:
        return (
            f"AlexisHR returned {employees} employees, under half of the {last.alexis} "
            "of the last successful run"
        )
    return None


def payroll_implausible(employees: int, last: HeadCount | None) -> str | None:
    """Why payroll's count looks like a broken read; a first run may find payroll empty."""
    if last is not None and last.payroll and employees < SHRINK_LIMIT * last.payroll:
        return (
            f"payroll listed {employees} employees, under half of the {last.payroll} "
            "it held after the last successful run"
        )
    return None


def implausible(now: HeadCount, last: HeadCount | None) -> str | None:
    """Why these counts look like a broken read, or None when they look fine."""
    return alexis_implausible(now.alexis, last) or payroll_implausible(now.payroll, last)


def _stop(tenant: str, kind: SyncKind, reason: str | None) -> None:
    if reason:
        raise ImplausibleReadError(
            f"tenant {tenant}: {reason}; the {kind.singular} sync stopped before writing anything. "
            "If that many employees really left, run again with allow_fewer_employees=true."
        )


def check_head_count(tenant: str, kind: SyncKind, now: HeadCount, last: HeadCount | None) -> None:
    """Raise `ImplausibleReadError` when the counts look like a broken read."""
    _stop(tenant, kind, implausible(now, last))


async def last_head_count(tenant: str, kind: SyncKind) -> HeadCount | None:
    """The counts of the tenant's last successful run of this sync kind, if any."""
    return HeadCount.from_value(await Variable.aget(variable_name(tenant, kind)))


async def check_alexis_read(tenant: str, kind: SyncKind, employees: int, allowed: bool) -> None:
    """Raise inside the AlexisHR extract when its count looks broken.

    Checked in the extract itself, so a broken read fails that task and is never kept for
    a Retry of the run (which would otherwise meet the same empty read again).
    """
    if not allowed:
        _stop(tenant, kind, alexis_implausible(employees, await last_head_count(tenant, kind)))


def cleared_by_field(records: Iterable[RecordChange]) -> dict[str, set[str]]:
    """Per payroll field, the employees whose value the change set would empty."""
    cleared: dict[str, set[str]] = {}
    for record in records:
        if record.action != "update":
            continue
        for change in record.changes:
            if change.old.strip() and not change.new.strip():
                cleared.setdefault(change.field, set()).add(record.employee)
    return cleared


def mass_clears(
    changes: ChangeSet, employees: int, limit: MassClearLimit, allowed: Collection[str]
) -> list[str]:
    """Descriptions of the fields cleared for too many employees and not confirmed."""
    return [
        f"{field} for {len(who)} of {employees} employees"
        for field, who in sorted(cleared_by_field(changes.records).items())
        if field not in allowed and limit.exceeded_by(len(who), employees)
    ]


def check_mass_clear(
    changes: ChangeSet,
    employees: int,
    limit: MassClearLimit,
    allowed: Collection[str],
    dry_run: bool,
) -> str | None:
    """Raise `MassClearError` for an unconfirmed mass clear; in a dry run, return a note.

    None, not "", when there is nothing to say: Prefect links a later task to this one by the
    identity of its result, and "" is one shared object (None is never linked).
    """
    found = mass_clears(changes, employees, limit, allowed)
    if not found:
        return None
    fields = ", ".join(found)
    names = sorted(field.partition(" ")[0] for field in found)
    if dry_run:
        return f"A real run would stop here: it would clear {fields} (confirm: {names})."
    raise MassClearError(
        f"tenant {changes.tenant}: the run would clear {fields}; it stopped before writing "
        f"anything. Check AlexisHR, then confirm with allow_mass_clear={names}."
    )


def created_employees(result: LoadResult) -> int:
    """Employees the load created in payroll."""
    return sum(1 for r in result.written if r.entity == "employee" and r.action == "create")


@task(name="check-head-count", cache_policy=NO_CACHE)
async def guard_head_count(
    tenant: str, kind: SyncKind, now: HeadCount, allow_fewer_employees: bool
) -> None:
    """Stop the run when payroll listed implausibly few employees (AlexisHR: in its extract)."""
    last = await last_head_count(tenant, kind)
    if allow_fewer_employees:
        get_run_logger().warning(
            "head-count check confirmed away: %d AlexisHR and %d payroll employees (last run: %s)",
            now.alexis,
            now.payroll,
            "none" if last is None else f"{last.alexis} and {last.payroll}",
        )
        return
    check_head_count(tenant, kind, now, last)


@task(name="check-mass-clear", cache_policy=NO_CACHE)
def guard_mass_clear(
    changes: ChangeSet,
    employees: int,
    limit: MassClearLimit,
    allowed: Collection[str],
    dry_run: bool,
) -> str | None:
    """Stop the run when it would clear one field for many employees (see `check_mass_clear`)."""
    return check_mass_clear(changes, employees, limit, allowed, dry_run)


@task(name="remember-head-count", cache_policy=NO_CACHE)
async def remember_head_count(variable: str, count: HeadCount) -> None:
    """Keep a successful run's counts for the next run's check (written only after success).

    Takes the Variable's name (see `variable_name`), not the tenant and kind: those strings
    sit in the change set too, and Prefect would draw an edge from the diff for them.
    Written only when the counts changed: most runs end with the counts they began with, and
    on a SQLite Prefect server the Variable's update often loses a race with the server's own
    writes and is retried after ~2 s (a read costs a few ms).
    """
    if HeadCount.from_value(await Variable.aget(variable)) != count:
        await Variable.aset(variable, count.as_value(), overwrite=True)
