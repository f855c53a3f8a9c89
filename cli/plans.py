"""`hrsync plan` and `hrsync apply`: keep a dry run's change set, then write exactly that."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.console import console
from cli.output import show_outcomes
from cli.runs import exit_code
from cli.session import prefect_session
from cli.sync_run import SyncOptions, run_syncs
from schemas.kinds import SyncKind

PLAN_NOTE = "Plan "  # how the runs' notes about kept and applied plans start


def plan(
    tenant: Annotated[str, typer.Argument(help="Tenant name (its file in the tenants folder).")],
    tenants_dir: Annotated[Path | None, typer.Option(help="Folder of tenant files.")] = None,
    only: Annotated[SyncKind | None, typer.Option(help="Plan just one of the syncs.")] = None,
    employee: Annotated[
        list[str] | None, typer.Option(help="Only this employee number (repeatable).")
    ] = None,
) -> None:
    """Compute the change set, write nothing, and keep it as a plan for `hrsync apply`."""
    options = SyncOptions(
        dry_run=True,
        tenants_dir=str(tenants_dir) if tenants_dir else None,
        employees=tuple(employee or ()),
    )
    with prefect_session():
        outcomes = run_syncs(tenant, [only] if only else tuple(SyncKind), options)
    show_outcomes(outcomes, f"hrsync plan {tenant}", changes=True)
    for outcome in outcomes:
        for note in outcome.report.notes if outcome.report else ():
            if note.startswith(("No plan", PLAN_NOTE)):
                console.print(f"{outcome.kind}: {note}", markup=False, highlight=False)
    raise typer.Exit(exit_code(outcomes))


def apply(
    plan_id: Annotated[str, typer.Argument(help="The plan's id, as `hrsync plan` printed it.")],
    tenants_dir: Annotated[Path | None, typer.Option(help="Folder of tenant files.")] = None,
) -> None:
    """Write a kept plan exactly as shown, or refuse it (writing nothing) if anything changed."""
    from tasks.engine.plans import PlanError, read_plan_now

    with prefect_session():
        try:
            kept = read_plan_now(plan_id)
        except PlanError as error:
            console.print(f"hrsync apply: {error}", markup=False, highlight=False)
            raise typer.Exit(1) from None
        options = SyncOptions(
            tenants_dir=str(tenants_dir) if tenants_dir else None, plan_id=kept.id
        )
        outcomes = run_syncs(kept.tenant, [kept.kind], options)
    show_outcomes(outcomes, f"hrsync apply {plan_id}", changes=True)
    raise typer.Exit(exit_code(outcomes))
