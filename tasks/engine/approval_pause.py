"""Waiting for a person: pause the flow run with a form, then write or skip what was held.

The pause is Prefect's `pause_flow_run(wait_for_input=…)`: the run shows as Paused in the UI
with a form listing the held changes (masked), and whoever resumes it answers the form. The
run keeps its process and connections while it waits; after `timeout_seconds` without an
answer it takes its run back (Running) itself, skips what was held and ends Completed with a
note, rather than letting Prefect fail it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from prefect import get_run_logger
from prefect.client.orchestration import get_client
from prefect.context import FlowRunContext
from prefect.flow_runs import apause_flow_run
from prefect.input import RunInput
from prefect.states import Running
from pydantic import Field

from clients.printable import markdown_text
from schemas.approval import ApprovalSettings
from tasks.engine.approval import Hold, combined, describe, merge, record_name
from tasks.engine.changes import ChangeSet, LoadResult, RecordChange

# Prefect's own pause deadline lies this far behind ours, so the run can still take itself
# back to Running after our deadline (past Prefect's, the server would only let it fail).
GRACE_SECONDS = 300

Write = Callable[[ChangeSet], Awaitable[LoadResult]]


class Decision(StrEnum):
    """The approver's answer to the whole list."""

    approve_all = "approve all"
    reject_all = "reject all"
    reject_listed = "approve all but the listed employees"


class ApprovalInput(RunInput):
    """The form of a paused sync: approve all, reject all, or reject chosen employees."""

    decision: Decision = Field(description="What to do with the held changes.")
    reject_employees: list[str] = Field(
        default_factory=list,
        description="Employee numbers whose held changes are not written "
        "(with 'approve all but the listed employees').",
    )
    held_changes: list[str] = Field(
        default_factory=list, description="The held changes (for reading; personal data masked)."
    )


@dataclass(frozen=True)
class Settled:
    """The run's change set and load result after the answer, and the note for the report."""

    changes: ChangeSet
    result: LoadResult
    note: str | None = None


def form_text(hold: Hold) -> str:
    """The form's Markdown description: why the run waits, then the held changes."""
    why = hold.brake or "these changes are held for approval; everything else is written"
    lines = "\n".join(f"- {markdown_text(line)}" for line in hold.lines)
    return (
        f"**{markdown_text(why)}**\n\n{lines}\n\n"
        f"Approve all, reject all, or reject chosen employees (`reject_employees`)."
    )


async def _take_back_the_run() -> None:
    """After our deadline: leave Paused ourselves, unless someone resumed in the meantime.

    An answer that lands between our deadline and this read counts as none: the held changes
    are skipped, never written on an answer the report would not show.
    """
    context = FlowRunContext.get()
    if context is None or context.flow_run is None:
        return
    async with get_client() as client:
        run = await client.read_flow_run(context.flow_run.id)
        if run.state is not None and run.state.is_paused():
            await client.set_flow_run_state(
                context.flow_run.id, Running(name="ApprovalTimedOut"), force=True
            )


async def ask(hold: Hold, settings: ApprovalSettings) -> ApprovalInput | None:
    """Pause the run with the form; the answer, or None when nobody answered in time."""
    form = ApprovalInput.with_initial_data(
        description=form_text(hold), held_changes=list(hold.lines)
    )
    try:
        async with asyncio.timeout(settings.timeout_seconds):
            return await apause_flow_run(
                wait_for_input=form,
                timeout=settings.timeout_seconds + GRACE_SECONDS,
                poll_interval=settings.poll_seconds,
            )
    except TimeoutError:
        await _take_back_the_run()
        return None


def chosen(
    held: ChangeSet, answer: ApprovalInput | None
) -> tuple[tuple[RecordChange, ...], tuple[RecordChange, ...]]:
    """The held records the answer approves, and the ones it rejects."""
    records = tuple(held.writes())
    if answer is None or answer.decision == Decision.reject_all:
        return (), records
    if answer.decision == Decision.approve_all:
        return records, ()
    rejected = {n.strip() for n in answer.reject_employees}
    return (
        tuple(r for r in records if r.employee not in rejected),
        tuple(r for r in records if r.employee in rejected),
    )


def skip_lines(rejected: Iterable[RecordChange], why: str) -> tuple[str, ...]:
    """One skipped reason per rejected record: fields named, values never."""
    return tuple(
        f"{record_name(r)}: {', '.join(c.field for c in r.changes) or r.note} "
        f"held for approval, {why}: not written"
        for r in rejected
    )


def outcome_note(hold: Hold, approved: int, rejected: int, why: str) -> str:
    """The report's line on the approval."""
    what = hold.brake or "risky changes held for approval"
    return f"Approval ({what}): {approved} record(s) approved and written, {rejected} {why}."


def dry_run_note(hold: Hold) -> str:
    """What a real run would have waited for."""
    what = hold.brake or "risky changes"
    return f"A real run would wait for approval ({what}): " + "; ".join(describe(hold.held.records))


async def settle(
    hold: Hold, loaded: LoadResult, settings: ApprovalSettings, write: Write, dry_run: bool
) -> Settled:
    """Ask about the held part (never in a dry run), write the approved, merge for the report."""
    if not hold.waiting:
        return Settled(hold.now, loaded)
    if dry_run:
        return Settled(merge(hold.now, hold.held.records, ()), loaded, dry_run_note(hold))
    get_run_logger().warning(
        "waiting up to %d s for approval of %d held record(s): the run's Resume form in the UI",
        settings.timeout_seconds,
        len(hold.held.writes()),
    )
    answer = await ask(hold, settings)
    why = "rejected" if answer else f"not answered within {settings.timeout_seconds} s"
    approved, rejected = chosen(hold.held, answer)
    get_run_logger().warning(
        "approval: %d held record(s) approved, %d %s", len(approved), len(rejected), why
    )
    second = await write(ChangeSet(hold.now.tenant, approved)) if approved else LoadResult()
    changes = merge(hold.now, approved, skip_lines(rejected, why))
    note = outcome_note(hold, len(approved), len(rejected), why)
    return Settled(changes, combined(loaded, second), note)
