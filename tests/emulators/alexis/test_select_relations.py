"""`select` projections and side-loaded `relations`."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emulators.alexis import AlexisCompany

pytestmark = pytest.mark.anyio


@pytest.fixture
def org(acme: AlexisCompany) -> dict[str, dict[str, Any]]:
    """A small organisation: office, cost centre, department, types, two employees."""
    office = acme.insert("office", {"name": "Oslo", "timezone": "Europe/Oslo"})
    cost_center = acme.insert("cost-center", {"code": "100", "name": "Ops"})
    department = acme.insert("department", {"name": "Ops", "costCenterId": cost_center["id"]})
    permanent = acme.insert("employment-type", {"name": "Fast", "vacation": True, "country": "NO"})
    boss = acme.insert("employee", {"firstName": "Berit", "officeId": office["id"]})
    worker = acme.insert(
        "employee",
        {
            "firstName": "Per",
            "officeId": office["id"],
            "departmentId": department["id"],
            "managerEmployeeId": boss["id"],
            "employmentTypeId": permanent["id"],
        },
    )
    employment = acme.insert(
        "employment",
        {"employeeId": worker["id"], "typeId": permanent["id"], "rate": 100, "country": "NO"},
    )
    acme.insert("employment", {"employeeId": worker["id"], "typeId": permanent["id"], "rate": 50})
    worker = acme.update("employee", worker["id"], {"employmentId": employment["id"]})
    child = acme.insert("child", {"employeeId": worker["id"], "name": "Lise"})
    team = acme.insert("team", {"name": "Core", "bgColor": "#fff", "fgColor": "#000"})
    reference = acme.insert(
        "employee-team-reference",
        {"teamId": team["id"], "employeeId": worker["id"], "userId": worker["userId"]},
    )
    return {
        "office": office,
        "costCenter": cost_center,
        "department": department,
        "type": permanent,
        "boss": boss,
        "worker": worker,
        "employment": employment,
        "child": child,
        "teamReference": reference,
    }


async def test_select_returns_id_and_the_chosen_fields(
    client: httpx.AsyncClient, org: dict[str, dict[str, Any]]
) -> None:
    body = (await client.get("/v1/employee?select=firstName,departmentId")).json()
    assert body["data"] == [
        {"id": org["boss"]["id"], "departmentId": None, "firstName": "Berit"},
        {"id": org["worker"]["id"], "departmentId": org["department"]["id"], "firstName": "Per"},
    ]
    one = (await client.get(f"/v1/employee/{org['worker']['id']}?select=active")).json()
    assert one["data"] == {"id": org["worker"]["id"], "active": True}


@pytest.mark.parametrize("select", ["firstName,nickname", "bankAccount", "homeAddress"])
async def test_select_outside_the_enum_is_400(
    client: httpx.AsyncClient, org: dict[str, dict[str, Any]], select: str
) -> None:
    response = await client.get(f"/v1/employee?select={select}")
    assert response.status_code == 400
    [message] = response.json()["message"]
    assert message.startswith("each value in select must be one of the following values: id,")


async def test_company_select_enum_is_only_id(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/company?select=id")).status_code == 200
    assert (await client.get("/v1/company?select=name")).status_code == 400


async def test_employee_relations_on_a_list(
    client: httpx.AsyncClient, org: dict[str, dict[str, Any]]
) -> None:
    relations = "office,department,costCenter,managerEmployee,employment,employmentType,child"
    body = (await client.get(f"/v1/employee?relations={relations},teamReference")).json()
    loaded = body["relations"]
    assert loaded["office"] == [org["office"]]  # shared by both employees, loaded once
    assert loaded["department"] == [org["department"]]
    assert loaded["costCenter"] == []  # the employee's own costCenterId is not set
    assert loaded["managerEmployee"] == [org["boss"]]
    assert loaded["employment"] == [org["employment"]]  # via employee.employmentId
    assert loaded["employmentType"] == [org["type"]]
    assert loaded["child"] == [org["child"]]
    assert loaded["teamReference"] == [org["teamReference"]]
    assert "relations" not in body["data"][0]


async def test_relations_only_cover_the_returned_page(
    client: httpx.AsyncClient, org: dict[str, dict[str, Any]]
) -> None:
    body = (await client.get("/v1/employee?relations=managerEmployee,office&limit=1")).json()
    assert [row["firstName"] for row in body["data"]] == ["Berit"]
    assert body["relations"] == {"managerEmployee": [], "office": [org["office"]]}


async def test_get_one_relations_are_arrays(
    client: httpx.AsyncClient, org: dict[str, dict[str, Any]]
) -> None:
    url = f"/v1/employee/{org['worker']['id']}?select=firstName&relations=department"
    body = (await client.get(url)).json()
    assert body["data"] == {"id": org["worker"]["id"], "firstName": "Per"}
    assert body["relations"] == {"department": [org["department"]]}  # joined on the full row


async def test_department_cost_center_relation(
    client: httpx.AsyncClient, org: dict[str, dict[str, Any]]
) -> None:
    body = (await client.get("/v1/department?relations=costCenter")).json()
    assert body["relations"] == {"costCenter": [org["costCenter"]]}


async def test_employment_relations(
    client: httpx.AsyncClient, org: dict[str, dict[str, Any]]
) -> None:
    body = (await client.get("/v1/employment?relations=type,employee")).json()
    assert body["total"] == 2
    assert body["relations"] == {"type": [org["type"]], "employee": [org["worker"]]}


async def test_leave_type_relation(client: httpx.AsyncClient, acme: AlexisCompany) -> None:
    employee = acme.insert("employee", {"firstName": "Kari"})
    sick = acme.insert("leave-type", {"name": "Egenmelding", "kind": "SICK_LEAVE", "paid": True})
    vacation = acme.insert("leave-type", {"name": "Ferie", "kind": "VACATION"})
    leave = {
        "employeeId": employee["id"],
        "typeId": sick["id"],
        "status": "APPROVED",
        "duration": "one_day",
        "startDate": "2024-05-02",
        "endDate": "2024-05-02",
    }
    acme.insert("leave", leave)
    body = (await client.get("/v1/leave?relations=type,employee")).json()
    assert body["relations"]["type"] == [sick]
    assert vacation not in body["relations"]["type"]
    assert body["relations"]["employee"] == [acme.get("employee", employee["id"])]


async def test_leave_type_code_is_an_array_in_lists_and_an_object_in_get_one(
    client: httpx.AsyncClient, acme: AlexisCompany
) -> None:
    sick = acme.insert("leave-type", {"name": "Egenmelding", "kind": "SICK_LEAVE"})
    unpaid = acme.insert("leave-type", {"name": "Permisjon uten lønn"})
    code = acme.insert("leave-type-code", {"leaveTypeId": sick["id"], "code": "EGM"})
    assert code["companyId"] == acme.id
    listed = (await client.get("/v1/leave-type?relations=leaveTypeCode")).json()
    assert listed["relations"] == {"leaveTypeCode": [code]}
    one = (await client.get(f"/v1/leave-type/{sick['id']}?relations=leaveTypeCode")).json()
    assert one["relations"] == {"leaveTypeCode": code}
    none = (await client.get(f"/v1/leave-type/{unpaid['id']}?relations=leaveTypeCode")).json()
    assert none["relations"] == {"leaveTypeCode": None}


async def test_unknown_relations_are_400(client: httpx.AsyncClient) -> None:
    unknown = await client.get("/v1/employee?relations=department,salary")
    assert unknown.status_code == 400
    assert unknown.json()["message"][0].startswith(
        "each value in relations must be one of the following values: office, costCenter,"
    )
    none_defined = await client.get("/v1/compensation?relations=employee")
    assert none_defined.json()["message"] == ["property relations should not exist"]


async def test_get_one_rejects_list_parameters(
    client: httpx.AsyncClient, org: dict[str, dict[str, Any]]
) -> None:
    response = await client.get(f"/v1/employee/{org['boss']['id']}?limit=1")
    assert response.status_code == 400
    assert response.json()["message"] == ["property limit should not exist"]
