"""Report: the run's summary and change table as Prefect artifacts, personal data masked.

Text from the APIs (names, employee numbers, leave-type names, error texts) is shown escaped:
control characters and bidi overrides visibly in every row, Markdown syntax in the summary.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from prefect import task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from clients.printable import markdown_text, visible
from schemas.kinds import SyncKind
from schemas.mapping import personal_fields
from tasks.engine.changes import (
    ChangeSet,
    FieldChange,
    LoadFailure,
    LoadResult,
    RecordChange,
    SyncReport,
    SyncSummary,
)

Key = tuple[str, str]

PERSONAL = personal_fields()
# A run lists at most this many rows per table (artifacts, and the report it returns): an initial
# sync of 100 000 employees changes ~2.4 million fields, which nobody reads in the UI, and listing
# them all would cost the Prefect server hundreds of MB and the run ~2 GB of memory. The summary
# counts every record; a table's last row says how many more were left out.
LISTED = 10_000


def first_rows(rows: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    """The rows a run lists: the first `LISTED`."""
    return list(islice(rows, LISTED))


def table(first: list[dict[str, str]], total: int, what: str) -> list[dict[str, str]]:
    """An artifact's table: the rows listed, then (if there are more) one row saying how many.

    Only artifacts get that row: the report keeps rows that are all records (the CLI would
    show a counting row as a held-back employee) and counts the rest apart.
    """
    if total <= len(first):
        return first
    head, *rest = first[0]
    note = f"… and {total - len(first)} more {what}, not listed (the summary counts them all)"
    return [*first, {head: note, **dict.fromkeys(rest, "")}]


def escaped(row: dict[str, str]) -> dict[str, str]:
    """A table row with every cell's hidden characters escaped visibly."""
    return {key: visible(value) for key, value in row.items()}


def code_span(text: str) -> str:
    """`text` inside a Markdown code span (where backslash escapes do not work)."""
    return "`" + visible(text).replace("`", "'") + "`"


def shown(change: FieldChange) -> str:
    """`field: old → new`, with personal data replaced by what happened to it."""
    if change.field in PERSONAL:
        if not change.old:
            return f"{change.field}: (set)"
        return f"{change.field}: (cleared)" if not change.new else f"{change.field}: (changed)"
    old = change.old if change.old else "∅"
    return f"{change.field}: {old} → {change.new or '∅'}"


def masked(field: str, value: str) -> str:
    """A value as the change table shows it: personal data never, an empty value as ∅."""
    if not value:
        return "∅"
    return "(masked)" if field in PERSONAL else value


def outcome_of(record: RecordChange, result: LoadResult, failures: dict[Key, LoadFailure]) -> str:
    """`written`, `dry run`, or `FAILED: why`."""
    failure = failures.get((record.entity, record.key))
    if failure:
        return f"FAILED: {failure.error}"
    return "dry run" if result.dry_run else "written"


def summarize(kind: SyncKind, changes: ChangeSet, result: LoadResult) -> SyncSummary:
    """Count what the run did (or, in a dry run, would do)."""
    records = changes.records
    failed_keys = {(f.entity, f.key) for f in result.failures}
    done = [r for r in records if (r.entity, r.key) not in failed_keys]
    quarantined = {q.employee for q in changes.quarantine}
    return SyncSummary(
        tenant=changes.tenant,
        kind=kind,
        created=sum(r.action == "create" for r in done),
        updated=sum(r.action == "update" for r in done),
        unchanged=sum(r.action == "unchanged" for r in records),
        rejected=sum(r.action == "reject" for r in done),
        quarantined=len(quarantined),
        failed=len(result.failures),
        skipped=len(changes.skipped),
        dry_run=result.dry_run,
    )


def change_rows(changes: ChangeSet, result: LoadResult) -> Iterator[dict[str, str]]:
    """One row per written (or failed) record: employee, record, action, fields, outcome."""
    failures = {(f.entity, f.key): f for f in result.failures}
    for record in changes.writes():
        yield escaped({
            "employee": record.employee,
            "record": f"{record.entity} {record.key}",
            "action": record.action,
            "fields": "; ".join(shown(c) for c in record.changes) or record.note,
            "outcome": outcome_of(record, result, failures),
        })  # fmt: skip


def field_rows(changes: ChangeSet, result: LoadResult) -> Iterator[dict[str, str]]:
    """One row per changed field of a written (or failed) record, to filter by field in the UI.

    A write with no field changes (an absence set to rejected) gets one row with its note.
    """
    failures = {(f.entity, f.key): f for f in result.failures}
    for record in changes.writes():
        outcome = outcome_of(record, result, failures)
        common = {"employee": record.employee, "record": f"{record.entity} {record.key}"}
        for c in record.changes or (FieldChange("—", "", record.note),):
            yield escaped({**common, "field": c.field, "old": masked(c.field, c.old),
                           "new": masked(c.field, c.new), "action": record.action,
                           "outcome": outcome})  # fmt: skip


def field_row_count(changes: ChangeSet) -> int:
    """How many rows `field_rows` yields, without building them."""
    return sum(len(record.changes) or 1 for record in changes.writes())


def failure_rows(result: LoadResult) -> list[dict[str, str]]:
    """One row per failed write: which record, why, and whether a retry can mend it."""
    return [
        escaped({"record": f.record, "error": f.error, "retriable": "yes" if f.retriable else "no"})
        for f in result.failures
    ]


def quarantine_rows(changes: ChangeSet) -> list[dict[str, str]]:
    """One row per quarantine entry (the first `LISTED`)."""
    return first_rows(
        escaped({"employee": q.employee, "field": q.field, "reason": q.reason, "fix in": q.system})
        for q in changes.quarantine
    )


def summary_markdown(summary: SyncSummary, changes: ChangeSet, notes: Sequence[str] = ()) -> str:
    """The run summary as Markdown."""
    title = f"# {summary.kind.singular.capitalize()} sync: {summary.tenant}"
    if summary.dry_run:
        title += " (dry run: nothing written)"
    lines = [
        title,
        "",
        "| records created | updated | unchanged | failed | employees quarantined |",
        "|---|---|---|---|---|",
        f"| {summary.created} | {summary.updated} | {summary.unchanged} "
        f"| {summary.failed} | {summary.quarantined} |",
    ]
    lines += [f"\n{markdown_text(note)}" for note in notes if note]
    if summary.rejected:
        lines.append(f"\n{summary.rejected} absence(s) set to rejected in payroll.")
    if changes.skipped:
        lines += ["", "## Skipped", *(f"- {markdown_text(why)}" for why in changes.skipped)]
    if changes.quarantine:
        lines += ["", "## Quarantined (not synced; fix in AlexisHR)"]
        lines += [
            f"- employee {markdown_text(q.employee)}: {code_span(q.field)} "
            f"{markdown_text(q.reason)}"
            for q in changes.quarantine[:LISTED]
        ]
        if len(changes.quarantine) > LISTED:
            more = len(changes.quarantine) - LISTED
            lines.append(f"- … and {more} more quarantine entries, not listed")
    return "\n".join(lines)


def publish(
    kind: SyncKind, changes: ChangeSet, result: LoadResult, notes: Sequence[str] = ()
) -> SyncReport:
    """Create the run's artifacts and return the report."""
    summary = summarize(kind, changes, result)
    prefix = f"{kind.flow_name}-{changes.tenant}"
    markdown = summary_markdown(summary, changes, notes)
    create_markdown_artifact(key=prefix, markdown=markdown, description="Run summary")
    every_record, every_field = sum(1 for _ in changes.writes()), field_row_count(changes)
    rows, fields = first_rows(change_rows(changes, result)), first_rows(field_rows(changes, result))
    create_table_artifact(
        key=f"{prefix}-changes",
        table=table(fields, every_field, "field changes")
        or [{"employee": "", "record": "", "field": "", "action": "nothing to change"}],
        description="Field changes, one row each: filter by field (personal data masked)",
    )
    if rows:
        create_table_artifact(
            key=f"{prefix}-records",
            table=table(rows, every_record, "records"),
            description="Changed records, one row each",
        )
    held = quarantine_rows(changes)
    if held:
        create_table_artifact(
            key=f"{prefix}-quarantine",
            table=table(held, len(changes.quarantine), "quarantine entries"),
            description="Employees held back",
        )
    return SyncReport(
        summary,
        changes=tuple(rows),
        quarantine=tuple(held),
        notes=(*notes, *changes.skipped),
        skipped=tuple(changes.skipped),
        field_changes=tuple(fields),
        failures=tuple(failure_rows(result)),
        unlisted_field_changes=every_field - len(fields),
        unlisted_quarantine=len(changes.quarantine) - len(held),
    )


@task(name="report", cache_policy=NO_CACHE)
def report_sync(
    kind: SyncKind, changes: ChangeSet, result: LoadResult, notes: Sequence[str] = ()
) -> SyncReport:
    """Publish the summary and change-table artifacts of the run."""
    return publish(kind, changes, result, notes)
