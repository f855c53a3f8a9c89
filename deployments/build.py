"""Turn tenant files into Prefect deployments: one per tenant and sync kind, none by hand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from prefect import Flow
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron, RRule
from prefect.schedules import Schedule as PrefectSchedule

from config.tenants import DEFAULT_TENANTS_DIR, list_tenants, load_tenant, tenants_dir
from schemas.kinds import SyncKind
from schemas.schedule import IncrementalSchedule, Schedule
from schemas.tenant import TenantConfig, schedule_of


def sync_flow(kind: SyncKind) -> Flow[..., Any]:
    """The flow of a sync kind (imported late: building deployments needs no flow code)."""
    if kind is SyncKind.employees:
        from flows.employee_sync import employee_sync

        return employee_sync
    from flows.absence_sync import absence_sync

    return absence_sync


def prefect_schedule(schedule: Schedule, timezone: str, today: datetime) -> PrefectSchedule:
    """A tenant schedule as a Prefect one, in the tenant's zone (so 06:00 stays 06:00 over DST).

    Before its `start` day the rule carries that start (RRULE DTSTART); after it, plain cron.
    Its runs get the parameter `scheduled=true`, which is how a flow run knows a person did not
    start it.
    """
    active = schedule.enabled
    # Runs made by a schedule say so: they honour the tenant's freeze windows ([calendar]).
    scheduled = {"scheduled": True}
    if schedule.needs_start(today.date()):
        return RRule(schedule.rrule(), timezone=timezone, active=active, parameters=scheduled)
    return Cron(schedule.cron(), timezone=timezone, active=active, parameters=scheduled)


def incremental_schedule(schedule: IncrementalSchedule, timezone: str) -> PrefectSchedule:
    """The incremental sync's schedule: a second schedule of the employee sync's deployment.

    One deployment with two schedules rather than two deployments: the deployment's limit of
    one run at a time then also keeps an incremental run from overlapping the full reconcile
    (both write the tenant's payroll and its synced store); its runs pass `incremental=true`.
    """
    parameters = {"scheduled": True, "incremental": True}
    return Cron(schedule.cron(), timezone=timezone, active=schedule.enabled, parameters=parameters)


@dataclass(frozen=True)
class DeploymentSpec:
    """Everything a deployment of one tenant's sync is made of, before Prefect sees it."""

    kind: SyncKind
    tenant: TenantConfig
    parameters: dict[str, Any]
    schedules: list[PrefectSchedule]
    tags: list[str]

    @property
    def name(self) -> str:
        """The deployment's name: the tenant (the UI shows `employee-sync/acme`)."""
        return self.tenant.name

    @property
    def full_name(self) -> str:
        """`flow-name/deployment-name`, as `prefect deployment run` takes it."""
        return f"{sync_flow(self.kind).name}/{self.name}"

    def options(self) -> dict[str, Any]:
        """The settings every way of deploying shares."""
        return {
            "schedules": self.schedules or None,
            "parameters": self.parameters,
            "tags": self.tags,
            "paused": self.tenant.paused,
            "description": f"{self.kind} sync of {self.tenant.label}",
            # One run per tenant and flow at a time; a manual run during a scheduled one waits.
            "concurrency_limit": ConcurrencyLimitConfig(
                limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE
            ),
        }

    def runner_deployment(self) -> RunnerDeployment:
        """The deployment as `prefect.serve` takes it."""
        deployment = sync_flow(self.kind).to_deployment(name=self.name, **self.options())
        # Called outside an event loop, to_deployment returns the deployment itself.
        return cast(RunnerDeployment, deployment)

    @property
    def entrypoint(self) -> str:
        """`flows/employee_sync.py:employee_sync`: where a worker finds the flow."""
        flow = sync_flow(self.kind)
        module = flow.fn.__module__.replace(".", "/")
        return f"{module}.py:{flow.fn.__name__}"


def specs_for(
    tenant: TenantConfig, folder: Path, now: Callable[[ZoneInfo], datetime] = datetime.now
) -> list[DeploymentSpec]:
    """The deployments of one tenant: one per sync kind."""
    today = now(ZoneInfo(tenant.timezone))
    parameters: dict[str, Any] = {"tenant": tenant.name}
    if folder.resolve() != DEFAULT_TENANTS_DIR.resolve():
        parameters["tenants_dir"] = str(folder.resolve())
    specs = []
    for kind in SyncKind:
        schedule = schedule_of(tenant, kind)
        schedules = [prefect_schedule(schedule, tenant.timezone, today)] if schedule else []
        if kind is SyncKind.employees and tenant.employees.incremental:
            schedules.append(incremental_schedule(tenant.employees.incremental, tenant.timezone))
        tags = ["hrsync", f"tenant:{tenant.name}", kind.tag]
        specs.append(DeploymentSpec(kind, tenant, parameters, schedules, tags))
    return specs


def all_specs(directory: str | Path | None = None) -> list[DeploymentSpec]:
    """The deployments of every tenant file in the folder (validated, offline)."""
    folder = tenants_dir(directory)
    return [
        spec
        for name in list_tenants(folder)
        for spec in specs_for(load_tenant(name, folder), folder)
    ]
