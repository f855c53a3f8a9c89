"""Terminal rendering of sync reports (rich), shared by `sync` and `demo`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from tasks.changes import SyncReport

console = Console()


def _table(title: str, rows: tuple[dict[str, str], ...]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in rows[0]:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row.values())
    return table


def show_report(report: SyncReport, *, details: bool = True) -> None:
    """Print the summary line, then (optionally) the change and quarantine tables."""
    s = report.summary
    mode = " [yellow](dry run: nothing written)[/]" if s.dry_run else ""
    line = (
        f"[bold]{s.kind} sync · {s.tenant}[/]{mode}: "
        f"{s.created} created, {s.updated} updated, {s.unchanged} unchanged, "
        f"{s.quarantined} quarantined, {s.failed} failed"
    )
    if s.rejected:
        line += f", {s.rejected} rejected"
    if s.skipped:
        line += f", {s.skipped} skipped"
    console.print(line)
    if details and report.changes:
        console.print(_table("Changes (personal data masked)", report.changes))
    if details and report.quarantine:
        console.print(_table("Quarantined", report.quarantine))


def show_error(message: str) -> None:
    """Print an error line."""
    console.print(f"[bold red]error:[/] {message}")
