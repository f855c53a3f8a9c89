"""Response envelopes of list, get-one, create, update, replace and delete."""

from __future__ import annotations

import httpx
import pytest

from emulators.alexis import AlexisCompany
from tests.emulators.alexis.conftest import FakeClock

pytestmark = pytest.mark.anyio


async def test_list_envelope(client: httpx.AsyncClient, acme: AlexisCompany) -> None:
    first = acme.insert("department", {"name": "Ops"})
    second = acme.insert("department", {"name": "Sales"})
    body = (await client.get("/v1/department")).json()
    assert body == {
        "status": "ok",
        "data": [first, second],
        "total": 2,
        "count": 2,
        "offset": 0,
        "relations": {},
    }


async def test_get_one_envelope(client: httpx.AsyncClient, acme: AlexisCompany) -> None:
    department = acme.insert("department", {"name": "Ops", "description": "Operations"})
    response = await client.get(f"/v1/department/{department['id']}")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "data": department, "relations": {}}


async def test_create_returns_201_with_the_stored_record(
    client: httpx.AsyncClient, acme: AlexisCompany
) -> None:
    response = await client.post(
        "/v1/office",
        json={
            "name": "Oslo",
            "phone": "+47 22 00 00 00",
            "email": "oslo@acme.no",
            "timezone": "Europe/Oslo",
            "CFAR": "12345678",
            "SCB": "1",
            "SNI": "62010",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"status", "data"}
    assert body["status"] == "ok"
    assert body["data"]["companyId"] == acme.id
    assert len(body["data"]["id"]) == 24
    assert acme.get("office", body["data"]["id"]) == body["data"]


async def test_create_stamps_created_and_patch_bumps_updated(
    client: httpx.AsyncClient, clock: FakeClock
) -> None:
    created = (await client.post("/v1/employee", json={"firstName": "Kari"})).json()["data"]
    assert created["created"] == created["updated"] == "2024-06-01T12:00:00.000Z"
    clock.advance(hours=1, milliseconds=5)
    response = await client.patch(f"/v1/employee/{created['id']}", json={"lastName": "Nordmann"})
    assert response.status_code == 200
    patched = response.json()
    assert set(patched) == {"status", "data"}
    assert patched["data"]["firstName"] == "Kari"
    assert patched["data"]["lastName"] == "Nordmann"
    assert patched["data"]["created"] == "2024-06-01T12:00:00.000Z"
    assert patched["data"]["updated"] == "2024-06-01T13:00:00.005Z"


async def test_employment_has_updated_but_no_created(
    client: httpx.AsyncClient, acme: AlexisCompany, clock: FakeClock
) -> None:
    employment = acme.insert("employment", {"startDate": "2024-01-01", "rate": 100})
    assert "created" not in employment
    clock.advance(days=1)
    patched = await client.patch(f"/v1/employment/{employment['id']}", json={"rate": 80})
    assert patched.json()["data"]["updated"] == "2024-06-02T12:00:00.000Z"
    assert patched.json()["data"]["rate"] == 80


async def test_delete_is_204_without_body_then_404(
    client: httpx.AsyncClient, acme: AlexisCompany
) -> None:
    team = acme.insert("team", {"name": "A", "bgColor": "#dee9fe", "fgColor": "#000000"})
    deleted = await client.delete(f"/v1/team/{team['id']}")
    assert deleted.status_code == 204
    assert deleted.content == b""
    again = await client.delete(f"/v1/team/{team['id']}")
    assert again.status_code == 404
    assert again.json() == {"statusCode": 404, "message": "Not Found", "error": "Not Found"}
    assert acme.all("team") == []


async def test_put_replaces_the_writable_fields(
    client: httpx.AsyncClient, acme: AlexisCompany
) -> None:
    department = acme.insert("department", {"name": "Ops", "description": "Operations"})
    response = await client.put(f"/v1/department/{department['id']}", json={"name": "Ops 2"})
    assert response.status_code == 200
    assert response.json()["data"]["name"] == "Ops 2"
    assert response.json()["data"]["description"] is None
    assert response.json()["data"]["companyId"] == acme.id


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
async def test_unknown_and_malformed_ids(client: httpx.AsyncClient, method: str) -> None:
    unknown = await client.request(method, "/v1/employee/65a000000000000000000001", json={})
    malformed = await client.request(method, "/v1/employee/42", json={})
    assert unknown.status_code == 404
    assert unknown.json()["message"] == "Not Found"
    assert malformed.status_code == 400
    assert malformed.json() == {
        "statusCode": 400,
        "message": ["id must be a mongodb id"],
        "error": "Bad Request",
    }
