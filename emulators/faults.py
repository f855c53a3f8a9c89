"""Fault injection for the emulators: rate limits, 5xx, slowness, cut and lost responses."""

from __future__ import annotations

import asyncio
import fnmatch
import random
import threading
import tomllib
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# New kinds go at the end: a roll keeps meaning the same fault under every older rule.
FAULT_KINDS = (
    "rate_limited",
    "unavailable",
    "server_error",
    "dropped",
    "slow",
    "lost_response",
    "late_response",
)


@dataclass(frozen=True)
class FaultRule:
    """Shares (0–1) of requests that meet each fault, and the fault's parameters.

    Attributes:
        rate_limited: share answered 429 with `Retry-After`.
        unavailable: share answered 503.
        server_error: share answered 500.
        dropped: share whose connection is cut after the headers, mid-body.
        slow: share delayed by `slow_seconds` before being served normally.
        lost_response: share served (a write is committed), whose connection is then cut
            before the answer arrives: the failure that makes duplicates in real life.
        late_response: share served (committed), answered only after `late_seconds`; longer
            than the client's timeout, the client gives up on a write that did happen.
        retry_after_seconds: the `Retry-After` value sent with a 429.
        slow_seconds: the delay of a slow response.
        late_seconds: the delay of a late answer (after the write).
    """

    rate_limited: float = 0.0
    unavailable: float = 0.0
    server_error: float = 0.0
    dropped: float = 0.0
    slow: float = 0.0
    lost_response: float = 0.0
    late_response: float = 0.0
    retry_after_seconds: int = 1
    slow_seconds: float = 1.0
    late_seconds: float = 35.0  # beyond the clients' default 30-second timeout

    def pick(self, roll: float) -> str | None:
        """Map a uniform roll in [0, 1) to a fault kind, or None for a normal response."""
        edge = 0.0
        for kind in FAULT_KINDS:
            edge += getattr(self, kind)
            if roll < edge:
                return kind
        return None


@dataclass(frozen=True)
class FaultProfile:
    """A seeded set of fault rules: a default and per-endpoint overrides.

    Decisions are deterministic under the seed: the n-th occurrence of the same request line
    (method, path, query) always meets the same fate, however requests interleave.

    Attributes:
        seed: makes every decision repeatable.
        default: the rule for requests no endpoint pattern matches.
        endpoints: (pattern, rule) pairs; the pattern is `METHOD /path` with shell wildcards,
            e.g. `POST /api/employee/v2*` or `* /v1/leave*`; the first match wins.
    """

    seed: int = 0
    default: FaultRule = field(default_factory=FaultRule)
    endpoints: tuple[tuple[str, FaultRule], ...] = ()

    def rule_for(self, method: str, path: str) -> FaultRule:
        """Return the rule that governs `method path`."""
        for pattern, rule in self.endpoints:
            if fnmatch.fnmatchcase(f"{method} {path}", pattern):
                return rule
        return self.default

    @classmethod
    def named(cls, name: str, seed: int = 0) -> FaultProfile:
        """Return a built-in profile: `none`, `flaky` (about 1 in 5 requests), `hostile`, `lossy`.

        `lossy` is flaky plus answers lost or late after the write was committed.
        """
        rules = {
            "none": FaultRule(),
            "flaky": FaultRule(
                rate_limited=0.08,
                unavailable=0.04,
                server_error=0.04,
                dropped=0.02,
                slow=0.02,
                retry_after_seconds=0,
                slow_seconds=0.2,
            ),
            "hostile": FaultRule(
                rate_limited=0.2,
                unavailable=0.1,
                server_error=0.1,
                dropped=0.05,
                slow=0.05,
                lost_response=0.03,
                late_response=0.01,
                retry_after_seconds=1,
                slow_seconds=1.0,
            ),
            "lossy": FaultRule(
                rate_limited=0.08,
                unavailable=0.04,
                server_error=0.04,
                dropped=0.02,
                slow=0.02,
                lost_response=0.05,
                late_response=0.02,
                retry_after_seconds=0,
                slow_seconds=0.2,
            ),
        }
        if name not in rules:
            raise ValueError(f"unknown fault profile {name!r}; choose one of {sorted(rules)}")
        return cls(seed=seed, default=rules[name])

    @classmethod
    def load(cls, spec: str) -> FaultProfile:
        """Read a profile from a built-in name (`flaky`, `flaky:7` for seed 7) or a TOML file.

        The TOML file has `seed`, a `[default]` table of FaultRule fields and `[[endpoint]]`
        tables with a `pattern` plus FaultRule fields.
        """
        path = Path(spec)
        if not path.suffix == ".toml":
            name, _, seed = spec.partition(":")
            return cls.named(name, int(seed or 0))
        data: dict[str, Any] = tomllib.loads(path.read_text())
        default = FaultRule(**data.get("default", {}))
        endpoints = tuple(
            (entry.pop("pattern"), replace(default, **entry))
            for entry in (dict(e) for e in data.get("endpoint", []))
        )
        return cls(seed=int(data.get("seed", 0)), default=default, endpoints=endpoints)


class FaultInjector:
    """ASGI middleware that applies a FaultProfile in front of an emulator app."""

    def __init__(self, app: ASGIApp, profile: FaultProfile | None = None) -> None:
        self.app = app
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.profile = profile or FaultProfile()
        self.injected: Counter[str] = Counter()
        # The same counts by endpoint, `(kind, "METHOD /path")`: tests tell which writes met what.
        self.injected_at: Counter[tuple[str, str]] = Counter()

    @property
    def profile(self) -> FaultProfile:
        """The profile in force."""
        return self._profile

    @profile.setter
    def profile(self, profile: FaultProfile) -> None:
        # Occurrences count from the switch, so a profile's fates do not depend on what
        # the emulator served before it (other tests, a reference run).
        with self._lock:
            self._profile = profile
            self._seen.clear()
            # A profile that can inject nothing needs no occurrence counts (they restart at
            # the next switch anyway) and no seeded roll: a seeded Random per request is costly.
            # Only a plain FaultProfile is judged by its rules: a subclass may pick its own.
            rules = (profile.default, *(rule for _, rule in profile.endpoints))
            self._quiet = type(profile) is FaultProfile and not any(
                getattr(r, kind) for r in rules for kind in FAULT_KINDS
            )

    def _decide(self, scope: Scope) -> tuple[str | None, FaultRule]:
        method, path = scope["method"], scope["path"]
        rule = self.profile.rule_for(method, path)
        line = f"{method} {path}?{scope.get('query_string', b'').decode()}"
        with self._lock:
            self._seen[line] += 1
            occurrence = self._seen[line]
        roll = random.Random(f"{self.profile.seed}|{line}|{occurrence}").random()
        kind = rule.pick(roll)
        if kind:
            with self._lock:
                self.injected[kind] += 1
                self.injected_at[(kind, f"{method} {path}")] += 1
        return kind, rule

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, or fail it as the profile decides."""
        if self._quiet or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        kind, rule = self._decide(scope)
        if kind == "slow":
            await asyncio.sleep(rule.slow_seconds)
        elif kind == "dropped":
            await _drop(send)
            return
        elif kind in ("lost_response", "late_response"):
            await _answer_after_commit(self.app, scope, receive, send, kind, rule)
            return
        elif kind is not None:
            await _fail(send, kind, rule)
            return
        await self.app(scope, receive, send)


_STATUS = {"rate_limited": 429, "unavailable": 503, "server_error": 500}


async def _fail(send: Send, kind: str, rule: FaultRule) -> None:
    status = _STATUS[kind]
    body = f'{{"statusCode":{status},"message":"injected fault","error":"{kind}"}}'.encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    if kind == "rate_limited":
        headers.append((b"retry-after", str(rule.retry_after_seconds).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class ConnectionDropped(Exception):
    """Raised to make the server cut the connection in the middle of a response."""


async def _drop(send: Send) -> NoReturn:
    # Headers promise a body that never fully arrives; raising after the start makes the server
    # close the socket, which the client sees as a broken connection.
    headers = [(b"content-type", b"application/json"), (b"content-length", b"1024")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b'{"status":', "more_body": True})
    raise ConnectionDropped("injected dropped connection")


async def _answer_after_commit(
    app: ASGIApp, scope: Scope, receive: Receive, send: Send, kind: str, rule: FaultRule
) -> None:
    # The app runs to the end first, so a write is in the emulator's state before the answer
    # is lost (cut) or held back past the client's timeout.
    answer: list[Message] = []

    async def hold(message: Message) -> None:
        answer.append(message)

    await app(scope, receive, hold)
    if kind == "lost_response":
        await _drop(send)  # raises: the server cuts the connection
    await asyncio.sleep(rule.late_seconds)
    for message in answer:  # a client that gave up has gone; the server discards these
        await send(message)
