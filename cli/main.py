"""The `hrsync` command line: sync now, print the mapping, run the emulators and the demo."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from cli import ops
from cli.console import console
from cli.history import history
from cli.local import demo, emulate
from cli.next_steps import next_steps
from cli.output import show_next, show_outcomes
from cli.plans import apply, plan
from cli.runs import exit_code
from cli.session import prefect_session
from cli.sync_run import SyncOptions, run_syncs
from cli.up import up
from schemas import absence_codes
from schemas import mapping as field_mapping
from schemas.kinds import SyncKind

app = typer.Typer(
    help="AlexisHR → 24SevenOffice Lønn sync, per tenant.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold tokens and personal data
)


@app.command()
def sync(
    tenant: Annotated[str, typer.Argument(help="Tenant name (its file in the tenants folder).")],
    tenants_dir: Annotated[Path | None, typer.Option(help="Folder of tenant files.")] = None,
    only: Annotated[SyncKind | None, typer.Option(help="Run just one of the syncs.")] = None,
    dry_run: Annotated[bool, typer.Option(help="Show the change set, write nothing.")] = False,
    period_from: Annotated[
        datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="Absences: first day.")
    ] = None,
    period_to: Annotated[
        datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Absences: last day.")
    ] = None,
    employee: Annotated[
        list[str] | None, typer.Option(help="Only this employee number (repeatable).")
    ] = None,
    absence_type: Annotated[
        list[str] | None, typer.Option(help="Absences: only this payroll code (repeatable).")
    ] = None,
    show_changes: Annotated[
        bool, typer.Option(help="Print the change set field by field (capped at a screenful).")
    ] = False,
    verbose: Annotated[bool, typer.Option(help="Print Prefect's log lines too.")] = False,
    incremental: Annotated[
        bool,
        typer.Option(help="Employees: read and write payroll only for employees that changed."),
    ] = False,
) -> None:
    """Run a tenant's sync now; exit status 0 all synced, 2 some quarantined, 1 failed."""
    options = SyncOptions(
        dry_run=dry_run,
        tenants_dir=str(tenants_dir) if tenants_dir else None,
        period_from=period_from.date() if period_from else None,
        period_to=period_to.date() if period_to else None,
        employees=tuple(employee or ()),
        absence_types=tuple(absence_type or ()),
        incremental=incremental,
    )
    with prefect_session(verbose=verbose) as session:
        outcomes = run_syncs(tenant, [only] if only else tuple(SyncKind), options)
    show_outcomes(outcomes, f"hrsync sync {tenant}", changes=dry_run or show_changes)
    show_next(next_steps(session, outcomes, tenant, shown_changes=dry_run or show_changes))
    raise typer.Exit(exit_code(outcomes))


@app.command()
def mapping() -> None:
    """Print the AlexisHR → 24SevenOffice mapping table and the leave-type table as Markdown."""
    text = f"{field_mapping.as_markdown()}\n\n## Leave types\n\n{absence_codes.as_markdown()}"
    console.print(text, markup=False, highlight=False)


app.command()(emulate)
app.command()(demo)
COMMANDS = (plan, apply, history, ops.serve, ops.deploy, ops.pause, ops.resume, ops.schedule)
for command in (*COMMANDS, ops.bootstrap, up):
    app.command()(command)

if __name__ == "__main__":
    app()
