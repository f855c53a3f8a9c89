"""AlexisClient against the AlexisHR emulator: auth, envelopes, query encoding, paging, models."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qsl
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from clients.alexis import PAGE_SIZE, AlexisClient
from clients.alexis_models import Employee, Employment, Leave
from clients.alexis_query import Filters
from clients.errors import AuthenticationError, NotFoundError, RejectedError
from emulators.alexis import AlexisCompany
from emulators.runtime import Emulators, Endpoints
from emulators.seed.catalog import LEAVE_TYPES
from emulators.seed.company import seed_company
from tests.clients.conftest import AlexisTenant
from tests.clients.helpers import fast_settings

pytestmark = pytest.mark.anyio

CROWD = 1203  # more than two full pages of PAGE_SIZE


def _queries(tenant: AlexisTenant, path: str, *, at_least: int = 0) -> list[dict[str, str]]:
    """The decoded query of each request the tenant made to `path` (waiting for `at_least`)."""
    requests = tenant.requests(at_least=at_least)
    return [dict(parse_qsl(query)) for _, p, query, _ in requests if p == path]


# --- authentication ---------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["", f"unknown-{uuid4().hex}"], ids=["missing", "unknown"])
async def test_missing_or_unknown_token_is_an_authentication_error(
    endpoints: Endpoints, alexis_tenant: AlexisTenant, token: str
) -> None:
    async with AlexisClient.connect(
        endpoints.alexis_url, token, settings=fast_settings()
    ) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.employees()

    error = caught.value
    assert (error.status, error.method, error.path) == (401, "GET", "/v1/employee")
    assert alexis_tenant.token not in str(error)
    if token:
        assert token not in str(error) and token not in repr(error)
        # A refused token is not worth repeating: exactly one request, no retries.
        requests = alexis_tenant.emulators.requests(token)
        assert [(r.path, r.status) for r in requests] == [("/v1/employee", 401)]


async def test_alexis_token_is_trimmed_and_an_empty_one_sends_no_header(
    endpoints: Endpoints, alexis_tenant: AlexisTenant
) -> None:
    async with AlexisClient.connect(
        endpoints.alexis_url, f"  {alexis_tenant.token}\n", settings=fast_settings()
    ) as client:
        assert (await client.company()).id == alexis_tenant.company.id
    async with AlexisClient.connect(endpoints.alexis_url, " ", settings=fast_settings()) as client:
        assert "Authorization" not in client._http.headers
        with pytest.raises(AuthenticationError):
            await client.company()


async def test_a_token_reads_only_its_own_company(
    alexis: AlexisClient, alexis_tenant: AlexisTenant, emulators: Emulators
) -> None:
    other = emulators.alexis.add_company(f"other-{uuid4().hex}", "Other AS")
    other.insert("department", {"name": "Not ours"})
    alexis_tenant.company.insert("department", {"name": "Ours"})

    assert [d.name for d in await alexis.departments()] == ["Ours"]
    assert (await alexis.company()).id == alexis_tenant.company.id


# --- envelopes: list, get, create, update, delete ---------------------------------------------


async def test_create_get_update_list_delete_round_trip(
    alexis: AlexisClient, alexis_tenant: AlexisTenant
) -> None:
    company = alexis_tenant.company

    created = await alexis.create("employee", {"firstName": "Kari", "lastName": "Nordmann"})
    assert (created["firstName"], created["lastName"]) == ("Kari", "Nordmann")
    assert created["companyId"] == company.id and company.get("employee", created["id"])

    assert await alexis.get("employee", created["id"]) == created

    updated = await alexis.update("employee", created["id"], {"lastName": "Fjord"})
    assert (updated["firstName"], updated["lastName"]) == ("Kari", "Fjord")  # PATCH merges
    assert company.get("employee", created["id"]) == updated

    page = await alexis.list_all("employee")
    assert page.data == [updated] and page.relations == {}

    assert await alexis.delete("employee", created["id"]) is None
    assert await alexis.get("employee", created["id"]) is None
    assert company.all("employee") == []


async def test_missing_records_read_as_none_and_cannot_be_deleted(alexis: AlexisClient) -> None:
    unknown = "0123456789abcdef01234567"

    assert await alexis.get("department", unknown) is None
    with pytest.raises(NotFoundError) as caught:
        await alexis.delete("department", unknown)
    assert caught.value.status == 404


async def test_invalid_create_is_rejected_with_the_servers_reasons(
    alexis: AlexisClient, alexis_tenant: AlexisTenant
) -> None:
    with pytest.raises(RejectedError) as caught:
        await alexis.create("department", {"name": 7, "colour": "red"})

    assert caught.value.status == 400
    assert "property colour should not exist" in caught.value.detail
    assert "name must be a string" in caught.value.detail
    assert alexis_tenant.company.all("department") == []


# --- filters -----------------------------------------------------------------------------------


async def test_an_empty_in_matches_nothing_without_asking(
    alexis: AlexisClient, alexis_tenant: AlexisTenant
) -> None:
    alexis_tenant.company.insert("employee", {"firstName": "Kari"})
    nobody: Filters = {"active": True, "id": {"$in": []}}

    assert (await alexis.list_all("employee", filters=nobody)).data == []
    assert await alexis.employees(nobody) == []
    assert await alexis.count("employee", nobody) == 0
    assert await alexis.count("employee", {"id": {"$nin": []}}) == 1  # excluding none: all

    assert [path for _, path, _, _ in alexis_tenant.requests(at_least=1)] == ["/v1/employee"]


@pytest.fixture
def employments(alexis_tenant: AlexisTenant) -> dict[int, str]:
    """Five employments, rate → id; start dates mid-June 2020…2024, notes a…e (d missing)."""
    company = alexis_tenant.company
    person = company.insert("employee", {"firstName": "Kari"})["id"]
    rows = [
        (20, date(2020, 6, 15), False, "a"),
        (40, date(2021, 6, 15), True, "b"),
        (60, date(2022, 6, 15), False, "c"),
        (80, date(2023, 6, 15), False, None),
        (100, date(2024, 6, 15), True, "e"),
    ]
    return {
        rate: company.insert(
            "employment",
            {
                "employeeId": person,
                "rate": rate,
                "startDate": start,
                "terminated": terminated,
                "note": note,
                "country": "NO",
            },
        )["id"]
        for rate, start, terminated, note in rows
    }


OSLO = ZoneInfo("Europe/Oslo")


@pytest.mark.parametrize(
    ("filters", "rates"),
    [
        pytest.param({"terminated": True}, [40, 100], id="bare-value-is-eq"),
        pytest.param({"rate": {"$eq": 60}}, [60], id="eq"),
        pytest.param({"rate": {"$neq": 60}}, [20, 40, 80, 100], id="neq"),
        pytest.param({"rate": {"$gt": 60}}, [80, 100], id="gt"),
        pytest.param({"rate": {"$gte": 60}}, [60, 80, 100], id="gte"),
        pytest.param({"rate": {"$lt": 60}}, [20, 40], id="lt"),
        pytest.param({"rate": {"$lte": 60}}, [20, 40, 60], id="lte"),
        pytest.param({"rate": {"$in": [20, 100]}}, [20, 100], id="in"),
        pytest.param({"rate": {"$nin": [20, 100]}}, [40, 60, 80], id="nin"),
        pytest.param({"rate": {"$between": [40, 80]}}, [40, 60, 80], id="between-inclusive"),
        pytest.param({"note": {"$in": ["a", "c"]}}, [20, 60], id="in-strings"),
        pytest.param({"note": {"$neq": "a"}}, [40, 60, 80, 100], id="neq-keeps-null"),
        pytest.param({"startDate": {"$gte": date(2022, 1, 1)}}, [60, 80, 100], id="gte-date"),
        pytest.param(
            {"startDate": {"$between": [date(2021, 1, 1), date(2023, 1, 1)]}},
            [40, 60],
            id="between-dates",
        ),
        # Stored as local midnight in Oslo: 2021-06-15 is 2021-06-14T22:00Z.
        pytest.param(
            {"startDate": {"$lt": datetime(2021, 6, 15, tzinfo=OSLO)}}, [20], id="lt-datetime"
        ),
        pytest.param(
            {"startDate": {"$lte": datetime(2021, 6, 14, 22, tzinfo=UTC)}},
            [20, 40],
            id="lte-datetime",
        ),
        pytest.param({"terminated": False, "rate": {"$gte": 60}}, [60, 80], id="and"),
        pytest.param({"rate": {"$gt": 20, "$lt": 100}}, [40, 60, 80], id="two-operators"),
    ],
)
async def test_every_filter_operator_selects_the_right_rows(
    alexis: AlexisClient, employments: dict[int, str], filters: Filters, rates: list[int]
) -> None:
    rows = (await alexis.list_all("employment", filters=filters)).data

    assert sorted(row["rate"] for row in rows) == rates
    assert {row["id"] for row in rows} == {employments[rate] for rate in rates}


async def test_id_filters_and_typed_reads_take_the_same_filters(
    alexis: AlexisClient, employments: dict[int, str]
) -> None:
    wanted = [employments[40], employments[80]]

    typed = await alexis.employments({"id": {"$in": wanted}})

    assert sorted(e.id for e in typed) == sorted(wanted)
    assert {e.rate for e in typed} == {40.0, 80.0}


# --- select, relations, sort -------------------------------------------------------------------


async def test_select_returns_only_the_selected_fields(
    alexis: AlexisClient, employments: dict[int, str]
) -> None:
    rows = (await alexis.list_all("employment", select=["rate", "note"])).data

    assert len(rows) == 5
    assert all(set(row) == {"id", "rate", "note"} for row in rows)


async def test_relations_are_side_loaded(alexis: AlexisClient, alexis_tenant: AlexisTenant) -> None:
    company = alexis_tenant.company
    drift = company.insert("department", {"name": "Drift"})
    company.insert("department", {"name": "Unused"})
    kari = company.insert("employee", {"firstName": "Kari", "departmentId": drift["id"]})
    company.insert("employee", {"firstName": "Ola", "departmentId": drift["id"]})

    page = await alexis.list_all("employee", relations=["department"])

    assert len(page.data) == 2
    assert page.relations == {"department": [drift]}  # once, though two rows point at it
    assert (await alexis.get("employee", kari["id"], relations=["department"])) == kari


async def test_leave_types_come_with_their_payroll_codes(
    alexis: AlexisClient, alexis_tenant: AlexisTenant
) -> None:
    seed_company(
        alexis_tenant.company,
        size=1,
        seed=1,
        domain="x.example.no",
        anchor=date(2026, 1, 15),
        defects=False,
    )

    types, codes = await alexis.leave_types()

    assert [t.name for t in types] == [name for name, _, _ in LEAVE_TYPES]
    assert {t.name: t.kind for t in types} == {name: kind for name, kind, _ in LEAVE_TYPES}
    by_id = {t.id: t.name for t in types}
    assert {by_id[c.leaveTypeId]: c.code for c in codes} == {
        name: code for name, _, code in LEAVE_TYPES if code
    }


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ({"lastName": "asc", "firstName": "desc"}, lambda r: (r[0], _desc(r[1]))),
        ({"firstName": "desc"}, lambda r: _desc(r[1])),
    ],
    ids=["two-keys", "desc"],
)
async def test_sort_orders_by_the_given_keys(
    alexis: AlexisClient, alexis_tenant: AlexisTenant, sort: dict[str, str], key: Any
) -> None:
    people = [("Berg", "Ola"), ("Aas", "Kari"), ("Berg", "Anne"), ("Aas", "Per"), ("Dahl", "Kai")]
    for last, first in people:
        alexis_tenant.company.insert("employee", {"firstName": first, "lastName": last})

    rows = (await alexis.list_all("employee", sort=sort)).data

    assert [(r["lastName"], r["firstName"]) for r in rows] == sorted(people, key=key)


def _desc(text: str) -> tuple[int, ...]:
    return tuple(-ord(char) for char in text)


# --- paging ------------------------------------------------------------------------------------


@pytest.fixture
def crowd(alexis_tenant: AlexisTenant) -> list[str]:
    """CROWD employees, every other one inactive, split between two departments; their ids."""
    company = alexis_tenant.company
    departments = [company.insert("department", {"name": n})["id"] for n in ("Salg", "Drift")]
    return [
        company.insert(
            "employee",
            {
                "employeeNumber": f"{n:04d}",
                "firstName": f"Person {n}",
                "departmentId": departments[n % 2],
            },
        )["id"]
        if n % 2 == 0
        else _inactive(company, n, departments[n % 2])
        for n in range(CROWD)
    ]


def _inactive(company: AlexisCompany, n: int, department: str) -> str:
    record = company.insert(
        "employee",
        {"employeeNumber": f"{n:04d}", "firstName": f"Person {n}", "departmentId": department},
    )
    return company.update("employee", record["id"], {"active": False})["id"]


async def test_more_than_500_rows_are_read_in_pages_of_500(
    alexis: AlexisClient, alexis_tenant: AlexisTenant, crowd: list[str]
) -> None:
    page = await alexis.list_all("employee", relations=["department"])

    assert [row["id"] for row in page.data] == crowd  # all of them, once each, in id order
    pages = _queries(alexis_tenant, "/v1/employee", at_least=3)
    assert sorted((q["limit"], int(q["offset"])) for q in pages) == [
        (str(PAGE_SIZE), 0),
        (str(PAGE_SIZE), 500),
        (str(PAGE_SIZE), 1000),
    ]
    assert all(status == 200 for *_, status in alexis_tenant.requests())
    # Side-loaded rows of all three pages are merged, each once.
    assert sorted(d["name"] for d in page.relations["department"]) == ["Drift", "Salg"]


async def test_every_page_carries_the_same_filters_and_sort(
    alexis: AlexisClient, alexis_tenant: AlexisTenant, crowd: list[str]
) -> None:
    employees = await alexis.employees({"active": False})

    assert [e.id for e in employees] == crowd[1::2]
    assert not any(e.active for e in employees)
    pages = _queries(alexis_tenant, "/v1/employee", at_least=2)
    assert sorted(int(q.pop("offset")) for q in pages) == [0, 500]
    assert all(
        q == {"filters[active][$eq]": "false", "sort[id]": "asc", "limit": "500"} for q in pages
    )


async def test_sort_holds_across_pages(
    alexis: AlexisClient, alexis_tenant: AlexisTenant, crowd: list[str]
) -> None:
    rows = (
        await alexis.list_all(
            "employee", select=["employeeNumber"], sort={"employeeNumber": "desc"}
        )
    ).data

    assert [r["employeeNumber"] for r in rows] == [f"{n:04d}" for n in reversed(range(CROWD))]


async def test_count_reads_the_total_from_a_one_row_page(
    alexis: AlexisClient, alexis_tenant: AlexisTenant, crowd: list[str]
) -> None:
    assert await alexis.count("employee") == CROWD
    assert await alexis.count("employee", {"active": False}) == len(crowd[1::2])

    queries = _queries(alexis_tenant, "/v1/employee", at_least=2)
    assert [(q["select"], q["limit"], q["offset"]) for q in queries] == [("id", "1", "0")] * 2


# --- typed reads -------------------------------------------------------------------------------


@pytest.fixture
def demo(alexis_tenant: AlexisTenant) -> AlexisCompany:
    """The demo generator's company: 8 employees with everything the sync reads."""
    seed_company(
        alexis_tenant.company,
        size=8,
        seed=5,
        domain="demo.example.no",
        anchor=date(2026, 1, 15),
        defects=False,
    )
    return alexis_tenant.company


def _ids(company: AlexisCompany, resource: str) -> list[str]:
    return [row["id"] for row in company.all(resource)]


async def test_typed_reads_return_every_record_as_a_model(
    alexis: AlexisClient, demo: AlexisCompany
) -> None:
    employees = await alexis.employees()
    assert [e.id for e in employees] == _ids(demo, "employee")
    stored = {row["id"]: row for row in demo.all("employee")}
    for employee in employees:
        row = stored[employee.id]
        assert (employee.firstName, employee.ssn, employee.active) == (
            row["firstName"],
            row["ssn"],
            row["active"],
        )
        assert employee.bankAccount is not None and employee.homeAddress is not None
        assert employee.homeAddress.city == row["homeAddress"]["city"]
        assert employee.birthDate == datetime.fromisoformat(row["birthDate"])

    employments = await alexis.employments()
    assert sorted(e.id for e in employments) == sorted(_ids(demo, "employment"))
    assert {e.employeeId for e in employments} == set(stored)

    compensations = await alexis.compensations()
    assert sorted(c.id for c in compensations) == sorted(_ids(demo, "compensation"))
    assert all(c.currency == "NOK" and c.amount > 0 for c in compensations)

    types = await alexis.employment_types()
    assert sorted(t.name for t in types) == sorted(r["name"] for r in demo.all("employment-type"))

    leaves = await alexis.leaves()
    assert sorted(x.id for x in leaves) == sorted(_ids(demo, "leave"))
    assert all(isinstance(x.startDate, datetime) for x in leaves)

    children = await alexis.children()
    assert sorted(c.id for c in children) == sorted(_ids(demo, "child"))
    assert all(c.employeeId in stored for c in children)


async def test_organisation_reads(alexis: AlexisClient, demo: AlexisCompany) -> None:
    assert [d.name for d in await alexis.departments()] == [
        r["name"] for r in demo.all("department")
    ]
    assert [o.name for o in await alexis.offices()] == [r["name"] for r in demo.all("office")]
    teams = await alexis.teams()
    assert [t.name for t in teams] == [r["name"] for r in demo.all("team")]
    references = await alexis.team_references()
    assert len(references) == len(demo.all("employee"))
    assert {r.teamId for r in references} <= {t.id for t in teams}
    assert (await alexis.company()).name == demo.name


async def test_typed_reads_select_only_modelled_fields(
    alexis: AlexisClient, alexis_tenant: AlexisTenant, demo: AlexisCompany
) -> None:
    await alexis.employments()
    await alexis.employees()

    (employment_query,) = _queries(alexis_tenant, "/v1/employment", at_least=2)
    assert set(employment_query["select"].split(",")) == set(Employment.model_fields)
    (employee_query,) = _queries(alexis_tenant, "/v1/employee")
    assert "select" not in employee_query  # nested bankAccount/homeAddress are not selectable


async def test_leave_by_id_and_none_after_delete(alexis: AlexisClient, demo: AlexisCompany) -> None:
    stored = demo.all("leave")[0]

    leave = await alexis.leave(stored["id"])

    assert isinstance(leave, Leave)
    assert (leave.id, leave.employeeId, leave.status) == (
        stored["id"],
        stored["employeeId"],
        stored["status"],
    )
    await alexis.delete("leave", stored["id"])
    assert await alexis.leave(stored["id"]) is None


async def test_typed_filter_on_employees(alexis: AlexisClient, demo: AlexisCompany) -> None:
    leaver = demo.all("employee")[2]["id"]
    demo.update("employee", leaver, {"active": False})

    active = await alexis.employees({"active": True})

    expected = [row["id"] for row in demo.all("employee") if row["active"]]
    assert [e.id for e in active] == expected
    assert leaver not in expected and len(expected) == len(demo.all("employee")) - 1
    assert all(isinstance(e, Employee) and e.active for e in active)
