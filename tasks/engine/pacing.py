"""Requests paced by a Prefect global rate limit shared by every tenant's runs."""

from __future__ import annotations

import asyncio
import os
import random
from collections.abc import Awaitable, Callable

import httpx
from prefect.client.orchestration import get_client
from prefect.concurrency.asyncio import ConcurrencySlotAcquisitionError, rate_limit
from prefect.exceptions import ObjectNotFound

from clients.service import Pace

# Global rate limits, one per target API, shared by every tenant's runs (`hrsync bootstrap`).
ALEXIS_LIMIT, PAYROLL_LIMIT = "alexishr-api", "24sevenoffice-api"
RATE_LIMITS_ENV = "HRSYNC_RATE_LIMITS"
# Slots taken at once: a tenth of the limit (one server call per ten requests instead of one
# per request, which with fifty tenants busy made the Prefect server the bottleneck), at most
# ten, so that one run never holds more than a tenth of a second of everybody's budget.
MAX_BATCH = 10
# A busy Prefect server (SQLite under fifty tenants' runs) answers 503 now and then, past the
# few retries of Prefect's own client; it failed one tenant's load in the many-tenants
# benchmark. No request has gone out yet, so asking again is always safe: up to 8 times over
# about two minutes (doubling waits from 1 s, at most 30 s, jittered).
ATTEMPTS, FIRST_WAIT_S, LONGEST_WAIT_S = 8, 1.0, 30.0
BUSY_STATUSES = frozenset({429, 502, 503, 504})

Acquire = Callable[[str, int], Awaitable[None]]


class MissingRateLimitError(RuntimeError):
    """Rate limits are on but the shared limit was never created."""


class SharedPace:
    """A hook taking slots of a shared rate limit in small batches, one spent per request.

    Slots are taken `batch` at a time (`occupy`), so a run asks the Prefect server once per
    batch; a batch never exceeds the limit (a larger one could never be granted). Slots left
    when the client closes decay unused, as slots of a rate limit do anyway.
    """

    def __init__(
        self, limit: str, acquire: Acquire | None = None, first_wait_s: float = FIRST_WAIT_S
    ) -> None:
        self.limit = limit
        self.batch = 0  # known after the first request reads the limit
        self._left = 0
        self._lock = asyncio.Lock()
        self._acquire = acquire or _take_slots
        self._first_wait_s = first_wait_s

    async def __call__(self) -> None:
        """Wait for this request's slot."""
        async with self._lock:
            if not self.batch:
                self.batch = await _batch_of(self.limit)
            if not self._left:
                await self._take_batch()
                self._left = self.batch
            self._left -= 1

    async def _take_batch(self) -> None:
        for attempt in range(ATTEMPTS):
            try:
                await self._acquire(self.limit, self.batch)
                return
            except ConcurrencySlotAcquisitionError as error:
                if attempt == ATTEMPTS - 1 or not server_busy(error):
                    raise
            wait = min(LONGEST_WAIT_S, self._first_wait_s * 2**attempt)
            await asyncio.sleep(wait * random.uniform(0.5, 1.0))


async def _take_slots(limit: str, slots: int) -> None:
    await rate_limit(limit, occupy=slots, strict=True)


def server_busy(error: ConcurrencySlotAcquisitionError) -> bool:
    """Whether slots were refused by a busy or unreachable server (worth asking again)."""
    cause = error.__cause__
    if isinstance(cause, httpx.HTTPStatusError):
        return cause.response.status_code in BUSY_STATUSES
    return isinstance(cause, httpx.TransportError)


async def _batch_of(name: str) -> int:
    async with get_client() as client:
        try:
            limit = await client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            raise MissingRateLimitError(
                f"rate limit {name} does not exist: run `hrsync bootstrap`"
            ) from None
    return max(1, min(MAX_BATCH, limit.limit // 10))


def shared_pace(limit: str) -> Pace | None:
    """The pace of one client, or None when `$HRSYNC_RATE_LIMITS` is not `on`.

    Set it in serve/worker environments; a limit nobody created is then an error, never a
    silent no-op.
    """
    if os.environ.get(RATE_LIMITS_ENV, "").lower() not in ("1", "on", "true", "yes"):
        return None
    return SharedPace(limit)
