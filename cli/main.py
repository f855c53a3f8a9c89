"""The `hrsync` command line: sync now, print the mapping, run the emulators and the demo."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from prefect.client.schemas.objects import State

from cli import ops
from cli.local import demo, emulate
from cli.output import console, show_error, show_report
from cli.up import up
from schemas.mapping import as_markdown
from tasks.changes import SyncFailedError, SyncReport

app = typer.Typer(help="AlexisHR → 24SevenOffice Lønn sync, per tenant.", no_args_is_help=True)


class Kind(StrEnum):
    """The two syncs."""

    employees = "employees"
    absences = "absences"


def run_sync(flow_call: Awaitable[State[Any]], tenant: str, kind: str) -> SyncReport | None:
    """Run a sync flow to its end and return its report; None when it failed outright.

    The run carries the tags a deployment's runs carry, so manual runs filter alike in the UI.
    """
    from prefect import tags

    async def finish() -> State[Any]:
        with tags("hrsync", f"tenant:{tenant}", f"sync:{kind}", "manual"):
            return await flow_call

    state = asyncio.run(finish())
    outcome = state.result(raise_on_failure=False)
    if isinstance(outcome, SyncReport):
        return outcome
    if isinstance(outcome, SyncFailedError):
        show_error(str(outcome))
        return outcome.report
    show_error(str(outcome) if isinstance(outcome, BaseException) else str(state.message))
    return None


def exit_code(reports: list[SyncReport | None]) -> int:
    """1 if anything failed, else 2 if anyone was quarantined, else 0."""
    codes = [1 if r is None else r.summary.exit_code for r in reports]
    return 1 if 1 in codes else max(codes, default=0)


@app.command()
def sync(
    tenant: Annotated[str, typer.Argument(help="Tenant name (its file in the tenants folder).")],
    tenants_dir: Annotated[Path | None, typer.Option(help="Folder of tenant files.")] = None,
    only: Annotated[Kind | None, typer.Option(help="Run just one of the syncs.")] = None,
    dry_run: Annotated[bool, typer.Option(help="Show the change set, write nothing.")] = False,
    period_from: Annotated[
        datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="Absences: first day.")
    ] = None,
    period_to: Annotated[
        datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Absences: last day.")
    ] = None,
    employee: Annotated[
        list[str] | None, typer.Option(help="Absences: only this employee number (repeatable).")
    ] = None,
    absence_type: Annotated[
        list[str] | None, typer.Option(help="Absences: only this payroll code (repeatable).")
    ] = None,
) -> None:
    """Run a tenant's sync now; exit status 0 all synced, 2 some quarantined, 1 failed."""
    from flows.absence_sync import absence_sync
    from flows.employee_sync import employee_sync

    folder = str(tenants_dir) if tenants_dir else None
    reports: list[SyncReport | None] = []
    if only in (None, Kind.employees):
        call = employee_sync(tenant, dry_run=dry_run, tenants_dir=folder, return_state=True)
        reports.append(run_sync(call, tenant, "employees"))
    if only in (None, Kind.absences):
        absences = absence_sync(
            tenant,
            period_from=period_from.date() if period_from else None,
            period_to=period_to.date() if period_to else None,
            employees=employee or None,
            absence_types=absence_type or None,
            dry_run=dry_run,
            tenants_dir=folder,
            return_state=True,
        )
        reports.append(run_sync(absences, tenant, "absences"))
    for report in reports:
        if report is not None:
            show_report(report)
    raise typer.Exit(exit_code(reports))


@app.command()
def mapping() -> None:
    """Print the AlexisHR → 24SevenOffice mapping table as Markdown."""
    console.print(as_markdown(), markup=False, highlight=False)


app.command()(emulate)
app.command()(demo)
for command in (ops.serve, ops.deploy, ops.pause, ops.resume, ops.schedule, ops.bootstrap, up):
    app.command()(command)


if __name__ == "__main__":
    app()
