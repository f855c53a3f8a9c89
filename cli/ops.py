"""Operations on deployments: serve, deploy to a work pool, pause, resume, schedule, bootstrap."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.console import console
from cli.output import show_error
from cli.session import prefect_session
from schemas.kinds import SyncKind

if TYPE_CHECKING:
    from schemas.schedule import IncrementalSchedule

TenantsDir = Annotated[Path | None, typer.Option(help="Folder of tenant files.")]
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _api_configured() -> bool:
    from prefect.settings import get_current_settings

    return bool(get_current_settings().api.url)


async def _set_paused(tenant: str, folder: Path | None, paused: bool) -> int:
    """Pause or resume the tenant's deployments on the Prefect server; how many were found."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    from config.tenants import load_tenant, tenants_dir
    from deployments.build import specs_for

    config = load_tenant(tenant, folder)
    found = 0
    async with get_client() as client:
        for spec in specs_for(config, tenants_dir(folder)):
            try:
                deployment = await client.read_deployment_by_name(spec.full_name)
            except ObjectNotFound:
                continue
            change = client.pause_deployment if paused else client.resume_deployment
            await change(deployment.id)
            found += 1
    return found


def _pause_or_resume(tenant: str, tenants_dir: Path | None, paused: bool) -> None:
    from deployments.tenant_files import set_paused

    set_paused(tenant, paused, tenants_dir)
    verb = "paused" if paused else "resumed"
    if not _api_configured():
        console.print(f"{tenant}: {verb} in its tenant file (no Prefect server configured)")
        return
    found = asyncio.run(_set_paused(tenant, tenants_dir, paused))
    console.print(f"{tenant}: {verb} in its tenant file and {found} deployment(s)")


def pause(tenant: str, tenants_dir: TenantsDir = None) -> None:
    """Pause a tenant: no scheduled runs (manual runs still work) until `hrsync resume`."""
    _pause_or_resume(tenant, tenants_dir, True)


def resume(tenant: str, tenants_dir: TenantsDir = None) -> None:
    """Resume a paused tenant's schedules."""
    _pause_or_resume(tenant, tenants_dir, False)


def _hours(text: str) -> tuple[int, int]:
    """`7-17` → (7, 17): the first and last hour of the day with incremental runs."""
    first, dash, last = text.partition("-")
    if not (dash and first.strip().isdigit() and last.strip().isdigit()):
        raise ValueError(f"--hours must be FIRST-LAST, e.g. 7-17, not {text!r}")
    return int(first), int(last)


def _misfit_options(
    kind: str, incremental: bool, time: str | None, every: int | None, hours: str | None
) -> str | None:
    """Why the options of `hrsync schedule` do not go together, or None."""
    if kind not in tuple(SyncKind):
        return "--kind must be employees or absences"
    if incremental and time:
        return "--time is the full schedule's; an incremental one has --every-minutes and --hours"
    if not incremental and (every is not None or hours):
        return "--every-minutes and --hours belong to --incremental"
    return None


def _set_incremental(
    tenant: str, sync: SyncKind, enable: bool, days: list[str] | None, every: int | None,
    hours: str | None, tenants_dir: Path | None,
) -> IncrementalSchedule | None:  # fmt: skip
    from deployments.tenant_files import set_incremental

    if sync is not SyncKind.employees:
        raise ValueError("--incremental is the employee sync's: use --kind employees")
    span = _hours(hours) if hours else None
    config = set_incremental(tenant, enable, every_minutes=every, days=days, hours=span,
                             directory=tenants_dir)  # fmt: skip
    return config.employees.incremental


def schedule(
    tenant: str,
    kind: Annotated[str, typer.Option(help="employees or absences")],
    enable: Annotated[bool, typer.Option("--enable/--disable", help="Switch it on or off.")],
    days: Annotated[str | None, typer.Option(help="Weekdays, e.g. mon,wed,fri.")] = None,
    time: Annotated[str | None, typer.Option(help="Time of day, HH:MM.")] = None,
    incremental: Annotated[
        bool, typer.Option(help="The frequent incremental employee sync, not the full one.")
    ] = False,
    every_minutes: Annotated[
        int | None, typer.Option(help="--incremental: minutes between runs (divides an hour).")
    ] = None,
    hours: Annotated[
        str | None, typer.Option(help="--incremental: first and last hour with runs, e.g. 7-17.")
    ] = None,
    tenants_dir: TenantsDir = None,
) -> None:
    """Enable or disable a sync's schedule in the tenant file (first run: next day's slot)."""
    from deployments.tenant_files import set_schedule
    from schemas.tenant import schedule_of

    misfit = _misfit_options(kind, incremental, time, every_minutes, hours)
    if misfit:
        show_error(misfit)
        raise typer.Exit(1)
    chosen, sync = (days.split(",") if days else None), SyncKind(kind)
    current: object  # what the file now says, to print
    try:
        if incremental:
            current = _set_incremental(tenant, sync, enable, chosen, every_minutes, hours,
                                       tenants_dir)  # fmt: skip
        else:
            config = set_schedule(tenant, sync, enable, days=chosen, time=time,
                                  directory=tenants_dir)  # fmt: skip
            current = schedule_of(config, sync)
    except ValueError as error:  # the file is left as it was; the message names the tenant
        show_error(str(error).strip().splitlines()[0])
        raise typer.Exit(1) from None
    which = f"{kind} incremental" if incremental else kind
    console.print(f"{tenant} {which} schedule: {current}")
    console.print("apply it with `hrsync deploy` or by restarting `hrsync serve`")


async def _bootstrap(alexis_rate: float, payroll_rate: float) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import (
        GlobalConcurrencyLimitCreate,
        GlobalConcurrencyLimitUpdate,
    )
    from prefect.exceptions import ObjectAlreadyExists

    from tasks.engine.pacing import ALEXIS_LIMIT, PAYROLL_LIMIT

    async with get_client() as client:
        for name, rate in ((ALEXIS_LIMIT, alexis_rate), (PAYROLL_LIMIT, payroll_rate)):
            # A rate limit: `rate` slots, each freed again after 1/rate seconds.
            limit, decay = max(1, round(rate)), rate
            try:
                await client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(
                        name=name, limit=limit, slot_decay_per_second=decay
                    )
                )
            except ObjectAlreadyExists:
                await client.update_global_concurrency_limit(
                    name, GlobalConcurrencyLimitUpdate(limit=limit, slot_decay_per_second=decay)
                )
            console.print(f"rate limit {name}: {rate} requests/second for all tenants together")


async def _bootstrap_alerts(tenants_dir: Path | None) -> None:
    from prefect.client.orchestration import get_client

    from deployments.alerts import AlertSetupError, ensure_alerts
    from deployments.build import all_specs

    async with get_client() as client:
        try:
            lines = await ensure_alerts(client, all_specs(tenants_dir))
        except AlertSetupError as error:
            show_error(str(error))
            raise typer.Exit(1) from None
    for line in lines:
        console.print(line, markup=False, highlight=False)


def bootstrap(
    alexis_rate: Annotated[float, typer.Option(help="AlexisHR requests/second, all tenants.")] = 10,
    payroll_rate: Annotated[float, typer.Option(help="Payroll requests/second, all tenants.")] = 5,
    tenants_dir: TenantsDir = None,
) -> None:
    """Create the shared rate limits and each deployment's alert automations (idempotent)."""
    with prefect_session(verbose=True, start_local=False):
        asyncio.run(_bootstrap(alexis_rate, payroll_rate))
        asyncio.run(_bootstrap_alerts(tenants_dir))


def serve(
    tenants_dir: TenantsDir = None,
    limit: Annotated[int, typer.Option(help="Flow runs at once in this process.")] = 4,
) -> None:
    """Serve every tenant's deployments from this process until interrupted (the simple path)."""
    from prefect import serve as prefect_serve

    from deployments.build import all_specs

    specs = all_specs(tenants_dir)
    with prefect_session(verbose=True) as session:
        for spec in specs:
            console.print(f"serving {spec.full_name}")
        console.print(f"Prefect UI: {session.ui_url}")
        prefect_serve(*(spec.runner_deployment() for spec in specs), limit=limit)


async def _ensure_pool(pool: str) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound

    async with get_client() as client:
        try:
            await client.read_work_pool(pool)
        except ObjectNotFound:
            await client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
            console.print(f"created process work pool {pool}")


def deploy(
    pool: Annotated[str, typer.Option(help="Work pool (created as a process pool if missing).")],
    tenants_dir: TenantsDir = None,
    source: Annotated[Path, typer.Option(help="Project folder the workers run.")] = PROJECT_ROOT,
) -> None:
    """Register every tenant's deployments on a work pool, for `prefect worker start`."""
    with prefect_session(verbose=True, start_local=False):
        _deploy(pool, tenants_dir, source)


def _deploy(pool: str, tenants_dir: Path | None, source: Path) -> None:
    from prefect import Flow

    from deployments.build import all_specs

    asyncio.run(_ensure_pool(pool))
    for spec in all_specs(tenants_dir):
        flow = Flow.from_source(source=str(source), entrypoint=spec.entrypoint)
        flow.deploy(  # type: ignore[union-attr]
            name=spec.name, work_pool_name=pool, build=False, push=False,
            print_next_steps=False, ignore_warnings=True, **spec.options(),
        )  # fmt: skip
        console.print(f"deployed {spec.full_name} to pool {pool}")
