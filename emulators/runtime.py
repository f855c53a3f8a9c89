"""Both emulators together: states, apps wrapped with faults and request logs, and serving."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from emulators import alexis, payroll
from emulators.answers import CannedAnswers
from emulators.faults import FaultInjector, FaultProfile
from emulators.latency import CallCounter, Latency
from emulators.rewrites import AnswerRewriter
from emulators.server import LoopbackServer, RecordedRequest, RequestLog


@dataclass(frozen=True)
class Endpoints:
    """Base URLs of running emulators, as a tenant file would name them."""

    alexis_url: str
    payroll_url: str


class Emulators:
    """AlexisHR and 24SevenOffice emulators sharing one fault profile.

    Args:
        faults: the fault profile for both (endpoint patterns tell `/v1…` from `/api…`).
        token_lifetime: how long a payroll access token lives.
        clock: a fake clock for both (tests); defaults to real time.
        latency: seconds each served request waits first (benchmarks: a remote service).
        concurrency: requests each served emulator answers at once (0: no cap).
    """

    def __init__(
        self,
        *,
        faults: FaultProfile | None = None,
        token_lifetime: timedelta = timedelta(hours=1),
        clock: Callable[[], datetime] | None = None,
        latency: float = 0.0,
        concurrency: int = 0,
    ) -> None:
        self.alexis = alexis.AlexisState(clock=clock)
        self.payroll = payroll.PayrollState(clock=clock, token_lifetime=token_lifetime)
        # Rewrites sit inside the faults: a test may change what a server says, and faults
        # still break the exchange in front of it. Canned answers sit outside the faults: a
        # planned answer is given whatever the profile.
        self.alexis_answers = AnswerRewriter(alexis.create_app(self.alexis))
        self.payroll_answers = AnswerRewriter(payroll.create_app(self.payroll))
        self.alexis_faults = FaultInjector(self.alexis_answers, faults)
        self.payroll_faults = FaultInjector(self.payroll_answers, faults)
        self.alexis_canned = CannedAnswers(self.alexis_faults)
        self.payroll_canned = CannedAnswers(self.payroll_faults)
        self.alexis_app = RequestLog(self.alexis_canned)
        self.payroll_app = RequestLog(self.payroll_canned)
        # What `serve` puts on the sockets: the network's cost around the logged apps, and a
        # count per endpoint that another process can read (`GET /_emulator/calls`).
        self.alexis_served = CallCounter(Latency(self.alexis_app, latency, concurrency))
        self.payroll_served = CallCounter(Latency(self.payroll_app, latency, concurrency))

    def set_faults(self, profile: FaultProfile) -> None:
        """Switch both emulators to another fault profile (tests turn faults on and off)."""
        self.alexis_faults.profile = profile
        self.payroll_faults.profile = profile

    def faults_injected(self) -> Counter[str]:
        """How many faults of each kind both emulators have injected so far."""
        return self.alexis_faults.injected + self.payroll_faults.injected

    def answer_truthfully(self) -> None:
        """Drop every answer rewrite and canned answer of both emulators."""
        self.alexis_answers.clear()
        self.payroll_answers.clear()
        self.alexis_canned.clear()
        self.payroll_canned.clear()

    def requests(self, token: str | None = None) -> list[RecordedRequest]:
        """Every request both emulators received, optionally only those with one token."""
        seen = [*self.alexis_app.requests, *self.payroll_app.requests]
        return [r for r in seen if token is None or r.token == token]

    def alexis_transport(self) -> httpx.ASGITransport:
        """An httpx transport into the AlexisHR emulator in this process: no socket, same log."""
        return httpx.ASGITransport(app=self.alexis_app)

    def payroll_transport(self) -> httpx.ASGITransport:
        """An httpx transport into the payroll emulator in this process: no socket, same log."""
        return httpx.ASGITransport(app=self.payroll_app)

    @contextmanager
    def serve(self, alexis_port: int = 0, payroll_port: int = 0) -> Iterator[Endpoints]:
        """Serve both on 127.0.0.1 (port 0: any free port) for the duration of the block."""
        with (
            LoopbackServer(self.alexis_served, alexis_port) as alexis_server,
            LoopbackServer(self.payroll_served, payroll_port) as payroll_server,
        ):
            yield Endpoints(f"{alexis_server.url}/v1", f"{payroll_server.url}/api")
