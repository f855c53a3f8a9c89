"""The one retry policy of hrsync, applied in the httpx transport under every client."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

log = logging.getLogger("hrsync.clients")

# Request extension a client sets on a POST it knows to be safe to repeat (an upsert by key).
IDEMPOTENT = "hrsync_idempotent"

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Errors raised before the request reached the server: repeating them can never duplicate a write.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Errors after the request may have been processed: only repeat what is idempotent.
_MAYBE_SENT = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry; every wait is bounded by `max_total_seconds`.

    Attributes:
        max_attempts: attempts per request, the first one included.
        max_total_seconds: no retry starts once this much time has passed since the first attempt.
        backoff_base: first backoff in seconds; doubles per attempt, with full jitter.
        backoff_max: cap of one backoff.
        max_retry_after: a server's `Retry-After` longer than this is not honoured (we give up).
        always_retry_statuses: statuses meaning "not processed, come back later".
        idempotent_retry_statuses: statuses after which only an idempotent request is repeated.
    """

    max_attempts: int = 5
    max_total_seconds: float = 60.0
    backoff_base: float = 0.25
    backoff_max: float = 8.0
    max_retry_after: float = 30.0
    always_retry_statuses: frozenset[int] = field(default=frozenset({429, 503}))
    idempotent_retry_statuses: frozenset[int] = field(default=frozenset({500, 502, 504}))

    def backoff(self, attempt: int) -> float:
        """Return the jittered wait before retry number `attempt` (1-based)."""
        ceiling = min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1))
        return random.uniform(0, ceiling)


def is_idempotent(request: httpx.Request) -> bool:
    """Tell whether repeating `request` cannot cause a second, different effect."""
    return request.method in _IDEMPOTENT_METHODS or bool(request.extensions.get(IDEMPOTENT))


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Parse `Retry-After` as delta-seconds or an HTTP date; None when absent or unreadable."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class RetryTransport(httpx.AsyncBaseTransport):
    """Wraps another async transport and retries what the policy calls retriable."""

    def __init__(self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy | None = None) -> None:
        self._inner = inner
        self.policy = policy or RetryPolicy()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request`, retrying within the policy's budget."""
        started = time.monotonic()
        attempt = 1
        while True:
            try:
                response = await self._inner.handle_async_request(request)
                # Read the (small, JSON) body here: a connection cut mid-body must be retried
                # like any other broken exchange, not surface later in the caller.
                await response.aread()
            except (*_NOT_SENT, *_MAYBE_SENT) as error:
                wait = self._wait_after_error(request, error, attempt, started)
                if wait is None:
                    raise
                reason = type(error).__name__
            else:
                wait = self._wait_after_response(request, response, attempt, started)
                if wait is None:
                    return response
                reason = f"HTTP {response.status_code}"
            log.warning(
                "retrying %s %s after %s (attempt %d, waiting %.2fs)",
                request.method,
                request.url.path,
                reason,
                attempt,
                wait,
            )
            await asyncio.sleep(wait)
            attempt += 1

    def _budget_left(self, attempt: int, started: float, wait: float) -> bool:
        elapsed = time.monotonic() - started
        within_time = elapsed + wait <= self.policy.max_total_seconds
        return attempt < self.policy.max_attempts and within_time

    def _wait_after_error(
        self, request: httpx.Request, error: Exception, attempt: int, started: float
    ) -> float | None:
        if not isinstance(error, _NOT_SENT) and not is_idempotent(request):
            return None
        wait = self.policy.backoff(attempt)
        return wait if self._budget_left(attempt, started, wait) else None

    def _wait_after_response(
        self, request: httpx.Request, response: httpx.Response, attempt: int, started: float
    ) -> float | None:
        status = response.status_code
        retriable = status in self.policy.always_retry_statuses or (
            status in self.policy.idempotent_retry_statuses and is_idempotent(request)
        )
        if not retriable:
            return None
        wait = retry_after_seconds(response)
        if wait is None:
            wait = self.policy.backoff(attempt)
        elif wait > self.policy.max_retry_after:
            return None
        return wait if self._budget_left(attempt, started, wait) else None

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()
