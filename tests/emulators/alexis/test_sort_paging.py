"""Sorting and limit/offset paging, including the 500-row page cap."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emulators.alexis import AlexisCompany

pytestmark = pytest.mark.anyio


@pytest.fixture
def many(acme: AlexisCompany) -> int:
    """1203 cost centres, codes 0000..1202."""
    for number in range(1203):
        acme.insert(
            "cost-center", {"code": f"{number:04d}", "name": "even" if number % 2 else "odd"}
        )
    return 1203


async def test_pages_of_500_500_203(client: httpx.AsyncClient, many: int) -> None:
    seen: list[str] = []
    shapes = []
    offset = 0
    while True:
        body = (await client.get(f"/v1/cost-center?limit=500&offset={offset}")).json()
        shapes.append((body["total"], body["count"], body["offset"], len(body["data"])))
        seen += [row["code"] for row in body["data"]]
        offset += body["count"]
        if offset >= body["total"]:
            break
    assert shapes == [(1203, 500, 0, 500), (1203, 500, 500, 500), (1203, 203, 1000, 203)]
    assert seen == [f"{n:04d}" for n in range(1203)]


@pytest.mark.parametrize("query", ["", "?limit=1000", "?limit=0", "?limit=501"])
async def test_page_size_defaults_to_and_is_clamped_at_500(
    client: httpx.AsyncClient, many: int, query: str
) -> None:
    body = (await client.get(f"/v1/cost-center{query}")).json()
    assert (body["total"], body["count"], len(body["data"])) == (1203, 500, 500)


async def test_small_limit_and_offset(client: httpx.AsyncClient, many: int) -> None:
    body = (await client.get("/v1/cost-center?limit=3&offset=1200")).json()
    assert [row["code"] for row in body["data"]] == ["1200", "1201", "1202"]
    assert (body["count"], body["offset"]) == (3, 1200)


async def test_offset_beyond_total_is_an_empty_page(client: httpx.AsyncClient, many: int) -> None:
    body = (await client.get("/v1/cost-center?offset=5000")).json()
    assert body == {
        "status": "ok",
        "data": [],
        "total": 1203,
        "count": 0,
        "offset": 5000,
        "relations": {},
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("limit=-1", "limit must not be less than 0"),
        ("offset=-5", "offset must not be less than 0"),
        ("limit=ten", "limit must be an integer number"),
        ("limit=1.5", "limit must be an integer number"),
        ("limit=1&limit=2", "limit must be an integer number"),
    ],
)
async def test_bad_paging_values_are_400(
    client: httpx.AsyncClient, query: str, message: str
) -> None:
    response = await client.get(f"/v1/cost-center?{query}")
    assert response.status_code == 400
    assert response.json()["message"] == [message]


async def test_filters_apply_before_paging(client: httpx.AsyncClient, many: int) -> None:
    body = (await client.get("/v1/cost-center?filters[name]=odd&limit=500&offset=500")).json()
    assert (body["total"], body["count"]) == (602, 102)
    assert body["data"][0]["code"] == "1000"


@pytest.fixture
def people(acme: AlexisCompany) -> None:
    for first, last, age_years in [
        ("Ola", "Hansen", "1980-02-01"),
        ("Kari", "Berg", None),
        ("Anne", "Hansen", "1995-07-15"),
        ("Per", "Berg", "1970-11-30"),
    ]:
        acme.insert("employee", {"firstName": first, "lastName": last, "birthDate": age_years})


async def first_names(client: httpx.AsyncClient, query: str) -> list[str]:
    response = await client.get(f"/v1/employee?select=firstName&{query}")
    assert response.status_code == 200, response.json()
    return [row["firstName"] for row in response.json()["data"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Ola", "Kari", "Anne", "Per"]),  # no sort: creation order
        ("sort[firstName]=asc", ["Anne", "Kari", "Ola", "Per"]),
        ("sort[firstName]=desc", ["Per", "Ola", "Kari", "Anne"]),
        ("sort[birthDate]=asc", ["Kari", "Per", "Ola", "Anne"]),  # null first, as in MongoDB
        ("sort[birthDate]=desc", ["Anne", "Ola", "Per", "Kari"]),  # null last
        ("sort[age]=desc", ["Per", "Ola", "Anne", "Kari"]),
        ("sort[lastName]=asc&sort[firstName]=desc", ["Per", "Kari", "Ola", "Anne"]),
        ("sort[lastName]=desc&sort[firstName]=asc", ["Anne", "Ola", "Kari", "Per"]),
    ],
)
async def test_sorting(
    client: httpx.AsyncClient, people: None, query: str, expected: list[str]
) -> None:
    assert await first_names(client, query) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("sort[firstName]=up", "sort.firstName must be one of the following values: asc, desc"),
        ("sort[firstName]=ASC", "sort.firstName must be one of the following values: asc, desc"),
        ("sort[homeAddress]=asc", "sort.property homeAddress should not exist"),
    ],
)
async def test_bad_sort_is_400(client: httpx.AsyncClient, query: str, message: str) -> None:
    response = await client.get(f"/v1/employee?{query}")
    assert response.status_code == 400
    assert response.json()["message"] == [message]


async def test_a_sorted_read_sees_every_write_since_the_last(
    acme: AlexisCompany, client: httpx.AsyncClient, many: int
) -> None:
    def codes(body: dict[str, Any]) -> list[str]:
        return [row["code"] for row in body["data"]]

    url = "/v1/cost-center?sort[code]=desc&limit=2"
    assert codes((await client.get(url)).json()) == ["1202", "1201"]  # the order is now kept
    first = acme.all("cost-center")[0]
    acme.update("cost-center", first["id"], {"code": "9999"})
    assert codes((await client.get(url)).json()) == ["9999", "1202"]
    acme.insert("cost-center", {"code": "9998", "name": "new"})
    assert codes((await client.get(url)).json()) == ["9999", "9998"]
    assert acme.delete("cost-center", first["id"])
    body = (await client.get(url)).json()
    assert (codes(body), body["total"]) == (["9998", "1202"], many)
