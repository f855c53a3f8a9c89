"""The base of both API clients: requests that cannot be formed, bounded concurrency, pacing."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from clients.alexis import AlexisClient
from clients.errors import FatalApiError
from clients.http import HttpSettings, build_http_client
from clients.service import ServiceClient
from emulators.faults import FaultProfile, FaultRule
from emulators.runtime import Emulators, Endpoints
from tests.clients.conftest import AlexisTenant
from tests.clients.helpers import fast_settings

pytestmark = pytest.mark.anyio


async def test_a_request_httpx_cannot_form_is_fatal_and_quotes_no_header(
    endpoints: Endpoints,
) -> None:
    secret = "Bearer s3cr3t-token\n"  # an illegal header value (h11 quotes it in its error)
    http = build_http_client(
        endpoints.alexis_url, fast_settings(), headers={"Authorization": secret}
    )

    async with ServiceClient(http) as client:
        with pytest.raises(FatalApiError) as caught:
            await client.request("GET", "/company")
    async with ServiceClient(build_http_client("ftp://files.test", fast_settings())) as client:
        with pytest.raises(FatalApiError) as unsupported:
            await client.request("GET", "/company")

    error = caught.value
    assert type(error) is FatalApiError and error.detail == "LocalProtocolError"
    assert error.__cause__ is None and error.__suppress_context__
    assert "s3cr3t" not in str(error)
    assert unsupported.value.detail == "UnsupportedProtocol"


class InFlight(httpx.AsyncBaseTransport):
    """A real network transport that notes the most requests it had in flight at once."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._now = 0
        self.most = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._now += 1
        self.most = max(self.most, self._now)
        try:
            return await self._inner.handle_async_request(request)
        finally:
            self._now -= 1

    async def aclose(self) -> None:
        await self._inner.aclose()


@pytest.mark.parametrize(("limit", "most"), [(2, 2), (6, 6)])
async def test_concurrency_is_bounded_per_client(
    endpoints: Endpoints,
    alexis_tenant: AlexisTenant,
    emulators: Emulators,
    limit: int,
    most: int,
) -> None:
    # Each answer takes 0.1 s, so six calls at once overlap unless the client holds them back.
    slow = FaultRule(slow=1.0, slow_seconds=0.1)
    emulators.set_faults(FaultProfile(endpoints=(("GET /v1/company", slow),)))
    settings = HttpSettings(max_concurrency=limit, retry=fast_settings().retry)
    transport = InFlight()

    async with AlexisClient.connect(
        endpoints.alexis_url, alexis_tenant.token, settings=settings, transport=transport
    ) as client:
        await asyncio.gather(*(client.company() for _ in range(6)))

    assert transport.most == most


async def test_pace_is_awaited_before_each_call_and_can_hold_it_back(
    endpoints: Endpoints, alexis_tenant: AlexisTenant
) -> None:
    paced = 0

    async def pace() -> None:
        nonlocal paced
        paced += 1

    async def unreachable() -> None:
        raise RuntimeError("rate limit store unreachable")

    async with AlexisClient.connect(
        endpoints.alexis_url, alexis_tenant.token, settings=fast_settings(), pace=pace
    ) as client:
        await client.company()
        await client.departments()
        assert await client.get("department", "0" * 24) is None
    async with AlexisClient.connect(
        endpoints.alexis_url, alexis_tenant.token, settings=fast_settings(), pace=unreachable
    ) as client:
        with pytest.raises(RuntimeError, match="unreachable"):
            await client.company()

    assert paced == 3
    assert len(alexis_tenant.requests(at_least=3)) == 3  # the refused call sent nothing
