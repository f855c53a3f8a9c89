"""Create and update validation: required fields, enums, types, unknown properties."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emulators.alexis import AlexisCompany

pytestmark = pytest.mark.anyio

EMPLOYEE_ID = "65a1b2c3d4e5f60718293a4b"
USER_ID = "65a1b2c3d4e5f60718293a4c"
TYPE_ID = "65a1b2c3d4e5f60718293a4d"


def valid_compensation() -> dict[str, Any]:
    return {
        "employeeId": EMPLOYEE_ID,
        "userId": USER_ID,
        "amount": 52000,
        "effectiveDate": "2024-01-01",
        "currency": "NOK",
        "payoutDay": 25,
        "payoutPeriod": "MONTHLY",
        "payoutFrequency": "MONTH",
        "paidOvertime": False,
    }


async def test_missing_required_fields_are_named(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/employment", json={"note": "x"})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "Bad Request"
    assert isinstance(body["message"], list)
    for name in ("employeeId", "userId", "typeId", "startDate", "terminated", "rate", "country"):
        assert f"{name} should not be empty" in body["message"]
    assert "note should not be empty" not in body["message"]


async def test_office_requires_all_its_fields(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/office", json={"name": "Oslo"})
    missing = [m.split()[0] for m in response.json()["message"] if "should not be empty" in m]
    assert missing == ["phone", "email", "timezone", "CFAR", "SCB", "SNI"]


@pytest.mark.parametrize(
    ("path", "body", "first_values"),
    [
        ("/v1/employment", {"country": "XX"}, "SE, NO, DK"),
        ("/v1/employment-type", {"country": "Norge"}, "SE, NO, DK"),
        ("/v1/compensation", {"currency": "KR"}, "SEK, NOK, DKK"),
        ("/v1/compensation", {"payoutPeriod": "month"}, "HOURLY, DAILY"),
        ("/v1/compensation", {"payoutFrequency": "MONTHLY"}, "WEEK, BI_WEEKLY, MONTH"),
        ("/v1/compensation", {"salarySchedule": "LATE"}, "ADVANCE, DELAYED"),
        ("/v1/leave", {"status": "approved"}, "PENDING, DENIED"),
        ("/v1/leave", {"duration": "ONE_DAY"}, "minutes, half_day"),
        ("/v1/leave-type", {"kind": "SICK"}, "SICK_LEAVE, PARENTAL_LEAVE"),
        ("/v1/leave-type", {"minimumDuration": "WEEK"}, "DAY, HALF_DAY"),
    ],
)
async def test_enums_are_checked_on_create(
    client: httpx.AsyncClient, path: str, body: dict[str, Any], first_values: str
) -> None:
    response = await client.post(path, json=body)
    assert response.status_code == 400
    [field] = body
    expected = f"{field} must be one of the following values: {first_values}"
    assert any(m.startswith(expected) for m in response.json()["message"]), response.json()


async def test_norway_is_a_valid_country(client: httpx.AsyncClient) -> None:
    body = {
        "employeeId": EMPLOYEE_ID,
        "userId": USER_ID,
        "typeId": TYPE_ID,
        "startDate": "2024-01-01",
        "terminated": False,
        "rate": 100,
        "country": "NO",
    }
    response = await client.post("/v1/employment", json=body)
    assert response.status_code == 201, response.json()
    assert response.json()["data"]["country"] == "NO"
    assert "userId" not in response.json()["data"]  # accepted on write, not part of the response


@pytest.mark.parametrize(
    ("resource", "seed", "patch", "message"),
    [
        ("employment", {"rate": 100}, {"country": "Norway"}, "country must be one of"),
        ("compensation", {"amount": 1}, {"currency": "nok"}, "currency must be one of"),
        ("leave", {"status": "PENDING"}, {"status": "OK", "extent": 1}, "status must be one of"),
        ("leave-type", {"name": "x"}, {"kind": "HOLIDAY"}, "kind must be one of"),
        ("employee", {}, {"active": "yes"}, "active must be a boolean value"),
        ("employee", {}, {"bankAccount": {"iban": 1}}, "bankAccount.iban must be a string"),
        ("employee", {}, {"hireDate": "2024-01-01"}, "property hireDate should not exist"),
        ("employee", {}, {"birthDate": "next week"}, "birthDate must be a valid ISO 8601 date"),
        ("compensation", {"amount": 1}, {"effectiveDate": "2024-01-01"}, "property effectiveDate"),
        ("leave", {"status": "PENDING"}, {"status": "APPROVED"}, "extent should not be empty"),
    ],
)
async def test_patch_is_validated(
    client: httpx.AsyncClient,
    acme: AlexisCompany,
    resource: str,
    seed: dict[str, Any],
    patch: dict[str, Any],
    message: str,
) -> None:
    record = acme.insert(resource, seed)
    response = await client.patch(f"/v1/{resource}/{record['id']}", json=patch)
    assert response.status_code == 400
    assert any(m.startswith(message) for m in response.json()["message"]), response.json()
    assert acme.get(resource, record["id"]) == record


async def test_patch_with_valid_enums_is_stored(
    client: httpx.AsyncClient, acme: AlexisCompany
) -> None:
    leave = acme.insert("leave", {"status": "PENDING", "duration": "one_day"})
    response = await client.patch(
        f"/v1/leave/{leave['id']}", json={"status": "APPROVED", "extent": 1, "morning": True}
    )
    assert response.status_code == 200
    assert response.json()["data"]["status"] == "APPROVED"
    assert "extent" not in response.json()["data"]


async def test_a_bad_body_is_400_even_for_an_unknown_id(client: httpx.AsyncClient) -> None:
    response = await client.patch(f"/v1/employee/{EMPLOYEE_ID}", json={"active": "no"})
    assert response.status_code == 400


async def test_unknown_and_non_json_bodies(client: httpx.AsyncClient) -> None:
    unknown = await client.post("/v1/department", json={"name": "Ops", "colour": "red"})
    assert unknown.json()["message"] == ["property colour should not exist"]
    not_json = await client.post(
        "/v1/department", content=b"{name:", headers={"content-type": "application/json"}
    )
    assert not_json.status_code == 400
    assert isinstance(not_json.json()["message"], str)
    not_object = await client.post("/v1/department", json=["Ops"])
    assert not_object.json()["message"] == ["body must be an object"]


async def test_null_clears_an_optional_field(
    client: httpx.AsyncClient, acme: AlexisCompany
) -> None:
    employee = acme.insert("employee", {"title": "CFO"})
    response = await client.patch(f"/v1/employee/{employee['id']}", json={"title": None})
    assert response.json()["data"]["title"] is None


async def test_compensation_create_derives_base_amount_and_overrides_company(
    client: httpx.AsyncClient, acme: AlexisCompany
) -> None:
    body = {**valid_compensation(), "companyId": "0" * 24}
    created = (await client.post("/v1/compensation", json=body)).json()["data"]
    assert created["companyId"] == acme.id
    assert (created["baseAmount"], created["exchangeRate"]) == (52000, 1)
    assert created["salarySchedule"] == "ADVANCE"
    assert created["effectiveDate"] == "2023-12-31T23:00:00.000Z"


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("2024-01-01", "2023-12-31T23:00:00.000Z"),  # winter: Oslo is UTC+1
        ("2024-07-01", "2024-06-30T22:00:00.000Z"),  # summer: UTC+2
        ("2024-07-01T08:30:00+02:00", "2024-07-01T06:30:00.000Z"),
        ("2024-07-01T06:30:00.123456Z", "2024-07-01T06:30:00.123Z"),
    ],
)
async def test_dates_are_stored_as_local_midnight_in_utc(
    client: httpx.AsyncClient, sent: str, stored: str
) -> None:
    body = {
        "employeeId": EMPLOYEE_ID,
        "typeId": TYPE_ID,
        "duration": "longer",
        "startDate": sent,
        "endDate": sent,
    }
    created = (await client.post("/v1/leave", json=body)).json()["data"]
    assert (created["startDate"], created["endDate"]) == (stored, stored)
    assert created["status"] == "PENDING"


async def test_employee_create_fills_what_the_service_derives(client: httpx.AsyncClient) -> None:
    body = {
        "firstName": "Kari",
        "birthDate": "1990-06-02",
        "workPhone": "+47 912 34 567",
        "bankAccount": {"number": "12345678903", "country": "NO"},
        "homeAddress": {"street": "Storgata 1", "postalCode": "0155", "city": "Oslo"},
    }
    first = (await client.post("/v1/employee", json=body)).json()["data"]
    second = (await client.post("/v1/employee", json={"firstName": "Ola"})).json()["data"]
    assert first["birthDate"] == "1990-06-01T22:00:00.000Z"
    assert first["age"] == 33  # the clock says 2024-06-01, one day before the birthday
    assert first["workPhoneSanitized"] == "+4791234567"
    assert first["bankAccount"] == {"number": "12345678903", "country": "NO"}
    assert first["homeAddress"]["location"] is None
    assert first["active"] is True
    assert (first["employeeNumber"], second["employeeNumber"]) == ("1", "2")
    assert len(first["userId"]) == 24 and first["userId"] != second["userId"]
