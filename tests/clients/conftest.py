"""Fixtures of the client tests: a fresh company per test in the served emulators, and clients."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from uuid import uuid4

import pytest

from clients.alexis import AlexisClient
from clients.payroll import PayrollClient
from emulators.alexis import AlexisCompany
from emulators.payroll import PayrollCompany
from emulators.runtime import Emulators, Endpoints
from tests.clients.helpers import LogWatch, fast_settings, network


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class AlexisTenant:
    """A company of its own in the AlexisHR emulator, and its token."""

    company: AlexisCompany
    token: str
    emulators: Emulators

    def requests(self, *, at_least: int = 0) -> list[tuple[str, str, str, int]]:
        """(method, path, query, status) of every request made with this company's token.

        Waits (bounded) for `at_least` entries: the emulator logs a request just after answering.
        """
        deadline = time.monotonic() + 2.0
        while True:
            mine = [
                (r.method, r.path, r.query, r.status)
                for r in self.emulators.alexis_app.requests
                if r.token == self.token
            ]
            if len(mine) >= at_least or time.monotonic() > deadline:
                return mine
            time.sleep(0.002)


@dataclass
class PayrollTenant:
    """A company of its own in the payroll emulator, its persistent token and a log watch."""

    company: PayrollCompany
    token: str
    log: LogWatch


@pytest.fixture
def alexis_tenant(emulators: Emulators) -> AlexisTenant:
    token = f"alexis-{uuid4().hex}"
    company = emulators.alexis.add_company(token, f"Company {token[-6:]}")
    return AlexisTenant(company, token, emulators)


@pytest.fixture
def payroll_tenant(emulators: Emulators) -> PayrollTenant:
    token = f"payroll-{uuid4().hex}"
    company = emulators.payroll.add_company(token, f"Lønn {token[-6:]}")
    return PayrollTenant(company, token, LogWatch(emulators.payroll_app.requests))


@pytest.fixture
async def alexis(endpoints: Endpoints, alexis_tenant: AlexisTenant) -> AsyncIterator[AlexisClient]:
    async with AlexisClient.connect(
        endpoints.alexis_url, alexis_tenant.token, settings=fast_settings(), transport=network()
    ) as client:
        yield client


@pytest.fixture
async def payroll(
    endpoints: Endpoints, payroll_tenant: PayrollTenant
) -> AsyncIterator[PayrollClient]:
    async with PayrollClient.connect(
        endpoints.payroll_url, payroll_tenant.token, settings=fast_settings(), transport=network()
    ) as client:
        yield client
