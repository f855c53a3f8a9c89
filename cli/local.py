"""`hrsync emulate` and `hrsync demo`: the emulators on loopback, and a demo sync against them."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from cli.console import console
from cli.demo_env import ALEXIS_PORT, PAYROLL_PORT, demo_environment
from cli.next_steps import relative
from cli.output import show_error, show_next, show_outcomes
from cli.runs import RunOutcome, exit_code
from cli.session import Session, prefect_session
from cli.sync_run import run_syncs

if TYPE_CHECKING:
    from emulators.runtime import Emulators
    from emulators.seed import DemoTenant


def _seed(
    hub: Emulators, empty: bool, names: list[str], size: int, clean: bool = False, leaves: int = 3
) -> list[DemoTenant]:
    """Seed the demo companies (unless empty) and one generated company per extra name."""
    from emulators.seed import DEMO_TENANTS, DemoTenant, seed_demo

    extra = tuple(
        DemoTenant(name, f"{name.capitalize()} AS", size, n, f"{name}.example.no", leaves)
        for n, name in enumerate(names, start=100)
    )
    seeded = extra if empty else (*DEMO_TENANTS, *extra)
    seed_demo(hub.alexis, hub.payroll, tenants=seeded, clean=clean)
    return list(seeded)


def emulate(
    alexis_port: Annotated[int, typer.Option(help="AlexisHR emulator port.")] = ALEXIS_PORT,
    payroll_port: Annotated[int, typer.Option(help="24SevenOffice emulator port.")] = PAYROLL_PORT,
    empty: Annotated[bool, typer.Option(help="No demo data: empty companies only.")] = False,
    alexis_token: Annotated[
        list[str] | None, typer.Option(help="Extra AlexisHR token: an empty company each.")
    ] = None,
    payroll_token: Annotated[
        list[str] | None, typer.Option(help="Extra payroll persistent token: an empty company.")
    ] = None,
    faults: Annotated[
        str,
        typer.Option(help="Fault profile: none, flaky, hostile, lossy, NAME:SEED or a .toml file."),
    ] = "none",
    token_lifetime: Annotated[int, typer.Option(help="Payroll access token lifetime (s).")] = 3600,
    demo_tenant: Annotated[
        list[str] | None,
        typer.Option(help="Generate a demo company for this tenant name (repeatable)."),
    ] = None,
    size: Annotated[int, typer.Option(help="Employees per --demo-tenant company.")] = 20,
    leaves: Annotated[int, typer.Option(help="Leaves per --demo-tenant employee.")] = 3,
    latency_ms: Annotated[float, typer.Option(help="Delay of every request (a remote API).")] = 0,
    concurrency: Annotated[int, typer.Option(help="Requests answered at once (0: any).")] = 0,
    clean: Annotated[
        bool, typer.Option(help="Demo companies without planted mistakes, payroll empty.")
    ] = False,
) -> None:
    """Serve both emulators on 127.0.0.1 until interrupted."""
    from emulators.faults import FaultProfile
    from emulators.runtime import Emulators

    hub = Emulators(
        faults=FaultProfile.load(faults),
        token_lifetime=timedelta(seconds=token_lifetime),
        latency=latency_ms / 1000,
        concurrency=concurrency,
    )
    for tenant in _seed(hub, empty, demo_tenant or [], size, clean, leaves):
        console.print(
            f"demo tenant [bold]{tenant.name}[/]: AlexisHR token {tenant.alexis_token}, "
            f"payroll token {tenant.payroll_token}"
        )
    for token in alexis_token or []:
        hub.alexis.add_company(token, f"Company of {token[:6]}…")
    for token in payroll_token or []:
        hub.payroll.add_company(token, f"Company of {token[:6]}…")
    with hub.serve(alexis_port, payroll_port) as urls:
        console.print(f"AlexisHR emulator on {urls.alexis_url}")
        console.print(f"24SevenOffice emulator on {urls.payroll_url}  (Ctrl-C stops both)")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            console.print("stopping")


def demo_pass(names: Sequence[str]) -> list[RunOutcome]:
    """Both syncs of each demo tenant, one tenant after the other."""
    return [outcome for name in names for outcome in run_syncs(name)]


def demo_verdict(first: Sequence[RunOutcome], second: Sequence[RunOutcome]) -> str:
    """Why the demo failed; empty when it showed what it should."""
    if exit_code([*first, *second]) == 1:
        return "a demo run failed (see above); the log lines are in the log file below"
    left = sum(o.wrote for o in second)
    if left:
        return f"the second run still changed {left} record(s): the sync does not converge"
    return ""


def demo(
    show_changes: Annotated[
        bool, typer.Option(help="Print the first run's change set field by field.")
    ] = False,
    verbose: Annotated[bool, typer.Option(help="Print Prefect's log lines too.")] = False,
) -> None:
    """Start the emulators with demo data and run both syncs of each demo tenant twice.

    Exit 0 when both runs worked and the second had nothing left to change. Quarantine is part
    of the demo (the demo companies hold planted HR mistakes); only a failure fails it.
    """
    from emulators.runtime import Emulators
    from emulators.seed import DEMO_TENANTS, seed_demo

    demo_environment()
    hub = Emulators()
    seed_demo(hub.alexis, hub.payroll)
    names = [tenant.name for tenant in DEMO_TENANTS]
    console.print(
        f"[bold]hrsync demo[/]: {len(names)} companies ({', '.join(names)}) in local emulators "
        "of AlexisHR and 24SevenOffice; each tenant's employee and absence sync runs twice"
    )
    with prefect_session(verbose=verbose) as session, hub.serve(ALEXIS_PORT, PAYROLL_PORT):
        first = demo_pass(names)
        show_outcomes(first, "First run: AlexisHR → payroll", changes=show_changes)
        second = demo_pass(names)
        show_outcomes(second, "Second run: nothing left to change", attention=False)
    problem = demo_verdict(first, second)
    if problem:
        show_error(problem)
    else:
        console.print("[green]✓[/] the second run found nothing to change")
    show_next(demo_next_steps(session, show_changes))
    raise typer.Exit(1 if problem else 0)


def demo_next_steps(session: Session, shown_changes: bool) -> list[str]:
    """Where a newcomer goes from the demo."""
    steps = [
        "`make serve`: the Prefect UI on http://127.0.0.1:4200 with the demo tenants' "
        "deployments — Run → Quick run, then the run's task graph and artifacts",
    ]
    if not shown_changes:
        steps.append("`.venv/bin/hrsync demo --show-changes`: the first run's change set")
    steps.append(f"Prefect's log lines: {relative(session.log_file)} (or run with --verbose)")
    return steps
