"""Children and the organization of the payroll emulator."""

from __future__ import annotations

import httpx
import pytest
from stdnum.no import orgnr

from emulators.payroll.state import PayrollCompany, PayrollState

pytestmark = pytest.mark.anyio

CHILD = {"empId": "2", "firstname": "Nora", "lastname": "Nordmann", "birthdate": "2021-03-12"}


async def test_child_post_accepts_firstname_and_get_returns_firstnamn_surname(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    created = (await api.post("/api/child/v2", json=CHILD)).json()

    listing = (await api.get("/api/child/v2/2")).json()

    assert created["childId"].isdigit()
    assert listing == [
        {
            "firstnamn": "Nora",
            "surname": "Nordmann",
            "childId": created["childId"],
            "birthdate": "2021-03-12",
            "empId": "2",
        }
    ]
    assert created == listing[0]


async def test_child_upsert_by_child_id(api: httpx.AsyncClient, seeded: PayrollCompany) -> None:
    [child] = seeded.children("1")

    response = await api.post(
        "/api/child/v2", json={"empId": 1, "childId": child["childId"], "firstname": "Pål"}
    )

    assert response.json() == {**child, "firstnamn": "Pål"}
    assert seeded.children("1") == [response.json()]


async def test_children_of_unknown_employee_is_404(api: httpx.AsyncClient) -> None:
    assert (await api.get("/api/child/v2/5")).status_code == 404


async def test_organization_is_seeded_with_valid_numbers_and_one_site(
    api: httpx.AsyncClient,
) -> None:
    response = await api.get("/api/organization/v2")

    assert response.status_code == 200
    organization = response.json()
    assert organization["name"] == "Fjordlys AS"
    assert organization["country_code"] == "NO"
    assert orgnr.is_valid(organization["orgno"])
    assert orgnr.is_valid(organization["enterprise_number"])
    [site] = organization["sites"]
    assert set(site) == {"id", "name", "enterprise_number", "tax_zone"}
    assert orgnr.is_valid(site["enterprise_number"])
    assert {
        key: organization[key] for key in ("tax_zone", "industry", "tax_rule", "retirement_age")
    } == {"tax_zone": "1", "industry": "ordinarie", "tax_rule": "standard", "retirement_age": "67"}


def test_companies_get_distinct_org_numbers(state: PayrollState) -> None:
    first = state.add_company("a", "A AS").organization.view()
    second = state.add_company("b", "B AS").organization.view()

    assert first["orgno"] != second["orgno"]
    assert first["sites"][0]["enterprise_number"] != second["sites"][0]["enterprise_number"]


async def test_organization_post_updates_and_creates_sites(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    body = {
        "tax_zone": "2",
        "sites": [
            {"id": "1", "name": "Hovedkontor"},
            {"name": "Avdeling Bergen", "enterprise_number": "974760673", "tax_zone": ""},
        ],
    }

    response = await api.post("/api/organization/v2", json=body)

    assert response.status_code == 200
    organization = response.json()
    assert organization == (await api.get("/api/organization/v2")).json()
    assert organization["tax_zone"] == "2"
    assert [(s["id"], s["name"]) for s in organization["sites"]] == [
        ("1", "Hovedkontor"),
        ("2", "Avdeling Bergen"),
    ]
    employment = [{"startdate": "2025-01-01", "enterprise_number": "974760673"}]
    assert (await api.post("/api/employment/v2/2", json=employment)).status_code == 200
