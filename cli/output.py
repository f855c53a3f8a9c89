"""Terminal rendering of sync reports (rich), shared by `sync` and `demo`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from tasks.changes import SyncReport

console = Console()


def _table(title: str, rows: tuple[dict[str, str], ...], max_rows: int | None) -> Table:
    shown = rows if max_rows is None else rows[:max_rows]
    if len(shown) < len(rows):
        title += f" — first {len(shown)} of {len(rows)}; all in the run's Prefect artifacts"
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in rows[0]:
        table.add_column(column, overflow="fold")
    for row in shown:
        table.add_row(*row.values())
    return table


def show_report(report: SyncReport, *, details: bool = True, max_rows: int | None = None) -> None:
    """Print the summary line, then (optionally) the change and quarantine tables."""
    s = report.summary
    mode = " [yellow](dry run: nothing written)[/]" if s.dry_run else ""
    line = (
        f"[bold]{s.kind} sync · {s.tenant}[/]{mode}: "
        f"records {s.created} created, {s.updated} updated, {s.unchanged} unchanged, "
        f"{s.failed} failed; {s.quarantined} employee(s) quarantined"
    )
    if s.rejected:
        line += f", {s.rejected} rejected"
    if s.skipped:
        line += f", {s.skipped} skipped"
    console.print(line)
    for note in report.notes if details else report.notes[:1]:
        console.print(f"  {note}")
    if details and report.changes:
        console.print(_table("Changes (personal data masked)", report.changes, max_rows))
    if details and report.quarantine:
        console.print(_table("Quarantined", report.quarantine, None))


def show_error(message: str) -> None:
    """Print an error line."""
    console.print(f"[bold red]error:[/] {message}")
