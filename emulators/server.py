"""Serve emulator apps on loopback with uvicorn, in a background thread or in the foreground."""

from __future__ import annotations

import hashlib
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

import uvicorn
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from emulators.faults import ConnectionDropped


class _HideInjectedDrops(logging.Filter):
    """Keep uvicorn from logging a traceback for every connection cut on purpose.

    Cut by the fault injector, or by a client that went away mid-request (a killed sync).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Drop records whose exception is an injected drop or a client disconnect."""
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, ConnectionDropped | ClientDisconnect)


logging.getLogger("uvicorn.error").addFilter(_HideInjectedDrops())


@dataclass(frozen=True)
class RecordedRequest:
    """One request an emulator received (kept in memory only, for tests and diagnostics).

    Attributes:
        method, path, query: the request line.
        token: the bearer token it carried.
        status: the response status; 0 when the connection broke.
        received_at: `time.monotonic()` when the request arrived.
        answered_at: `time.monotonic()` when the answer started (or the connection broke).
        body_digest: SHA-256 of the request body, to tell a client's retry of the same write
            from another write to the same path (a digest, so no personal data is kept).
    """

    method: str
    path: str
    query: str
    token: str
    status: int
    received_at: float = 0.0
    answered_at: float = 0.0
    body_digest: str = ""


@dataclass
class RequestLog:
    """ASGI middleware that records every request line and its response status."""

    app: ASGIApp
    requests: list[RecordedRequest] = field(default_factory=list)
    in_flight: int = 0  # requests received and not yet finished (a client may be gone)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, noting method, path, query, bearer token and status."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received_at = time.monotonic()
        headers = dict(scope.get("headers", []))
        token = headers.get(b"authorization", b"").decode().removeprefix("Bearer ").strip()
        query = scope.get("query_string", b"").decode()
        digest, receive = await _read_body(receive)
        logged: list[int] = []

        def note(status: int) -> None:
            entry = RecordedRequest(
                scope["method"], scope["path"], query, token, status,
                received_at, time.monotonic(), digest,
            )  # fmt: skip
            if logged:
                self.requests[logged[0]] = entry
            else:
                logged.append(len(self.requests))
                self.requests.append(entry)

        async def noting_send(message: Message) -> None:
            # Logged before the response leaves, so a client never sees an answer the log
            # does not yet hold.
            if message["type"] == "http.response.start":
                note(int(message["status"]))
            await send(message)

        self.in_flight += 1  # one event loop serves the app: no lock needed
        try:
            await self.app(scope, receive, noting_send)
        except BaseException:
            note(0)  # the connection broke (e.g. an injected drop)
            raise
        finally:
            self.in_flight -= 1


async def _read_body(receive: Receive) -> tuple[str, Receive]:
    """Read the whole request body; return its digest and a `receive` that replays it."""
    messages: list[Message] = []
    body = hashlib.sha256()
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        body.update(message.get("body", b""))
        if not message.get("more_body", False):
            break

    async def replay() -> Message:
        return messages.pop(0) if messages else await receive()

    return body.hexdigest(), replay


class LoopbackServer:
    """Runs an ASGI app with uvicorn on 127.0.0.1 in a daemon thread.

    Port 0 picks a free port; `url` tells which one was bound.
    """

    def __init__(self, app: ASGIApp, port: int = 0, host: str = "127.0.0.1") -> None:
        # IPPROTO_TCP lets uvicorn set TCP_NODELAY; without it every kept-alive request after
        # the first waits ~40 ms for Nagle's algorithm.
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.host, self.port = self._socket.getsockname()[:2]
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        """The server root, e.g. `http://127.0.0.1:8101`."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> Self:
        """Start serving and return once the server accepts connections."""
        self._thread.start()
        started = threading.Event()

        def wait() -> None:
            while not self._server.started and self._thread.is_alive():
                started.wait(0.01)

        wait()
        if not self._server.started:
            raise RuntimeError(f"emulator server on {self.url} failed to start")
        return self

    def stop(self) -> None:
        """Ask the server to finish and wait for its thread."""
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
