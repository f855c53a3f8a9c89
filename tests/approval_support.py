"""Running an employee sync that pauses for approval, and answering it through the Prefect API."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterId,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.flow_runs import aresume_flow_run

from tests.support import TestTenant


@dataclass(frozen=True)
class Pause:
    """A paused run as the approver sees it: its form's schema and description."""

    run: FlowRun
    schema: dict[str, Any]
    description: str

    @property
    def held(self) -> list[str]:
        """The held-change lines the form shows."""
        return list(self.schema["properties"]["held_changes"]["default"])


Answer = Callable[[Pause], Awaitable[None]]


def answering(run_input: dict[str, Any]) -> Answer:
    """An approver that resumes the run with `run_input`."""

    async def answer(pause: Pause) -> None:
        await aresume_flow_run(pause.run.id, run_input=run_input)

    return answer


async def paused_run(tenant: str, flow: asyncio.Future[Any], timeout: float = 90) -> FlowRun:
    """The tenant's flow run once the API shows it Paused (fails if the flow ends first)."""
    paused = FlowRunFilter(
        state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED]))
    )
    deadline = time.monotonic() + timeout
    async with get_client() as client:
        while True:
            runs = await client.read_flow_runs(flow_run_filter=paused)
            mine = [r for r in runs if r.parameters.get("tenant") == tenant]
            if mine:
                return mine[0]
            if flow.done():
                raise AssertionError(f"the run ended without pausing: {flow.result()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no paused run of {tenant} after {timeout}s")
            await asyncio.sleep(0.2)


async def form_of(run: FlowRun) -> Pause:
    """The form Prefect's UI would show for the paused run (schema and description)."""
    async with get_client() as client:
        schema = await client.read_flow_run_input(flow_run_id=run.id, key="paused-1-schema")
        text = await client.read_flow_run_input(flow_run_id=run.id, key="paused-1-description")
    return Pause(run, json.loads(schema), json.loads(text) if text.startswith('"') else text)


def sync_with_approval(
    tenant: TestTenant,
    answer: Answer | None,
    look: Callable[[Pause], None] = lambda pause: None,
    **options: Any,
) -> tuple[Any, Pause]:
    """Run the employee sync, wait until it pauses, `look` at it, `answer` (None: never).

    Returns the run's final state and the pause as it was seen.
    """
    from flows.employee_sync import employee_sync

    async def main() -> tuple[Any, Pause]:
        call = employee_sync(
            tenant.name, tenants_dir=str(tenant.tenants_dir), return_state=True, **options
        )
        flow = asyncio.ensure_future(call)
        pause = await form_of(await paused_run(tenant.name, flow))
        look(pause)
        if answer is not None:
            await answer(pause)
        return await flow, pause

    return asyncio.run(main())


async def _upstream_of(flow_run_id: Any, step: str, timeout: float) -> set[str]:
    flow_filter = FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
    deadline = time.monotonic() + timeout
    async with get_client() as client:
        while True:
            runs = await client.read_task_runs(flow_run_filter=flow_filter)
            names = {r.id: r.name.rsplit("-", 1)[0] for r in runs}
            found = [r for r in runs if names[r.id] == step and r.state and r.state.is_final()]
            if found:
                inputs = found[0].task_inputs.values()
                return {names[i.id] for group in inputs for i in group if i.id in names}
            if time.monotonic() > deadline:
                raise AssertionError(f"no final {step} task run after {timeout}s")
            await asyncio.sleep(0.1)


def upstream_of(state: Any, step: str, timeout: float = 30) -> set[str]:
    """The steps a finished run's task run `step` (e.g. `load-approved`) got its inputs from."""
    return asyncio.run(_upstream_of(state.state_details.flow_run_id, step, timeout))


def prefect_database_text() -> bytes:
    """Every table of the test harness's Prefect database, as one blob to search."""
    from prefect.settings import PREFECT_SERVER_DATABASE_CONNECTION_URL

    path = PREFECT_SERVER_DATABASE_CONNECTION_URL.value().split("///", 1)[1]
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = [repr(row) for t in tables for row in db.execute(f'SELECT * FROM "{t}"')]
    return "\n".join(rows).encode()
