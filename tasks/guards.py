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

from schemas.tenant import MassClearLimit
from tasks.changes import ChangeSet, LoadResult, RecordChange

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


def variable_name(tenant: str, kind: str) -> str:
    """`hrsync-acme-employee-count`: where the last successful run's counts are kept."""
    return f"hrsync-{tenant}-{kind}-count"


def implausible(now: HeadCount, last: HeadCount | None) -> str | None:
    """Why these counts look like a broken read, or None when they look fine."""
    if now.alexis == 0:
        return "AlexisHR returned no employees"
    if last is None:
        return None  # a first run has nothing to compare with; payroll may well be empty
    if now.alexis < SHRINK_LIMIT * last.alexis:
        return (
            f"AlexisHR returned {now.alexis} employees, under half of the {last.alexis} "
            "of the last successful run"
        )
    if last.payroll and now.payroll < SHRINK_LIMIT * last.payroll:
        return (
            f"payroll listed {now.payroll} employees, under half of the {last.payroll} "
            "it held after the last successful run"
        )
    return None


def check_head_count(tenant: str, kind: str, now: HeadCount, last: HeadCount | None) -> None:
    """Raise `ImplausibleReadError` when the counts look like a broken read."""
    reason = implausible(now, last)
    if reason:
        raise ImplausibleReadError(
            f"tenant {tenant}: {reason}; the {kind} sync stopped before writing anything. "
            "If that many employees really left, run again with allow_fewer_employees=true."
        )


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
) -> str:
    """Raise `MassClearError` for an unconfirmed mass clear; in a dry run, return a note."""
    found = mass_clears(changes, employees, limit, allowed)
    if not found:
        return ""
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
    tenant: str, kind: str, now: HeadCount, allow_fewer_employees: bool
) -> None:
    """Stop the run when AlexisHR or payroll listed implausibly few employees."""
    stored = await Variable.aget(variable_name(tenant, kind))
    last = HeadCount.from_value(stored)
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
) -> str:
    """Stop the run when it would clear one field for many employees (see `check_mass_clear`)."""
    return check_mass_clear(changes, employees, limit, allowed, dry_run)


@task(name="remember-head-count", cache_policy=NO_CACHE)
async def remember_head_count(tenant: str, kind: str, count: HeadCount) -> None:
    """Keep a successful run's counts for the next run's check (written only after success)."""
    await Variable.aset(variable_name(tenant, kind), count.as_value(), overwrite=True)
