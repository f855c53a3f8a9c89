"""Turn a tenant's token references into connected API clients (tokens never leave here)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Literal

import httpx
from prefect.blocks.system import Secret

from clients.alexis import AlexisClient
from clients.http import HttpSettings
from clients.payroll import PayrollClient
from clients.service import Pace
from schemas.tenant import Endpoint, TenantConfig, own_token_refs
from tasks.engine.pacing import ALEXIS_LIMIT, PAYROLL_LIMIT, shared_pace


class MissingCredentialError(RuntimeError):
    """A tenant's token reference points at nothing."""


async def resolve_token(config: TenantConfig, system: str, endpoint: Endpoint) -> str:
    """Read the token `endpoint.token` refers to, from the environment or a Prefect Secret."""
    ref = endpoint.token_ref
    if ref not in own_token_refs(config.name, system):
        # The tenant file is checked on load; this holds for configs built any other way too.
        raise MissingCredentialError(
            f"tenant {config.name}: {system} token: {ref} is not one of this tenant's own"
        )
    if ref.scheme == "env":
        value = os.environ.get(ref.name, "")
        if not value:
            raise MissingCredentialError(
                f"tenant {config.name}: {system} token: environment variable {ref.name} is not set"
            )
        return value
    try:
        secret: Secret[str] = await Secret.aload(ref.name)
    except ValueError:
        raise MissingCredentialError(
            f"tenant {config.name}: {system} token: no Prefect Secret block named {ref.name}"
        ) from None
    return str(secret.get())


Transport = httpx.AsyncBaseTransport | None


@dataclass(frozen=True)
class Transports:
    """The httpx transports under the two clients: None is the network (tests attach emulators)."""

    alexis: httpx.AsyncBaseTransport | None = None
    payroll: httpx.AsyncBaseTransport | None = None


# The seam for tests: flows take no transport parameter (a run's parameters are JSON), so a test
# attaches in-process emulators here, through `httpx.ASGITransport`, for the runs it starts. A
# module value rather than a context variable: Prefect may run a flow on a loop in another thread.
_attached = [Transports()]


@contextmanager
def attached(transports: Transports) -> Iterator[None]:
    """Within the block, every connection made in this process uses these transports."""
    _attached.append(transports)
    try:
        yield
    finally:
        _attached.pop()


@dataclass(frozen=True)
class _Connection:
    """What either client is connected with: base URL, token, timeouts, pace and transport."""

    base_url: str
    token: str
    settings: HttpSettings
    pace: Pace | None
    transport: httpx.AsyncBaseTransport | None


async def _connection(
    config: TenantConfig, system: Literal["alexis", "payroll"], transport: Transport
) -> _Connection:
    endpoint: Endpoint = getattr(config, system)
    return _Connection(
        endpoint.base_url,
        await resolve_token(config, system, endpoint),
        HttpSettings(timeout=endpoint.timeout_seconds),
        shared_pace(ALEXIS_LIMIT if system == "alexis" else PAYROLL_LIMIT),
        transport or getattr(_attached[-1], system),
    )


@asynccontextmanager
async def alexis_client(
    config: TenantConfig, transport: Transport = None
) -> AsyncIterator[AlexisClient]:
    """An AlexisHR client of the tenant's company, closed on exit."""
    c = await _connection(config, "alexis", transport)
    connect = AlexisClient.connect(
        c.base_url, c.token, settings=c.settings, transport=c.transport, pace=c.pace
    )
    async with connect as client:
        yield client


@asynccontextmanager
async def payroll_client(
    config: TenantConfig, transport: Transport = None
) -> AsyncIterator[PayrollClient]:
    """A 24SevenOffice payroll client of the tenant's company, closed on exit."""
    c = await _connection(config, "payroll", transport)
    connect = PayrollClient.connect(
        c.base_url, c.token, settings=c.settings, transport=c.transport, pace=c.pace
    )
    async with connect as client:
        yield client


class Connections:
    """One flow run's clients: one AlexisHR client, one payroll client (one token exchange).

    Opened once by the flow and handed to every task that reads or writes, so a run exchanges
    its payroll token once and renews it only on expiry or a 401 (`clients.payroll`). A plain
    class, not a dataclass: Prefect walks dataclass inputs of tasks, and the clients are not data.
    """

    def __init__(self, alexis: AlexisClient, payroll: PayrollClient) -> None:
        self.alexis = alexis
        self.payroll = payroll


@asynccontextmanager
async def connections(config: TenantConfig) -> AsyncIterator[Connections]:
    """The run's connected clients, both closed on exit."""
    async with alexis_client(config) as alexis, payroll_client(config) as payroll:
        yield Connections(alexis, payroll)
