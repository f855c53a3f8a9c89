"""Employments of the payroll emulator: array upsert by employment_id, all-or-nothing."""

from __future__ import annotations

import httpx
import pytest

from emulators.payroll.state import PayrollCompany, PayrollState
from tests.emulators.payroll.helpers import snapshot

pytestmark = pytest.mark.anyio

FULL_EMPLOYMENT = {
    "startdate": "2020-11-01",
    "enddate": "",
    "enddate_reason": "",
    "employment_form": "fast",
    "profession_code": "2130102",
    "employment_rate": 90,
    "employment_type": "ordinaertArbeidsforhold",
    "working_times": "ikkeSkift",
}


async def test_new_employee_has_no_employments(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    response = await api.get("/api/employment/v2/2")

    assert response.status_code == 200
    assert response.json() == []


async def test_post_array_creates_with_generated_ids_and_returns_full_list(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    site = seeded.organization.view()["sites"][0]["enterprise_number"]
    body = [{**FULL_EMPLOYMENT, "enterprise_number": site}, {"startdate": "2022-06-23"}]

    response = await api.post("/api/employment/v2/2", json=body)

    assert response.status_code == 200
    listing = response.json()
    assert listing == (await api.get("/api/employment/v2/2")).json()
    assert [e["employment_id"] for e in listing] == ["32554-1", "32554-2"]
    assert listing[0] == {
        "employment_id": "32554-1",
        "primary_employment": "1",
        **FULL_EMPLOYMENT,
        "employment_rate": "90.00",
        "enterprise_number": site,
    }
    assert listing[1]["primary_employment"] == "0"


async def test_known_id_updates_partially(api: httpx.AsyncClient, seeded: PayrollCompany) -> None:
    [existing] = seeded.employments("1")

    response = await api.post(
        "/api/employment/v2/1",
        json=[{"employment_id": existing["employment_id"], "employment_rate": "80"}],
    )

    assert response.json() == [{**existing, "employment_rate": "80.00"}]


async def test_unknown_given_id_creates_employment_with_that_id(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    response = await api.post(
        "/api/employment/v2/1", json=[{"employment_id": "ALEXIS-abc-2", "startdate": "2025-01-01"}]
    )

    assert [e["employment_id"] for e in response.json()] == ["32553-1", "ALEXIS-abc-2"]


async def test_generated_ids_skip_ids_already_taken(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    await api.post(
        "/api/employment/v2/1", json=[{"employment_id": "32553-2", "startdate": "2025-01-01"}]
    )

    response = await api.post("/api/employment/v2/1", json=[{"startdate": "2025-02-01"}])

    assert [e["employment_id"] for e in response.json()] == ["32553-1", "32553-2", "32553-3"]


async def test_ending_an_employment_with_reason(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    update = {
        "employment_id": "32553-1",
        "enddate": "2025-06-30",
        "enddate_reason": "arbeidstakerHarSagtOppSelv",
    }

    [employment] = (await api.post("/api/employment/v2/1", json=[update])).json()

    assert (employment["enddate"], employment["enddate_reason"]) == (
        "2025-06-30",
        "arbeidstakerHarSagtOppSelv",
    )


async def test_one_invalid_item_stores_nothing(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    before = snapshot(seeded)
    body = [
        {"employment_id": "32553-1", "employment_rate": "50"},
        {"startdate": "2025-01-01"},
        {"startdate": "2025-01-01", "working_times": "skift"},
    ]

    response = await api.post("/api/employment/v2/1", json=body)

    assert response.status_code == 400
    assert response.json()["field"] == "working_times"
    assert response.json()["index"] == 2
    assert snapshot(seeded) == before
    # The rejected array did not use up a generated id either.
    ok = await api.post("/api/employment/v2/1", json=[{"startdate": "2025-01-01"}])
    assert ok.json()[-1]["employment_id"] == "32553-2"


async def test_marking_one_primary_demotes_the_others(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    body = [{"startdate": "2025-01-01", "primary_employment": "1"}]

    listing = (await api.post("/api/employment/v2/1", json=body)).json()

    assert [(e["employment_id"], e["primary_employment"]) for e in listing] == [
        ("32553-1", "0"),
        ("32553-2", "1"),
    ]


async def test_unknown_employee_is_404(api: httpx.AsyncClient) -> None:
    assert (await api.get("/api/employment/v2/77")).status_code == 404
    response = await api.post("/api/employment/v2/77", json=[{"startdate": "2025-01-01"}])
    assert response.status_code == 404


async def test_body_must_be_an_array(api: httpx.AsyncClient, seeded: PayrollCompany) -> None:
    response = await api.post("/api/employment/v2/1", json={"startdate": "2025-01-01"})

    assert response.status_code == 400
    assert response.json()["field"] == "body"


async def test_unknown_keys_note_and_end_date_are_ignored_by_default(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    body = [{"employment_id": "32553-1", "note": "hello", "endDate": "2025-06-30"}]

    response = await api.post("/api/employment/v2/1", json=body)

    assert response.status_code == 200
    [employment] = response.json()
    assert "note" not in employment and "endDate" not in employment
    assert employment["enddate"] == ""  # the camel-case key did not end the employment


async def test_unknown_keys_are_rejected_when_strict(
    api: httpx.AsyncClient, state: PayrollState, seeded: PayrollCompany
) -> None:
    state.strict_unknown_keys = True
    before = snapshot(seeded)

    response = await api.post(
        "/api/employment/v2/1", json=[{"employment_id": "32553-1", "note": "x"}]
    )

    assert response.status_code == 400
    assert response.json()["field"] == "note"
    assert snapshot(seeded) == before


def test_put_employment_returns_the_stored_employment(seeded: PayrollCompany) -> None:
    stored = seeded.put_employment(
        "2", {"startdate": "2025-03-01", "employment_form": "midlertidig"}
    )

    assert stored["employment_id"] == "32554-1"
    assert seeded.employments("2") == [stored]
