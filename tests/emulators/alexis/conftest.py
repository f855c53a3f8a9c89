"""Fixtures for the AlexisHR emulator tests: a fixed clock, two companies and an HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from emulators.alexis import AlexisCompany, AlexisState, create_app

ACME_TOKEN = "acme-token"
OTHER_TOKEN = "other-token"
START = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


class FakeClock:
    """A clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def state(clock: FakeClock) -> AlexisState:
    return AlexisState(clock=clock, id_seed=7)


@pytest.fixture
def acme(state: AlexisState) -> AlexisCompany:
    return state.add_company(ACME_TOKEN, "Acme AS")


@pytest.fixture
def other(state: AlexisState) -> AlexisCompany:
    return state.add_company(OTHER_TOKEN, "Other AS")


def make_client(state: AlexisState, token: str | None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    transport = httpx.ASGITransport(app=create_app(state))
    return httpx.AsyncClient(transport=transport, base_url="http://alexis.test", headers=headers)


@pytest.fixture
async def client(state: AlexisState, acme: AlexisCompany) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(state, ACME_TOKEN) as http:
        yield http
