"""Answer rewriting for the emulators: a server that answers wrongly, on purpose, for tests.

Faults (`emulators.faults`) break the exchange; rewrites keep it whole but change what the
server says: an HTML page with status 200, a body that is not JSON, another envelope, a `total`
that does not match the rows, rows without the fields a token may not see. Each rewrite is a
function of the emulator's real answer, so it can shorten a page or drop one employee's field.
"""

from __future__ import annotations

import fnmatch
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass(frozen=True)
class Answer:
    """One response as a rewrite sees it.

    Attributes:
        method: the request's method.
        path: the request's path.
        query: the request's query parameters, in order.
        status: the response status.
        content_type: the response's content type.
        body: the response body.
    """

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    status: int
    content_type: str
    body: bytes

    def param(self, name: str, default: str = "") -> str:
        """The first value of query parameter `name`."""
        return next((value for key, value in self.query if key == name), default)

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)

    def with_json(self, value: Any, status: int | None = None) -> Answer:
        """This answer with `value` as its JSON body."""
        return replace(
            self,
            body=json.dumps(value).encode(),
            content_type="application/json",
            status=self.status if status is None else status,
        )


# A rewrite returns the answer to send instead, or None to send the real one unchanged.
Rewrite = Callable[[Answer], Answer | None]


@dataclass
class AnswerRewriter:
    """ASGI middleware that passes each response through the rewrites whose pattern matches.

    Patterns are `METHOD /path` with shell wildcards, as in fault profiles. Only matching
    requests are buffered; every other one streams through untouched.
    """

    app: ASGIApp
    rules: list[tuple[str, Rewrite]] = field(default_factory=list)
    rewritten: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, pattern: str, rewrite: Rewrite) -> None:
        """Rewrite the answers to requests matching `pattern` (after earlier rules)."""
        self.rules.append((pattern, rewrite))

    def clear(self) -> None:
        """Answer truthfully again."""
        self.rules.clear()

    def _matching(self, scope: Scope) -> list[Rewrite]:
        line = f"{scope['method']} {scope['path']}"
        return [rewrite for pattern, rewrite in self.rules if fnmatch.fnmatchcase(line, pattern)]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request; rewrite its answer when a rule matches."""
        # No rules (the usual case): no line formatted, no pattern matched.
        rewrites = self._matching(scope) if self.rules and scope["type"] == "http" else []
        if not rewrites:
            await self.app(scope, receive, send)
            return
        captured: list[Message] = []

        async def capture(message: Message) -> None:
            captured.append(message)

        await self.app(scope, receive, capture)
        answer = _answer(scope, captured)
        for rewrite in rewrites:
            changed = rewrite(answer)
            if changed is not None:
                answer = changed
                with self._lock:
                    self.rewritten += 1
        await _send(send, answer)


def _answer(scope: Scope, messages: list[Message]) -> Answer:
    start = next(m for m in messages if m["type"] == "http.response.start")
    headers = {bytes(k).lower(): bytes(v) for k, v in start.get("headers", [])}
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return Answer(
        method=scope["method"],
        path=scope["path"],
        query=tuple(parse_qsl(scope.get("query_string", b"").decode(), keep_blank_values=True)),
        status=int(start["status"]),
        content_type=headers.get(b"content-type", b"").decode(),
        body=body,
    )


async def _send(send: Send, answer: Answer) -> None:
    headers = [(b"content-length", b"%d" % len(answer.body))]
    if answer.content_type:
        headers.append((b"content-type", answer.content_type.encode()))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


# --- rewrites tests use often ---------------------------------------------------------------------

HTML_ERROR_PAGE = (
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>Bad Gateway</h1><p>The upstream server did not answer.</p></body></html>"
)


def html_page(answer: Answer) -> Answer:
    """A proxy's HTML error page, sent with status 200 (as misconfigured gateways do)."""
    return replace(answer, status=200, content_type="text/html", body=HTML_ERROR_PAGE)


def not_json(answer: Answer) -> Answer:
    """A body cut short: JSON-typed, not JSON."""
    return replace(answer, status=200, body=answer.body[: max(1, len(answer.body) // 2)])


def json_edit(edit: Callable[[Any], Any]) -> Rewrite:
    """A rewrite that replaces the JSON body by `edit(body)` (successful answers only)."""

    def rewrite(answer: Answer) -> Answer | None:
        if answer.status >= 300 or not answer.body:
            return None
        return answer.with_json(edit(answer.json()))

    return rewrite


def drop_fields(*names: str, only: Callable[[dict[str, Any]], bool] | None = None) -> Rewrite:
    """Remove `names` from every row of an answer (`data` rows, or a bare array's items).

    Args:
        names: the fields to leave out, as a token without the permission would see the rows.
        only: when given, only rows for which it is true lose the fields.
    """

    def strip(row: Any) -> Any:
        if not isinstance(row, dict) or (only is not None and not only(row)):
            return row
        return {key: value for key, value in row.items() if key not in names}

    def edit(body: Any) -> Any:
        if isinstance(body, list):
            return [strip(row) for row in body]
        if isinstance(body, dict) and isinstance(body.get("data"), list):
            return {**body, "data": [strip(row) for row in body["data"]]}
        if isinstance(body, dict) and isinstance(body.get("data"), dict):
            return {**body, "data": strip(body["data"])}
        return body

    return json_edit(edit)
