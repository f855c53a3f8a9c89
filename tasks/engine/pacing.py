"""Requests paced by a Prefect global rate limit shared by every tenant's runs."""

from __future__ import annotations

import asyncio
import os

from prefect.client.orchestration import get_client
from prefect.concurrency.asyncio import rate_limit
from prefect.exceptions import ObjectNotFound

from clients.service import Pace

# Global rate limits, one per target API, shared by every tenant's runs (`hrsync bootstrap`).
ALEXIS_LIMIT, PAYROLL_LIMIT = "alexishr-api", "24sevenoffice-api"
RATE_LIMITS_ENV = "HRSYNC_RATE_LIMITS"
# Slots taken at once: a tenth of the limit (one server call per ten requests instead of one
# per request, which with fifty tenants busy made the Prefect server the bottleneck), at most
# ten, so that one run never holds more than a tenth of a second of everybody's budget.
MAX_BATCH = 10


class MissingRateLimitError(RuntimeError):
    """Rate limits are on but the shared limit was never created."""


class SharedPace:
    """A hook taking slots of a shared rate limit in small batches, one spent per request.

    Slots are taken `batch` at a time (`occupy`), so a run asks the Prefect server once per
    batch; a batch never exceeds the limit (a larger one could never be granted). Slots left
    when the client closes decay unused, as slots of a rate limit do anyway.
    """

    def __init__(self, limit: str) -> None:
        self.limit = limit
        self.batch = 0  # known after the first request reads the limit
        self._left = 0
        self._lock = asyncio.Lock()

    async def __call__(self) -> None:
        """Wait for this request's slot."""
        async with self._lock:
            if not self.batch:
                self.batch = await _batch_of(self.limit)
            if not self._left:
                await rate_limit(self.limit, occupy=self.batch, strict=True)
                self._left = self.batch
            self._left -= 1


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
