"""Fixtures for the payroll emulator: a fake clock, a state with one company, HTTP clients."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from emulators.payroll.app import create_app
from emulators.payroll.state import PayrollCompany, PayrollState
from tests.emulators.payroll.helpers import (
    PERSISTENT_TOKEN,
    seed_company,
)


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2025, 3, 10, 8, 0, tzinfo=UTC))  # 09:00 in Oslo (CET)


@pytest.fixture
def state(clock: FakeClock) -> PayrollState:
    return PayrollState(clock=clock)


@pytest.fixture
def company(state: PayrollState) -> PayrollCompany:
    return state.add_company(PERSISTENT_TOKEN, "Fjordlys AS")


@pytest.fixture
def seeded(company: PayrollCompany) -> PayrollCompany:
    seed_company(company)
    return company


@pytest.fixture
async def client(state: PayrollState, company: PayrollCompany) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://payroll.test") as http:
        yield http


@pytest.fixture
async def api(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """A client that has exchanged the persistent token and sends the bearer token."""
    response = await client.get("/api/auth", params={"token": PERSISTENT_TOKEN})
    client.headers["Authorization"] = f"Bearer {response.json()['accessToken']}"
    return client
