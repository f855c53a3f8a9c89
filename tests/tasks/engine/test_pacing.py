"""The shared pace takes rate-limit slots in batches on a real Prefect server."""

from __future__ import annotations

import asyncio

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate

from tasks.engine.pacing import MissingRateLimitError, SharedPace, shared_pace

pytestmark = pytest.mark.usefixtures("prefect_harness")


async def paced_requests(name: str, limit: int, requests: int) -> tuple[int, int]:
    """Create the limit (slots free only slowly), pace `requests`; (batch, slots occupied)."""
    async with get_client() as client:
        await client.create_global_concurrency_limit(
            GlobalConcurrencyLimitCreate(name=name, limit=limit, slot_decay_per_second=0.001)
        )
        pace = SharedPace(name)
        for _ in range(requests):
            await pace()
        taken = await client.read_global_concurrency_limit_by_name(name)
        await client.delete_global_concurrency_limit_by_name(name)
    return pace.batch, taken.active_slots


def test_slots_are_taken_a_tenth_of_the_limit_at_a_time() -> None:
    # Five requests under a limit of 20: batches of two, three batches taken.
    assert asyncio.run(paced_requests("pace-twenty", 20, 5)) == (2, 6)


def test_a_small_limit_is_taken_one_slot_per_request() -> None:
    assert asyncio.run(paced_requests("pace-five", 5, 3)) == (1, 3)


def test_a_limit_never_created_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRSYNC_RATE_LIMITS", "on")
    pace = shared_pace("nobody-made-this")
    assert pace is not None
    with pytest.raises(MissingRateLimitError, match="hrsync bootstrap"):
        asyncio.run(pace())


def test_no_pace_unless_rate_limits_are_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HRSYNC_RATE_LIMITS", raising=False)
    assert shared_pace("alexishr-api") is None
