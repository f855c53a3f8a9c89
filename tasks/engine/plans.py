"""Honest plans: a dry run's change set kept as keyed fingerprints, applied only while still true.

A plan holds no values: per record to write, an HMAC of everything the write depends on — the
payroll values it replaces (`old`), the values AlexisHR gives (`new`) and the payload sent. To
apply a plan the run reads both systems again and computes the change set afresh; it writes only
when the fresh change set has exactly the plan's fingerprints, so what is written is exactly what
was shown. Anything else (a record edited in payroll or AlexisHR since, a write that appeared or
went away) refuses the plan, naming the records and nothing of their values.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.variables import Variable

from schemas.kinds import SyncKind
from tasks.engine.changes import ChangeSet, RecordChange
from tasks.engine.results import RESULTS_KEY_ENV

PLAN_KEY_ENV = "HRSYNC_PLAN_KEY"


class PlanError(RuntimeError):
    """A plan cannot be kept, found or applied; the message says why (never a value)."""


class PlanRefusedError(PlanError):
    """The plan no longer matches AlexisHR and payroll: nothing was written."""


def plan_key() -> bytes | None:
    """The HMAC key of plans: `$HRSYNC_PLAN_KEY`, else the results key; None without either.

    Keyed, not a bare hash: a kontonummer or fødselsnummer has few enough possible values that
    an unkeyed digest could be reversed by trying them all.
    """
    key = os.environ.get(PLAN_KEY_ENV) or os.environ.get(RESULTS_KEY_ENV)
    return key.encode() if key else None


def record_id(record: RecordChange) -> str:
    """`employment e-1` — the record's name in a plan (an entity and its payroll key)."""
    return f"{record.entity} {record.key}"


def fingerprint(record: RecordChange, key: bytes) -> str:
    """The HMAC of everything the record's write depends on."""
    content = {
        "action": record.action,
        "employee": record.employee,
        "changes": [[c.field, c.old, c.new] for c in record.changes],
        "payload": record.payload,
    }
    canonical = json.dumps(content, sort_keys=True, default=str, ensure_ascii=True)
    return hmac.new(key, f"{record_id(record)}\n{canonical}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Plan:
    """A kept change set: who it is for, and per record to write its employee and fingerprint."""

    id: str
    tenant: str
    kind: SyncKind
    created: str
    fingerprints: dict[str, str] = field(default_factory=dict)
    employees: dict[str, str] = field(default_factory=dict)

    @property
    def variable(self) -> str:
        """The Prefect Variable that keeps the plan."""
        return variable_name(self.id)


def variable_name(plan_id: str) -> str:
    """`hrsync-plan-<id>`."""
    return f"hrsync-plan-{plan_id}"


def plan_of(changes: ChangeSet, kind: SyncKind, key: bytes, plan_id: str = "") -> Plan:
    """The plan of a change set: the fingerprint of every write."""
    writes = changes.writes()
    return Plan(
        id=plan_id or uuid.uuid4().hex[:12],
        tenant=changes.tenant,
        kind=kind,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        fingerprints={record_id(r): fingerprint(r, key) for r in writes},
        employees={record_id(r): r.employee for r in writes},
    )


def differences(plan: Plan, now: Plan) -> list[str]:
    """What differs between the plan and the change set computed now, record by record."""
    found = []
    for record, print_ in plan.fingerprints.items():
        who = f"employee {plan.employees[record]} · {record}"
        if record not in now.fingerprints:
            found.append(f"{who}: no longer needs this write")
        elif now.fingerprints[record] != print_:
            found.append(f"{who}: changed in AlexisHR or payroll since the plan")
    found += [
        f"employee {now.employees[record]} · {record}: a write the plan does not have"
        for record in now.fingerprints
        if record not in plan.fingerprints
    ]
    return found


def plan_from(plan_id: str, value: object) -> Plan:
    """The plan a Variable's value holds."""
    if not isinstance(value, dict):
        raise PlanError(f"no plan {plan_id} is kept (plans are made by `hrsync plan`)")
    return Plan(**{**value, "kind": SyncKind(value["kind"])})


async def read_plan(plan_id: str) -> Plan:
    """The kept plan `plan_id` (in a flow run)."""
    return plan_from(plan_id, await Variable.aget(variable_name(plan_id)))


def read_plan_now(plan_id: str) -> Plan:
    """The kept plan `plan_id` (from a command, outside any event loop)."""
    return plan_from(plan_id, Variable.get(variable_name(plan_id)))


@task(name="keep-plan", cache_policy=NO_CACHE)
async def keep_plan(changes: ChangeSet, kind: SyncKind) -> str:
    """Keep the dry run's change set as a plan; the report's note says how to apply it."""
    key = plan_key()
    if key is None:
        return f"No plan was kept: set {PLAN_KEY_ENV} (or {RESULTS_KEY_ENV}) to keep plans."
    plan = plan_of(changes, kind, key)
    await Variable.aset(plan.variable, asdict(plan), overwrite=False)
    get_run_logger().info("kept plan %s with %d write(s)", plan.id, len(plan.fingerprints))
    return (
        f"Plan {plan.id} kept ({len(plan.fingerprints)} write(s)): `hrsync apply {plan.id}` "
        "writes exactly these changes, or nothing if AlexisHR or payroll changed since."
    )


@task(name="check-plan", cache_policy=NO_CACHE)
async def check_plan(plan_id: str, changes: ChangeSet, kind: SyncKind) -> str:
    """Refuse the run unless the change set computed now is exactly the plan's."""
    key = plan_key()
    if key is None:
        raise PlanError(f"set {PLAN_KEY_ENV} (or {RESULTS_KEY_ENV}) to apply plan {plan_id}")
    plan = await read_plan(plan_id)
    if plan.tenant != changes.tenant or plan.kind != kind:
        raise PlanError(f"plan {plan_id} is a {plan.kind} plan of tenant {plan.tenant}")
    found = differences(plan, plan_of(changes, kind, key, plan.id))
    if found:
        listed = "; ".join(found[:20]) + (
            f"; and {len(found) - 20} more" if len(found) > 20 else ""
        )
        raise PlanRefusedError(
            f"tenant {plan.tenant}: plan {plan_id} refused, nothing was written: {listed}"
        )
    return f"Plan {plan_id} of {plan.created} applied as shown."
