"""Runs Prefect makes from a tenant's schedule carry `scheduled=true`; a person's run does not."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

from deployments.build import all_specs

pytestmark = pytest.mark.usefixtures("prefect_harness")


async def scheduled_and_manual_parameters(
    deployment_id: UUID,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The parameters of the runs the server schedules, and of a Quick run, of a deployment."""
    async with get_client() as client:
        # The scheduler service's own step for one deployment (it runs every 60 s otherwise).
        start = (datetime.now(UTC) + timedelta(days=1)).isoformat()
        answer = await client._client.post(
            f"/deployments/{deployment_id}/schedule", json={"start_time": start, "max_runs": 2}
        )
        answer.raise_for_status()
        runs = await client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id]))
        )
        manual = await client.create_flow_run_from_deployment(deployment_id)
        await client.delete_deployment(deployment_id)  # its runs go with it: none is left behind
    return [r.parameters for r in runs if r.auto_scheduled], manual.parameters


def test_schedule_runs_are_marked_scheduled_and_manual_runs_are_not() -> None:
    spec = next(s for s in all_specs() if s.full_name == "employee-sync/nordlys")
    deployment_id = spec.runner_deployment().apply()

    scheduled, manual = asyncio.run(scheduled_and_manual_parameters(deployment_id))

    assert scheduled, "the server scheduled no run: the check below would prove nothing"
    assert all(p == {"tenant": "nordlys", "scheduled": True} for p in scheduled), scheduled
    assert manual == {"tenant": "nordlys"}
