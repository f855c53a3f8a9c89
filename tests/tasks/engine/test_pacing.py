"""The shared pace takes rate-limit slots in batches on a real Prefect server."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency.asyncio import ConcurrencySlotAcquisitionError

from tasks.engine.pacing import ATTEMPTS, MissingRateLimitError, SharedPace, shared_pace

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


def refused(status: int | None) -> ConcurrencySlotAcquisitionError:
    """The error Prefect raises when the server answers `status` (None: no answer at all)."""
    error = ConcurrencySlotAcquisitionError("Unable to acquire concurrency slots")
    request = httpx.Request("POST", "http://prefect.test/api/v2/concurrency_limits/increment")
    if status is None:
        error.__cause__ = httpx.ConnectError("refused", request=request)
    else:
        response = httpx.Response(status, request=request)
        error.__cause__ = httpx.HTTPStatusError(str(status), request=request, response=response)
    return error


class Server:
    """Prefect's slot acquisition, refusing the first `refusals` times with `error`."""

    def __init__(self, refusals: int, error: ConcurrencySlotAcquisitionError) -> None:
        self.refusals, self.error, self.asked = refusals, error, 0

    async def acquire(self, limit: str, slots: int) -> None:
        self.asked += 1
        if self.asked <= self.refusals:
            raise self.error


async def pace_once(server: Server) -> None:
    async with get_client() as client:
        await client.create_global_concurrency_limit(
            GlobalConcurrencyLimitCreate(name="pace-busy", limit=5, slot_decay_per_second=1)
        )
        try:
            await SharedPace("pace-busy", server.acquire, first_wait_s=0.001)()
        finally:
            await client.delete_global_concurrency_limit_by_name("pace-busy")


@pytest.mark.parametrize("status", [503, 429, None])
def test_a_busy_server_is_asked_again(status: int | None) -> None:
    server = Server(2, refused(status))

    asyncio.run(pace_once(server))

    assert server.asked == 3


def test_a_server_busy_for_too_long_fails_the_request() -> None:
    server = Server(ATTEMPTS, refused(503))

    with pytest.raises(ConcurrencySlotAcquisitionError):
        asyncio.run(pace_once(server))
    assert server.asked == ATTEMPTS


@pytest.mark.parametrize("status", [400, 404])
def test_a_refusal_that_would_repeat_is_not_asked_again(status: int) -> None:
    server = Server(1, refused(status))

    with pytest.raises(ConcurrencySlotAcquisitionError):
        asyncio.run(pace_once(server))
    assert server.asked == 1
