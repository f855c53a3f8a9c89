"""Canned answers for the emulators: a request answered once with a given body (e.g. `[]`).

The fault profiles fail requests; this answers one *successfully but wrongly*, as a real service
does on a bad day: a list endpoint that answers an empty list once although it holds records.
Tests use it to prove that one such read never makes the sync create a record a second time.
"""

from __future__ import annotations

import fnmatch
import json
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send


@dataclass
class _Planned:
    pattern: str
    body: bytes
    times: int


class CannedAnswers:
    """ASGI middleware: the next `times` requests matching a pattern get a fixed 200 answer.

    Patterns are `METHOD /path` with shell wildcards, as in the fault profiles. Requests no plan
    matches go on to the app unchanged.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._plans: list[_Planned] = []
        self._lock = threading.Lock()
        self.answered: Counter[str] = Counter()

    def answer(self, pattern: str, body: Any, times: int = 1) -> None:
        """Answer the next `times` requests matching `pattern` with status 200 and `body`."""
        with self._lock:
            self._plans.append(_Planned(pattern, json.dumps(body).encode(), times))

    def answer_empty(self, pattern: str, times: int = 1) -> None:
        """Answer the next `times` matching requests with an empty list (payroll's list shape)."""
        self.answer(pattern, [], times)

    def clear(self) -> None:
        """Forget every plan and what was answered."""
        with self._lock:
            self._plans.clear()
            self.answered.clear()

    def _take(self, line: str) -> bytes | None:
        with self._lock:
            for plan in self._plans:
                if plan.times > 0 and fnmatch.fnmatchcase(line, plan.pattern):
                    plan.times -= 1
                    self.answered[plan.pattern] += 1
                    return plan.body
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer from a plan, or pass the request on."""
        body = None
        if self._plans and scope["type"] == "http":  # no plans: no line formatted, no lock taken
            body = self._take(f"{scope['method']} {scope['path']}")
        if body is None:
            await self.app(scope, receive, send)
            return
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
