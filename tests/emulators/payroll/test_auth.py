"""Token exchange and bearer checks of the payroll emulator."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from emulators.payroll.app import create_app
from emulators.payroll.state import PayrollState
from tests.emulators.payroll.conftest import FakeClock
from tests.emulators.payroll.helpers import PERSISTENT_TOKEN

pytestmark = pytest.mark.anyio


async def _exchange(client: httpx.AsyncClient, token: str = PERSISTENT_TOKEN) -> str:
    response = await client.get("/api/auth", params={"token": token})
    assert response.status_code == 200
    access_token: str = response.json()["accessToken"]
    return access_token


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_exchange_returns_opaque_token_and_oslo_expiry(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/auth", params={"token": PERSISTENT_TOKEN})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"accessToken", "expiresOn"}
    assert len(body["accessToken"]) >= 32 and PERSISTENT_TOKEN not in body["accessToken"]
    # The fake clock says 08:00 UTC in March: 09:00 in Oslo, plus one hour of lifetime.
    assert body["expiresOn"] == "2025-03-10T10:00:00+01:00"


async def test_expiry_uses_summer_time_offset() -> None:
    state = PayrollState(
        clock=lambda: datetime(2025, 7, 1, 10, 0, tzinfo=UTC), token_lifetime=timedelta(hours=2)
    )
    state.add_company("summer", "Sommer AS")
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://payroll.test") as client:
        response = await client.get("/api/auth", params={"token": "summer"})

    assert response.json()["expiresOn"] == "2025-07-01T14:00:00+02:00"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+\d\d:\d\d", response.json()["expiresOn"])


async def test_each_exchange_gives_a_new_token(client: httpx.AsyncClient) -> None:
    assert await _exchange(client) != await _exchange(client)


@pytest.mark.parametrize("params", [{"token": "not-a-token"}, {"token": ""}, {}])
async def test_exchange_with_unknown_or_missing_token_is_401(
    client: httpx.AsyncClient, params: dict[str, str]
) -> None:
    response = await client.get("/api/auth", params=params)

    assert response.status_code == 401
    assert response.json() == {"error": "Unauthorized"}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer not-issued"},
        {"Authorization": "Bearer "},
        {"Authorization": PERSISTENT_TOKEN},
        {"Authorization": f"Bearer {PERSISTENT_TOKEN}"},  # the persistent token is not a bearer
    ],
)
async def test_missing_or_bad_bearer_is_401(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await client.get("/api/employee/v2", headers=headers)

    assert response.status_code == 401
    assert response.json() == {"error": "Unauthorized"}


async def test_token_in_wrong_scheme_is_401(client: httpx.AsyncClient) -> None:
    token = await _exchange(client)

    response = await client.get("/api/employee/v2", headers={"Authorization": f"Basic {token}"})

    assert response.status_code == 401


async def test_header_name_and_scheme_are_case_insensitive(client: httpx.AsyncClient) -> None:
    token = await _exchange(client)

    response = await client.get("/api/employee/v2", headers={"authorization": f"bearer {token}"})

    assert response.status_code == 200
    assert response.json() == []


async def test_token_expires_with_the_clock(client: httpx.AsyncClient, clock: FakeClock) -> None:
    token = await _exchange(client)

    clock.advance(timedelta(minutes=59, seconds=59))
    assert (await client.get("/api/employee/v2", headers=_bearer(token))).status_code == 200
    clock.advance(timedelta(seconds=1))
    assert (await client.get("/api/employee/v2", headers=_bearer(token))).status_code == 401

    fresh = await _exchange(client)
    assert (await client.get("/api/employee/v2", headers=_bearer(fresh))).status_code == 200


async def test_token_lifetime_is_configurable(clock: FakeClock) -> None:
    state = PayrollState(clock=clock, token_lifetime=timedelta(minutes=5))
    state.add_company("short", "Kort AS")
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://payroll.test") as client:
        token = await _exchange(client, "short")
        clock.advance(timedelta(minutes=5))
        response = await client.get("/api/employee/v2", headers=_bearer(token))

    assert response.status_code == 401


async def test_expire_access_tokens_then_reexchange(
    client: httpx.AsyncClient, state: PayrollState
) -> None:
    old = await _exchange(client)

    state.expire_access_tokens()

    assert (await client.get("/api/employee/v2", headers=_bearer(old))).status_code == 401
    new = await _exchange(client)
    assert (await client.get("/api/employee/v2", headers=_bearer(new))).status_code == 200


async def test_access_token_only_sees_its_own_company(
    client: httpx.AsyncClient, state: PayrollState
) -> None:
    other = state.add_company("other-token", "Annen AS")
    other.put_employee({"empId": 7, "firstname": "Other", "lastname": "Person"})

    mine = await client.get("/api/employee/v2", headers=_bearer(await _exchange(client)))
    theirs = await client.get(
        "/api/employee/v2", headers=_bearer(await _exchange(client, "other-token"))
    )

    assert mine.json() == []
    assert [employee["empId"] for employee in theirs.json()] == ["7"]


def test_companies_are_keyed_by_persistent_token(state: PayrollState) -> None:
    company = state.add_company("abc", "Abc AS")

    assert state.companies["abc"] is company
    assert state.company_for_persistent_token("abc") is company
    assert state.company_for_persistent_token("nope") is None
    with pytest.raises(ValueError):
        state.add_company("abc", "Again AS")
