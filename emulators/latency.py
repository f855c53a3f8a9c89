"""Network realism for benchmarks: a per-request latency, a concurrency cap, and call counts.

The real services are remote SaaS APIs: every request costs a round trip (~40 ms over the
internet) and a service answers only so many requests at once. `Latency` adds both in front of
an emulator app; `CallCounter` answers `GET /_emulator/calls` with the requests per endpoint, so a
benchmark can read them from another process (the path is the emulator's own, never the API's).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter

from starlette.types import ASGIApp, Receive, Scope, Send

CALLS_PATH = "/_emulator/calls"
# Path segments naming one record: a number (employee number, serial number) or a long hex id.
_RECORD_SEGMENT = re.compile(r"/(\d[\d-]*|[0-9a-f-]{12,})(?=/|$)")


def endpoint(method: str, path: str) -> str:
    """`GET /api/employment/v2/{id}`: the request's endpoint, record ids folded."""
    return f"{method} {_RECORD_SEGMENT.sub('/{id}', path)}"


class Latency:
    """ASGI middleware: each request waits `seconds` first, at most `concurrency` at once.

    The wait comes before the app sees the request (the round trip out); a request over the
    cap queues, as at a remote service's front door. `concurrency` 0 means no cap.
    """

    def __init__(self, app: ASGIApp, seconds: float, concurrency: int = 0) -> None:
        self.app = app
        self.seconds = seconds
        self._slots = asyncio.Semaphore(concurrency) if concurrency > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Delay, then pass the request on (inside a slot when capped)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._slots is None:
            if self.seconds > 0:  # no latency asked: not even a turn of the event loop
                await asyncio.sleep(self.seconds)
            await self.app(scope, receive, send)
            return
        async with self._slots:
            await asyncio.sleep(self.seconds)
            await self.app(scope, receive, send)


class CallCounter:
    """ASGI middleware counting requests per endpoint; `GET /_emulator/calls` answers them.

    `DELETE /_emulator/calls` starts the count over (a benchmark does between scenarios).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.calls: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the control path; count and pass on every other request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == CALLS_PATH:
            if scope["method"] == "DELETE":
                self.calls.clear()
            await _send_json(send, dict(sorted(self.calls.items())))
            return
        self.calls[endpoint(scope["method"], scope["path"])] += 1
        await self.app(scope, receive, send)


async def _send_json(send: Send, body: object) -> None:
    data = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": data})
