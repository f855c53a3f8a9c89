"""`hrsync history`: what hrsync wrote to payroll, per employee, from the ledger (values masked)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from prefect.settings import get_current_settings
from rich.table import Table

from cli.console import console
from clients.printable import visible
from config.tenants import load_tenant
from ledger.keys import ledger_url
from ledger.models import LedgerWrite
from ledger.store import open_ledger


async def read_history(tenant: str, employee: str | None) -> Sequence[LedgerWrite]:
    """The tenant's ledger rows, oldest first (the default ledger in the Prefect home)."""
    url = ledger_url(Path(get_current_settings().home).expanduser())
    async with open_ledger(url) as ledger:
        return await ledger.history(tenant, employee)


def history_table(tenant: str, rows: Sequence[LedgerWrite]) -> Table:
    """One row per field written, grouped by employee; the value itself never shown."""
    table = Table(title=f"What hrsync wrote to payroll for {tenant}")
    for column in ("employee", "record", "field", "value", "written at (UTC)", "run", "outcome"):
        table.add_column(column)
    ordered = sorted(rows, key=lambda r: (len(r.employee), r.employee, r.written_at, r.id))
    previous = None
    for row in ordered:
        shown = "" if row.employee == previous else visible(row.employee)
        previous = row.employee
        record = row.entity if row.entity == "employee" else f"{row.entity} {row.record_key}"
        at = f"{row.written_at:%Y-%m-%d %H:%M}"
        table.add_row(
            shown, visible(record), row.field, "(masked)", at, row.flow_run_id[:8], row.outcome
        )
    return table


def history(
    tenant: Annotated[str, typer.Argument(help="Tenant name (its file in the tenants folder).")],
    employee: Annotated[str | None, typer.Option(help="Only this employee number.")] = None,
    tenants_dir: Annotated[Path | None, typer.Option(help="Folder of tenant files.")] = None,
) -> None:
    """Show per employee which fields hrsync wrote, when and by which run (values masked)."""
    config = load_tenant(tenant, str(tenants_dir) if tenants_dir else None)
    rows = asyncio.run(read_history(config.name, employee))
    if not rows:
        console.print(f"The ledger holds no writes for {config.name}.")
        return
    console.print(history_table(config.name, rows))
