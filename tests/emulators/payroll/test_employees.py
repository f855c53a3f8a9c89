"""Employee register of the payroll emulator: list, get, create, partial update, salary history."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emulators.payroll.errors import PayrollValidationError
from emulators.payroll.state import PayrollCompany
from tests.emulators.payroll.conftest import FakeClock
from tests.emulators.payroll.helpers import KARI, VALID_FNR, snapshot

pytestmark = pytest.mark.anyio

# The keys of the vendor spec's GET /employee/v2 example, less the custom employee_field_{ID}
# (a new company has no custom fields), in the example's order.
SPEC_EMPLOYEE_KEYS = [
    "empId", "email", "email_copy", "firstname", "lastname", "postaddress", "zipcode", "city",
    "countryCode", "clearingno", "account", "bic", "employee_date", "telefon", "personnr",
    "internationalID", "salary_type", "salary", "salary_valid_from", "taxtable", "employment_rate",
    "employment_rate_valid_from", "hours_per_week", "hours_per_week_valid_from", "vacation_percent",
    "vacation_percent_valid_from", "vacation_days", "hidden", "percentage_tax_main_employer",
    "percentage_tax_bi_employer", "tax_resident_country", "continental_shelf", "taxexemption",
    "accounting",
]  # fmt: skip


async def _create(api: httpx.AsyncClient, body: dict[str, Any]) -> httpx.Response:
    return await api.post("/api/employee/v2", json=body)


async def test_list_starts_empty(api: httpx.AsyncClient) -> None:
    response = await api.get("/api/employee/v2")

    assert response.status_code == 200
    assert response.json() == []


async def test_create_returns_full_record_with_spec_fields_and_defaults(
    api: httpx.AsyncClient,
) -> None:
    response = await _create(api, {"empId": 5, "firstname": "Kari", "lastname": "Nordmann"})

    assert response.status_code == 200
    record = response.json()
    assert list(record) == SPEC_EMPLOYEE_KEYS
    assert record["empId"] == "5"
    assert record["hours_per_week"] == "37.50"
    assert record["vacation_percent"] == "12.00"
    assert record["hidden"] == "0"
    assert record["internationalID"] == {"countryCode": "", "ID": "", "type": "passnummer"}
    assert record["taxexemption"] == {"percentage": "", "amount": ""}
    assert record["accounting"] == []
    assert record["email"] == "" and record["salary"] == ""


async def test_every_scalar_is_a_string_and_numbers_are_formatted(api: httpx.AsyncClient) -> None:
    body = {**KARI, "empId": 3, "salary": 100000, "employment_rate": 80, "vacation_days": 30}

    record = (await _create(api, body)).json()

    assert record["empId"] == "3"
    assert record["salary"] == "100000.00"
    assert record["employment_rate"] == "80.00"
    assert record["vacation_days"] == "30"
    scalars = [v for v in record.values() if not isinstance(v, dict | list)]
    assert all(isinstance(value, str) for value in scalars)


async def test_list_is_in_emp_id_order(api: httpx.AsyncClient) -> None:
    for emp_id in (10, 2, 33):
        await _create(api, {"empId": emp_id, "firstname": "A", "lastname": "B"})

    listing = (await api.get("/api/employee/v2")).json()

    assert [employee["empId"] for employee in listing] == ["2", "10", "33"]


async def test_get_one_is_a_one_element_array(api: httpx.AsyncClient) -> None:
    created = (await _create(api, KARI)).json()

    response = await api.get("/api/employee/v2/1")

    assert response.status_code == 200
    assert response.json() == [created]
    assert (await api.get("/api/employee/v2")).json() == [created]


@pytest.mark.parametrize("emp_id", ["404", "abc"])
async def test_get_unknown_employee_is_404_json(api: httpx.AsyncClient, emp_id: str) -> None:
    response = await api.get(f"/api/employee/v2/{emp_id}")

    assert response.status_code == 404
    assert "not found" in response.json()["error"]


async def test_duplicate_emp_id_is_409_and_changes_nothing(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    before = snapshot(seeded)

    response = await _create(api, {"empId": "1", "firstname": "Someone", "lastname": "Else"})

    assert response.status_code == 409
    assert "already exists" in response.json()["error"]
    assert snapshot(seeded) == before


async def test_partial_update_keeps_omitted_fields(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    before = seeded.employee("1")

    response = await api.post("/api/employee/v2/1", json={"email": "kari.new@fjordlys.no"})

    assert response.status_code == 200
    after = (await api.get("/api/employee/v2/1")).json()[0]
    assert after == {**before, "email": "kari.new@fjordlys.no"}
    assert response.json() == after


async def test_update_merges_international_id_key_by_key(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    await api.post(
        "/api/employee/v2/2", json={"internationalID": {"ID": "P123", "countryCode": "SE"}}
    )
    await api.post(
        "/api/employee/v2/2", json={"internationalID": {"type": "taxIdentificationNumber"}}
    )

    assert seeded.employee("2")["internationalID"] == {
        "countryCode": "SE",
        "ID": "P123",
        "type": "taxIdentificationNumber",
    }


async def test_update_can_clear_a_field_with_empty_string(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    await api.post("/api/employee/v2/1", json={"bic": ""})

    assert seeded.employee("1")["bic"] == ""


async def test_update_with_matching_body_emp_id_is_fine(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    response = await api.post("/api/employee/v2/1", json={"empId": 1, "city": "BERGEN"})

    assert response.status_code == 200
    assert seeded.employee("1")["city"] == "BERGEN"


async def test_update_of_unknown_employee_is_404(api: httpx.AsyncClient) -> None:
    response = await api.post("/api/employee/v2/9", json={"firstname": "Nobody"})

    assert response.status_code == 404


async def test_future_raise_reads_back_as_written(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    await api.post(
        "/api/employee/v2/1", json={"salary": "55000", "salary_valid_from": "2025-04-01"}
    )

    shown = (await api.get("/api/employee/v2/1")).json()[0]
    assert (shown["salary_type"], shown["salary"], shown["salary_valid_from"]) == (
        "monthly",
        "55000.00",
        "2025-04-01",
    )
    assert seeded.salary_history("1") == {
        "2024-01-01": ("monthly", "50000.00"),
        "2025-04-01": ("monthly", "55000.00"),
    }


async def test_backdated_salary_entry_is_stored_but_latest_is_shown(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    await api.post("/api/employee/v2/1", json={"salary": 48000, "salary_valid_from": "2023-06-01"})

    assert seeded.employee("1")["salary"] == "50000.00"
    assert seeded.salary_history("1")["2023-06-01"] == ("monthly", "48000.00")


async def test_salary_change_without_date_corrects_the_current_entry(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    await api.post("/api/employee/v2/1", json={"salary": "51000.50"})

    assert seeded.salary_history("1") == {"2024-01-01": ("monthly", "51000.50")}


async def test_empty_valid_from_means_the_entry_now_shown(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    await api.post("/api/employee/v2/1", json={"salary": 52000, "salary_valid_from": ""})

    assert seeded.salary_history("1") == {"2024-01-01": ("monthly", "52000.00")}


async def test_resending_the_same_salary_changes_no_history(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    await api.post("/api/employee/v2/1", json={**KARI, "salary": "50000.00"})

    assert seeded.salary_history("1") == {"2024-01-01": ("monthly", "50000.00")}


async def test_first_salary_without_date_starts_today_in_oslo(
    api: httpx.AsyncClient, clock: FakeClock, seeded: PayrollCompany
) -> None:
    await api.post("/api/employee/v2/2", json={"salary_type": "hourly", "salary": 250})

    assert seeded.employee("2")["salary_valid_from"] == clock.now.date().isoformat()
    assert seeded.employee("2")["salary"] == "250.00"


def test_put_employee_creates_then_merges(company: PayrollCompany) -> None:
    created = company.put_employee({"empId": 4, "firstname": "Ada", "lastname": "Lovelace"})
    merged = company.put_employee({"empId": "4", "personnr": VALID_FNR})

    assert created["personnr"] == ""
    assert merged == {**created, "personnr": VALID_FNR}
    assert company.employees() == [merged]


def test_put_employee_raises_validation_error_naming_the_field(company: PayrollCompany) -> None:
    with pytest.raises(PayrollValidationError) as caught:
        company.put_employee({"empId": 4, "firstname": "Ada"})

    assert caught.value.field == "lastname"
    assert company.employees() == []


async def test_unknown_keys_are_ignored_by_default(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    response = await api.post("/api/employee/v2/1", json={"favourite_colour": "blue"})

    assert response.status_code == 200
    assert "favourite_colour" not in response.json()
