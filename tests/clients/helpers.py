"""Shared pieces of the client tests: fast settings, scripted faults, request-log watching."""

from __future__ import annotations

import fnmatch
import socket
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx

from clients.http import HttpSettings
from clients.transport import RetryPolicy
from emulators.faults import FaultProfile, FaultRule
from emulators.server import RecordedRequest

VALID_FNR = "16024301269"  # passes both check digits (from the vendor spec's examples)
VALID_KONTONR = "86011117947"
VALID_IBAN = "NO9386011117947"


# httpx loads the CA bundle for every new transport (~50 ms); the clients' tests build hundreds.
_TLS = httpx.create_ssl_context()


def network() -> httpx.AsyncHTTPTransport:
    """A real network transport like the clients' default, sharing one TLS context."""
    return httpx.AsyncHTTPTransport(verify=_TLS)


def fast_settings(**retry: Any) -> HttpSettings:
    """Client settings with millisecond backoff, so retries cost no wall-clock time."""
    policy: dict[str, Any] = {
        "backoff_base": 0.001,
        "backoff_max": 0.005,
        "max_total_seconds": 20.0,
        **retry,
    }
    return HttpSettings(timeout=10.0, connect_timeout=2.0, retry=RetryPolicy(**policy))


class FakeClock:
    """A clock tests move by hand (aware datetimes)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass(frozen=True)
class FirstRequestsFail(FaultProfile):
    """The first `times` requests of each `METHOD /path` matching `pattern` meet `fault`.

    Later requests are served normally, so a test sees exactly "fault, then success" (or only
    faults, with a large `times`), through the real FaultInjector and emulator.
    """

    pattern: str = "*"
    times: int = 1
    fault: FaultRule = field(default_factory=FaultRule)
    _seen: Counter[str] = field(default_factory=Counter, compare=False)

    def rule_for(self, method: str, path: str) -> FaultRule:
        """The fault while the line has met it fewer than `times` times, else no fault."""
        line = f"{method} {path}"
        if fnmatch.fnmatchcase(line, self.pattern):
            self._seen[line] += 1
            if self._seen[line] <= self.times:
                return self.fault
        return FaultRule()


RATE_LIMITED = FaultRule(rate_limited=1.0, retry_after_seconds=0)
UNAVAILABLE = FaultRule(unavailable=1.0)
SERVER_ERROR = FaultRule(server_error=1.0)
DROPPED = FaultRule(dropped=1.0)


class LogWatch:
    """The requests an emulator logged since the watch was made.

    The emulator appends a log entry just after it has sent the response, so a client can be a
    step ahead of the log; `seen(at_least=n)` waits (bounded) until n entries are there.
    """

    def __init__(self, log: list[RecordedRequest]) -> None:
        self._log = log
        self._start = len(log)

    def seen(self, *, at_least: int = 0, timeout: float = 2.0) -> list[RecordedRequest]:
        """Entries since the watch began, once at least `at_least` are logged (or on timeout)."""
        deadline = time.monotonic() + timeout
        while len(self._log) - self._start < at_least and time.monotonic() < deadline:
            time.sleep(0.002)
        return self._log[self._start :]

    def lines(self, *, at_least: int = 0) -> list[tuple[str, str, int]]:
        """(method, path, status) of each entry since the watch began."""
        return [(r.method, r.path, r.status) for r in self.seen(at_least=at_least)]


def unused_port() -> int:
    """A loopback port nothing listens on (bound once, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
