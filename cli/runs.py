"""Running sync flows from a command: one outcome per tenant and sync kind, and the exit status."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Any

from prefect.client.schemas.objects import State

from cli.progress_bar import progress_bars
from schemas.kinds import SyncKind
from tasks.engine.changes import SyncFailedError, SyncReport


@dataclass(frozen=True)
class RunOutcome:
    """How one flow run of one tenant ended.

    Attributes:
        tenant: the tenant's name.
        kind: which of the two syncs ran.
        report: the run's report; None when the run failed before it could make one.
        error: why the run failed, in one line; empty when it did not.
        flow_run_id: the run's id on the Prefect server (for the UI link).
    """

    tenant: str
    kind: SyncKind
    report: SyncReport | None
    error: str = ""
    flow_run_id: str = ""

    @property
    def exit_code(self) -> int:
        """1 failed, 2 synced with some quarantined, 0 all synced."""
        if self.error or self.report is None:
            return 1
        return self.report.summary.exit_code

    @property
    def wrote(self) -> int:
        """Records written (or, in a dry run, to write) and failed: 0 means nothing to change."""
        if self.report is None:
            return 0
        s = self.report.summary
        return s.created + s.updated + s.rejected + s.failed


def first_line(text: str) -> str:
    """An error's first line: the terminal gets the message, never a traceback."""
    return text.strip().splitlines()[0] if text.strip() else "the run failed"


def run_sync(flow_call: Awaitable[State[Any]], tenant: str, kind: SyncKind) -> RunOutcome:
    """Run a sync flow to its end and say how it ended.

    The run carries the tags a deployment's runs carry, so manual runs filter alike in the UI.
    """
    from prefect import tags

    async def finish() -> State[Any]:
        with tags("hrsync", f"tenant:{tenant}", kind.tag, "manual"):
            return await flow_call

    state = asyncio.run(finish())
    run_id = str(state.state_details.flow_run_id or "")
    outcome = state.result(raise_on_failure=False)
    if isinstance(outcome, SyncReport):
        return RunOutcome(tenant, kind, outcome, flow_run_id=run_id)
    if isinstance(outcome, SyncFailedError):
        return RunOutcome(tenant, kind, outcome.report, str(outcome), run_id)
    message = str(outcome) if isinstance(outcome, BaseException) else str(state.message)
    return RunOutcome(tenant, kind, None, first_line(message), run_id)


def run_with_progress(flow_call: Awaitable[State[Any]], tenant: str, kind: SyncKind) -> RunOutcome:
    """`run_sync`, with its long phases shown as progress bars on a terminal."""
    with progress_bars(f"{tenant} {kind}"):
        return run_sync(flow_call, tenant, kind)


def exit_code(outcomes: Sequence[RunOutcome]) -> int:
    """1 if anything failed, else 2 if anyone was quarantined, else 0."""
    codes = [o.exit_code for o in outcomes]
    return 1 if 1 in codes else max(codes, default=0)
