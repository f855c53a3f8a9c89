"""`hrsync emulate` and `hrsync demo`: the emulators on loopback, and a demo sync against them."""

from __future__ import annotations

import os
import threading
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from cli.output import console

if TYPE_CHECKING:
    from emulators.runtime import Emulators
    from emulators.seed import DemoTenant

ALEXIS_PORT, PAYROLL_PORT = 8101, 8102


def demo_environment() -> None:
    """Point the demo tenants' token references at the emulators' demo tokens (unless set)."""
    from emulators.seed import DEMO_TENANTS

    for tenant in DEMO_TENANTS:
        prefix = f"HRSYNC_{tenant.name.upper()}_"
        os.environ.setdefault(f"{prefix}ALEXIS_TOKEN", tenant.alexis_token)
        os.environ.setdefault(f"{prefix}PAYROLL_TOKEN", tenant.payroll_token)


def _seed(hub: Emulators, empty: bool, names: list[str], size: int) -> list[DemoTenant]:
    """Seed the demo companies (unless empty) and one generated company per extra name."""
    from emulators.seed import DEMO_TENANTS, DemoTenant, seed_demo

    extra = tuple(
        DemoTenant(name, f"{name.capitalize()} AS", size=size, seed=n, domain=f"{name}.example.no")
        for n, name in enumerate(names, start=100)
    )
    seeded = extra if empty else (*DEMO_TENANTS, *extra)
    seed_demo(hub.alexis, hub.payroll, tenants=seeded)
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
        str, typer.Option(help="Fault profile: none, flaky, hostile, NAME:SEED or a .toml file.")
    ] = "none",
    token_lifetime: Annotated[int, typer.Option(help="Payroll access token lifetime (s).")] = 3600,
    demo_tenant: Annotated[
        list[str] | None,
        typer.Option(help="Generate a demo company for this tenant name (repeatable)."),
    ] = None,
    size: Annotated[int, typer.Option(help="Employees per --demo-tenant company.")] = 20,
) -> None:
    """Serve both emulators on 127.0.0.1 until interrupted."""
    from emulators.faults import FaultProfile
    from emulators.runtime import Emulators

    hub = Emulators(
        faults=FaultProfile.load(faults), token_lifetime=timedelta(seconds=token_lifetime)
    )
    for tenant in _seed(hub, empty, demo_tenant or [], size):
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


def demo() -> None:
    """Start the emulators with demo data and run both syncs of each demo tenant twice."""
    from cli.main import exit_code, run_sync
    from cli.output import show_report
    from emulators.runtime import Emulators
    from emulators.seed import DEMO_TENANTS, seed_demo
    from flows.absence_sync import absence_sync
    from flows.employee_sync import employee_sync

    demo_environment()
    hub = Emulators()
    seed_demo(hub.alexis, hub.payroll)
    reports = []
    with hub.serve(ALEXIS_PORT, PAYROLL_PORT):
        for attempt in ("first run", "second run: nothing left to change"):
            console.rule(attempt)
            for tenant in DEMO_TENANTS:
                details = attempt == "first run" and tenant is DEMO_TENANTS[0]
                for sync, kind in ((employee_sync, "employees"), (absence_sync, "absences")):
                    report = run_sync(sync(tenant.name, return_state=True), tenant.name, kind)
                    if report is not None:
                        show_report(report, details=details, max_rows=8)
                    reports.append(report)
    code = exit_code(reports)
    # Quarantine is part of the demo (three planted HR mistakes); only a failure fails it.
    raise typer.Exit(1 if code == 1 else 0)
