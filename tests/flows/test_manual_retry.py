"""A failed run retried by hand re-runs what failed, reuses the kept extract, re-reads payroll."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.flow_engine import run_flow
from prefect.settings import get_current_settings
from prefect.states import Scheduled

from emulators.faults import FaultProfile, FaultRule
from flows.employee_sync import employee_sync
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

PAYROLL_WRITES_FAIL = FaultProfile(endpoints=(("POST /api/*", FaultRule(server_error=1.0)),))


async def retry_by_hand(flow_run_id: Any) -> Any:
    """What the UI's Retry (or `prefect flow-run retry -e …`) does for a run without deployment."""
    async with get_client() as client:
        await client.set_flow_run_state(flow_run_id, Scheduled(message="Retry"), force=True)
        flow_run = await client.read_flow_run(flow_run_id)
    return await run_flow(employee_sync, flow_run=flow_run, parameters=flow_run.parameters,
                          return_type="state")  # fmt: skip


async def task_states(flow_run_id: Any) -> dict[str, list[str]]:
    """Task name → state names of its runs in the flow run (both attempts)."""
    async with get_client() as client:
        runs = await client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
    states: dict[str, list[str]] = {}
    for run in runs:
        states.setdefault(run.task_key.split("-")[0], []).append(run.state_name or "")
    return states


def alexis_reads(tenant: TestTenant) -> int:
    return sum(1 for r in tenant.requests() if r.token == tenant.alexis_token)


def payroll_reads(tenant: TestTenant) -> int:
    return sum(1 for r in tenant.requests() if r.path.startswith("/api/employee") and
               r.method == "GET")  # fmt: skip


def test_retry_skips_the_kept_extract_and_converges(
    tenant: TestTenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HRSYNC_RESULTS_KEY", Fernet.generate_key().decode())
    tenant.seed_demo_data(size=6)
    tenant.emulators.set_faults(PAYROLL_WRITES_FAIL)

    failed = tenant.employee_sync()
    assert failed.is_failed()
    assert tenant.payroll.employees() == []
    hr_before, payroll_before = alexis_reads(tenant), payroll_reads(tenant)

    tenant.emulators.set_faults(FaultProfile())
    retried = asyncio.run(retry_by_hand(failed.state_details.flow_run_id))

    assert retried.is_completed()
    assert alexis_reads(tenant) == hr_before, "the retry read AlexisHR again"
    assert payroll_reads(tenant) > payroll_before, "the retry must re-read payroll"
    assert len(tenant.payroll.employees()) == 6
    states = asyncio.run(task_states(failed.state_details.flow_run_id))
    assert "Cached" in states["extract_hr"]
    assert all(s == "Completed" for s in states["extract_payroll"])


def test_kept_extract_is_encrypted_on_disk(
    tenant: TestTenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HRSYNC_RESULTS_KEY", Fernet.generate_key().decode())
    tenant.seed_demo_data(size=3)
    storage = Path(get_current_settings().results.local_storage_path)
    before = set(storage.glob("*")) if storage.exists() else set()

    assert tenant.employee_sync().is_completed()

    written = [p for p in storage.glob("*") if p not in before and p.is_file()]
    assert written, "the extract result was not kept"
    secrets = [e["ssn"] for e in tenant.alexis.all("employee")] + [
        e["lastName"] for e in tenant.alexis.all("employee")
    ]
    for path in written:
        blob = path.read_bytes()
        assert not any(secret.encode() in blob for secret in secrets if secret)


def test_without_a_key_nothing_is_kept(tenant: TestTenant) -> None:
    assert "HRSYNC_RESULTS_KEY" not in os.environ
    tenant.seed_demo_data(size=2)
    state = tenant.employee_sync()
    states = asyncio.run(task_states(state.state_details.flow_run_id))
    assert states["extract_hr"] == ["Completed"]
