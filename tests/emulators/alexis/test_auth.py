"""Bearer-token authentication and company isolation."""

from __future__ import annotations

import httpx
import pytest

from emulators.alexis import AlexisCompany, AlexisState
from tests.emulators.alexis.conftest import ACME_TOKEN, OTHER_TOKEN, make_client

pytestmark = pytest.mark.anyio

UNAUTHORIZED = {"statusCode": 401, "message": "Unauthorized", "error": "Unauthorized"}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": f"Basic {ACME_TOKEN}"},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer not-a-known-token"},
    ],
    ids=["missing", "empty", "basic-scheme", "bearer-without-token", "unknown-token"],
)
async def test_bad_credentials_get_nestjs_401(
    state: AlexisState, acme: AlexisCompany, headers: dict[str, str]
) -> None:
    async with make_client(state, None) as http:
        response = await http.get("/v1/employee", headers=headers)
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


async def test_401_comes_before_validation_of_the_id(
    state: AlexisState, acme: AlexisCompany
) -> None:
    async with make_client(state, "wrong") as http:
        response = await http.get("/v1/employee/not-an-object-id")
    assert response.status_code == 401


async def test_a_company_never_sees_another_companys_records(
    state: AlexisState, acme: AlexisCompany, other: AlexisCompany
) -> None:
    mine = acme.insert("employee", {"firstName": "Kari"})
    theirs = other.insert("employee", {"firstName": "Ola"})
    async with make_client(state, ACME_TOKEN) as http:
        listed = (await http.get("/v1/employee")).json()
        foreign = await http.get(f"/v1/employee/{theirs['id']}")
        foreign_patch = await http.patch(f"/v1/employee/{theirs['id']}", json={"title": "x"})
        foreign_delete = await http.delete(f"/v1/employee/{theirs['id']}")
        company = (await http.get("/v1/company")).json()
    assert [row["id"] for row in listed["data"]] == [mine["id"]]
    assert listed["total"] == 1
    assert foreign.status_code == foreign_patch.status_code == foreign_delete.status_code == 404
    assert other.get("employee", theirs["id"]) == theirs
    assert company["data"] == acme.all("company")
    assert company["data"][0]["name"] == "Acme AS"


async def test_a_second_token_reaches_the_same_company(
    state: AlexisState, acme: AlexisCompany, other: AlexisCompany
) -> None:
    acme.insert("employee", {"firstName": "Kari"})
    state.add_token("acme-second-token", acme.id)
    async with make_client(state, "acme-second-token") as http:
        listed = (await http.get("/v1/employee")).json()
    assert [row["firstName"] for row in listed["data"]] == ["Kari"]
    with pytest.raises(ValueError):
        state.add_token(OTHER_TOKEN, acme.id)


async def test_unknown_routes_and_methods_are_nestjs_404s_even_without_token(
    state: AlexisState, acme: AlexisCompany
) -> None:
    async with make_client(state, None) as http:
        unknown = await http.get("/v1/employees")
        internal_table = await http.get("/v1/leave-type-code")
    async with make_client(state, ACME_TOKEN) as http:
        read_only = await http.post("/v1/company", json={"name": "x"})
        no_delete = await http.delete(f"/v1/company/{acme.id}")
        wrong_method = await http.delete("/v1/employee")
    assert unknown.json() == {
        "statusCode": 404,
        "message": "Cannot GET /v1/employees",
        "error": "Not Found",
    }
    assert internal_table.status_code == 404
    assert read_only.status_code == no_delete.status_code == wrong_method.status_code == 404
    assert read_only.json()["message"] == "Cannot POST /v1/company"
    assert wrong_method.json()["message"] == "Cannot DELETE /v1/employee"


async def test_the_company_record_is_readable_by_id(
    client: httpx.AsyncClient, acme: AlexisCompany
) -> None:
    response = await client.get(f"/v1/company/{acme.id}")
    assert response.status_code == 200
    assert response.json()["data"]["id"] == acme.id
    assert response.json()["data"]["name"] == "Acme AS"
