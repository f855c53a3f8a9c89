"""Terminal rendering of sync outcomes (rich): a result to read, not a log to scroll.

Per run: one table of counts per tenant and sync kind, then what needs a person — the
quarantine, the failed records — and the next step. The field-by-field change table only when
asked for (`--dry-run`, `--show-changes`), capped at a screenful. Values from HR data are
printed as plain text, never as rich markup, with control characters, ANSI escapes and bidi
overrides escaped visibly (`clients.printable.visible`): rich itself strips only a few.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.table import Table
from rich.text import Text

from cli.console import console
from cli.runs import RunOutcome
from clients.printable import visible

COUNTS = ("created", "updated", "unchanged", "quarantined", "skipped", "failed")
SCREENFUL = 25


def _table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], total: int) -> Table:
    if total > len(rows):
        title += f" — first {len(rows)} of {total}; the run's Prefect artifacts list more"
    table = Table(title=title, title_justify="left", title_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(visible(cell)) for cell in row))
    return table


def _counts(outcome: RunOutcome, columns: Sequence[str]) -> list[str]:
    if outcome.report is None:
        return ["—"] * (len(columns) - 1) + ["run failed"]
    summary = outcome.report.summary
    return [str(getattr(summary, column)) for column in columns]


def counts_table(outcomes: Sequence[RunOutcome], title: str) -> Table:
    """Counts per tenant and sync kind (records; quarantined counts employees)."""
    rejected = any(o.report and o.report.summary.rejected for o in outcomes)
    columns = (*COUNTS[:2], "rejected", *COUNTS[2:]) if rejected else COUNTS
    rows = [[o.tenant, o.kind, *_counts(o, columns)] for o in outcomes]
    table = _table(title, ("tenant", "sync", *columns), rows, len(rows))
    for column in table.columns:
        column.no_wrap = True
    for column in table.columns[2:]:
        column.justify = "right"
    return table


def quarantine_rows(outcomes: Iterable[RunOutcome]) -> list[list[str]]:
    """Each held-back employee and field once, with the syncs that held it back."""
    seen: dict[tuple[str, str, str, str], list[str]] = {}
    for o in outcomes:
        for q in o.report.quarantine if o.report else ():
            key = (o.tenant, q["employee"], q["field"], q["reason"])
            seen.setdefault(key, []).append(o.kind)
    return [[*key, ", ".join(kinds)] for key, kinds in seen.items()]


def _capped(label: str, lines: Sequence[str], cap: int = 5) -> None:
    console.print(Text(label, style="bold"))
    for line in lines[:cap]:
        console.print(Text(f"  {visible(line)}"))
    if len(lines) > cap:
        console.print(f"  … and {len(lines) - cap} more in the runs' summary artifacts")


def show_attention(outcomes: Sequence[RunOutcome]) -> None:
    """The quarantine, the skipped leave and the failures: what a person has to act on."""
    held = quarantine_rows(outcomes)
    if held:
        columns = ("tenant", "employee", "field", "reason", "held back by")
        title = "Held back (fix in AlexisHR; the rest synced)"
        total = len(held) + sum(o.report.unlisted_quarantine for o in outcomes if o.report)
        console.print(_table(title, columns, held[:SCREENFUL], total))
    reports = [(o.tenant, o.report) for o in outcomes if o.report]
    notes = [f"{t}: {n}" for t, r in reports for n in r.notes[1:] if n not in r.skipped]
    if notes:
        _capped("Notes", notes)
    skipped = [f"{t}: {n}" for t, r in reports for n in r.skipped]
    if skipped:
        _capped("Skipped (not exported)", skipped)
    failed = [
        [o.tenant, f["record"], f["error"]] for o in outcomes if o.report for f in o.report.failures
    ]
    if failed:
        title = "Failed writes (not written; the rest synced)"
        console.print(_table(title, ("tenant", "record", "why"), failed[:SCREENFUL], len(failed)))
    for o in outcomes:
        if o.error and (o.report is None or not o.report.failures):
            console.print(
                Text(f"error: {o.tenant} {o.kind}: {visible(o.error)}", style="bold red"),
                soft_wrap=True,
            )


def show_changes(outcomes: Sequence[RunOutcome], cap: int = SCREENFUL) -> None:
    """The change set field by field (personal data masked), capped with the count of the rest."""
    rows = [
        [o.tenant, c["employee"], c["record"], c["field"], c["old"], c["new"], c["action"]]
        for o in outcomes
        if o.report
        for c in o.report.field_changes
    ]
    columns = ("tenant", "employee", "record", "field", "old", "new", "action")
    title = "Changes, field by field (personal data masked)"
    total = len(rows) + sum(o.report.unlisted_field_changes for o in outcomes if o.report)
    console.print(_table(title, columns, rows[:cap], total) if rows else "no changes")


def show_outcomes(
    outcomes: Sequence[RunOutcome], title: str, *, changes: bool = False, attention: bool = True
) -> None:
    """The counts table, the scope notes, and (optionally) what needs attention and the changes."""
    console.print(counts_table(outcomes, title))
    notes = {o.tenant: o.report.notes[0] for o in outcomes if o.report and o.report.notes}
    for tenant, note in notes.items():
        if note:
            console.print(Text(f"  {tenant}: {visible(note)}", style="dim"))
    if any(o.report and o.report.summary.dry_run for o in outcomes):
        console.print("  [yellow]dry run: nothing was written[/]")
    if attention:
        show_attention(outcomes)
    if changes:
        show_changes(outcomes)


def show_next(lines: Iterable[str]) -> None:
    """The next steps, one per line."""
    console.print("\n[bold]Next[/]")
    for line in lines:
        console.print(Text(f"  {visible(line)}"))


def show_error(message: str) -> None:
    """Print an error line."""
    console.print(Text.assemble(("error: ", "bold red"), visible(message)), soft_wrap=True)
