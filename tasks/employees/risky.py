"""Which employee changes are risky, and the step that holds them (or the whole run) back."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas.approval import ApprovalSettings
from schemas.kinds import SyncKind
from schemas.mapping import EMPLOYEE_RULES, EMPLOYMENT_RULES
from schemas.tenant import TenantConfig
from tasks.employees.load import load_payroll
from tasks.engine.approval import Hold, RiskRules, brake_reason, hold_everything, hold_risky
from tasks.engine.changes import ChangeSet
from tasks.engine.guards import HeadCount, last_head_count

# Fields held only when they move by more than the tenant's percentage.
PERCENT_FIELDS = ("salary",)

# Fields that travel together in one write: holding one holds its group (salary amount, type
# and date; the end date and its reason; the international id's parts).
GROUPS = {r.target: r.group for r in (*EMPLOYEE_RULES, *EMPLOYMENT_RULES) if r.group}

# The second load of a run that waited: the approved changes (its own box in the graph).
load_approved = load_payroll.with_options(name="load-approved")


def risk_rules(settings: ApprovalSettings, always: bool = False) -> RiskRules:
    """The employee sync's risky fields as the tenant file chooses them."""
    fields = frozenset(settings.fields) if settings.enabled or always else frozenset()
    percent = {f: settings.salary_change_percent for f in PERCENT_FIELDS if f in fields}
    return RiskRules(fields=fields, percent=percent, groups=GROUPS, always=always)


async def first_sync(tenant: str, count: HeadCount) -> bool:
    """No successful employee sync yet, or payroll is empty: nothing to protect or compare."""
    return count.payroll == 0 or await last_head_count(tenant, SyncKind.employees) is None


def hold_changes(
    changes: ChangeSet, config: TenantConfig, employees: int, first: bool, always: bool = False
) -> Hold:
    """The brake (whole run) when it trips, else the risky field changes, held back.

    `always` (the payroll calendar, near a payment date) holds every risky change whatever the
    thresholds, on a first sync too, and even where the tenant switched approval off.
    """
    brake = config.brake
    reason = None if first or not brake.enabled else brake_reason(changes, employees, brake)
    if reason:
        return hold_everything(changes, reason)
    if first and not always:
        return hold_risky(changes, RiskRules())
    return hold_risky(changes, risk_rules(config.approval, always=always))


@task(name="hold-risky-changes", cache_policy=NO_CACHE)
async def hold_risky_changes(
    changes: ChangeSet, config: TenantConfig, count: HeadCount, always: bool = False
) -> Hold:
    """Split off what waits for a person: risky field changes, or everything (the brake).

    Neither applies on a tenant's first sync (payroll holds nothing hrsync wrote yet), unless
    `always` forces the risky ones (see `hold_changes`).
    """
    first = await first_sync(config.name, count)
    hold = hold_changes(changes, config, count.alexis, first, always)
    if hold.waiting:
        get_run_logger().info(
            "%d record(s) held for approval%s",
            len(hold.held.writes()),
            f" ({hold.brake})" if hold.brake else "",
        )
    return hold
