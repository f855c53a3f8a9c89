"""The flow run as Prefect records it: one task run per step, wired extract → … → report."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import TaskRun

from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

# Each step and the steps whose results it takes, as the issue draws the pipeline.
PIPELINE = {
    "extract-hr": set(),
    "extract-payroll": set(),
    "extract-payroll-runs": set(),  # the payroll calendar: locked periods, freeze windows
    "check-head-count": set(),  # takes the counts, not the frames
    "validate": {"extract-hr"},
    "transform": {"validate"},
    "hash-targets": {"transform"},  # issue 13: the synced store's target hashes
    "check-identity": {"transform", "extract-payroll"},
    "diff": {"check-identity", "extract-payroll"},
    "confirm-creates": {"check-identity", "extract-payroll", "diff"},
    "check-drift": {"confirm-creates"},  # issue 12: the ledger's drift report before the load
    # Issue 12: later steps take change sets that still carry confirm-creates' own parts (its
    # records, its quarantine), so Prefect links them to it as well as to the step before.
    "check-mass-clear": {"confirm-creates", "check-drift"},
    "hold-risky-changes": {"confirm-creates", "check-drift"},  # approval splits before the load
    "load": {"confirm-creates", "hold-risky-changes"},
    "record-writes": {"confirm-creates", "hold-risky-changes", "load"},
    "record-synced": {"hash-targets"},  # the synced store, after the load
    "remember-head-count": set(),
    # extract-hr: the scope note
    "report": {"confirm-creates", "hold-risky-changes", "load", "extract-hr"},
}


# Prefect links a task to an earlier one by the identity of values found in its inputs, and the
# empty tuple is one object in CPython: a change set with no quarantine (`()`) is sometimes also
# linked to `diff`, whose change set held that same `()`. Only these extra edges are allowed.
SHARED_EMPTY = {
    "check-mass-clear": {"diff"},
    "hold-risky-changes": {"diff"},
    # record-synced takes employee numbers, the very string objects of the change set and load.
    "record-synced": {"check-identity", "diff", "confirm-creates", "hold-risky-changes", "load"},
}


def step(task_run: TaskRun) -> str:
    """`validate-f1a` → `validate`: the task a run belongs to."""
    return task_run.name.rsplit("-", 1)[0]


async def finished_task_runs(flow_run_id: UUID, timeout: float = 30.0) -> list[TaskRun]:
    """The flow run's task runs once every step has one in a final state (they may lag a bit)."""
    flow_filter = FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
    deadline = time.monotonic() + timeout
    async with get_client() as client:
        while True:
            runs = await client.read_task_runs(flow_run_filter=flow_filter)
            done = all(r.state is not None and r.state.is_final() for r in runs)
            if done and set(PIPELINE) <= {step(r) for r in runs}:
                return runs
            if time.monotonic() > deadline:
                raise AssertionError(f"task runs not final after {timeout}s: {runs}")
            await asyncio.sleep(0.1)


def task_runs_of(tenant: TestTenant) -> list[TaskRun]:
    state = tenant.employee_sync()
    assert state.is_completed()
    return asyncio.run(finished_task_runs(state.state_details.flow_run_id))


def test_task_runs_and_their_upstream_edges_are_the_pipeline(tenant: TestTenant) -> None:
    tenant.add_employee("1")

    runs = task_runs_of(tenant)

    names = {r.id: step(r) for r in runs}
    edges = {
        step(r): {names[i.id] for inputs in r.task_inputs.values() for i in inputs if i.id in names}
        for r in runs
    }
    assert set(edges) == set(PIPELINE)
    for name, required in PIPELINE.items():
        assert required <= edges[name] <= required | SHARED_EMPTY.get(name, set()), (
            name,
            edges[name],
        )
    assert all(r.state is not None and r.state.is_completed() for r in runs)


def test_task_runs_do_not_grow_with_the_number_of_employees(
    tenant: TestTenant, another_tenant: Callable[..., TestTenant]
) -> None:
    bigger = another_tenant("big")
    tenant.seed_demo_data(size=3)
    bigger.seed_demo_data(size=40)

    few = Counter(step(r) for r in task_runs_of(tenant))
    many = Counter(step(r) for r in task_runs_of(bigger))

    assert len(bigger.payroll.employees()) == 40
    assert few == many == Counter(list(PIPELINE))
