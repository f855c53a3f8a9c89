"""Absences and absence types of the payroll emulator."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emulators.payroll.state import PayrollCompany
from tests.emulators.payroll.helpers import snapshot

pytestmark = pytest.mark.anyio

STANDARD_TYPES = {
    "01": ("Sykmelding", "sickness"),
    "02": ("Sykt barn", "sick_child"),
    "03": ("Egenmelding", "self_report"),
    "04": ("Ferie", "vacation"),
    "05": ("Permittering", "leave_of_absence"),
    "06": ("Foreldrepenger", "leave_of_absence"),
    "07": ("Militærtjeneste", "leave_of_absence"),
    "10": ("Utdanningspermisjon - lovfestet", "leave_of_absence"),
    "11": ("Utdanningspermisjon - ikke lovfestet", "leave_of_absence"),
    "12": ("Andre permisjoner - lovfestet", "leave_of_absence"),
    "13": ("Andre permisjoner - ikke lovfestet", "leave_of_absence"),
    "14": ("Pleiepenger livets siste faser", "leave_of_absence"),
    "15": ("Pleiepenger sykt barn", "leave_of_absence"),
    "16": ("Omsorgspenger (sykt barn dager)", "leave_of_absence"),
    "17": ("Opplæringspenger", "leave_of_absence"),
    "18": ("Svangerskapspenger", "leave_of_absence"),
    "19": ("Svangerskapspermisjon (foreldrepenger)", "leave_of_absence"),
    "20": ("Omsorgspermisjon", "leave_of_absence"),
    "21": ("Annet fravær", "leave_of_absence"),
}
ABSENCE_KEYS = [
    "empId", "serialNo", "startDate", "endDate", "comment", "requestDate", "requestMotivation",
    "approved", "percent", "absenceType", "description", "childId", "numberOfDays", "permisjonId",
    "startdateParental", "lastChanged", "externalId",
]  # fmt: skip


async def _post(api: httpx.AsyncClient, **fields: Any) -> httpx.Response:
    return await api.post("/api/absence/v2", json={"empId": "1", **fields})


async def test_absence_types_01_to_21_are_seeded(api: httpx.AsyncClient) -> None:
    response = await api.get("/api/absencetypes/v2")

    assert response.status_code == 200
    types = {t["code"]: (t["description"], t["category"]) for t in response.json()}
    assert types == STANDARD_TYPES


async def test_absence_type_flags_match_the_spec_example(api: httpx.AsyncClient) -> None:
    response = await api.get("/api/absencetypes/v2/02")

    assert response.json() == [
        {
            "description": "Sykt barn",
            "code": "02",
            "inntektsmelding_type": "",
            "permisjonId": "0",
            "leave_of_absence_type": "",
            "percentage": "1",
            "comment_mandatory": "0",
            "category": "sick_child",
        }
    ]


async def test_absence_type_flags(api: httpx.AsyncClient) -> None:
    types = {t["code"]: t for t in (await api.get("/api/absencetypes/v2")).json()}

    assert types["04"]["percentage"] == "0"
    assert all(t["percentage"] == "1" for code, t in types.items() if code != "04")
    assert types["12"]["permisjonId"] == "1"
    assert types["06"]["leave_of_absence_type"] == "permisjonMedForeldrepenger"
    assert types["05"]["leave_of_absence_type"] == "permittering"
    assert types["21"]["comment_mandatory"] == "1"


async def test_unknown_absence_type_is_404(api: httpx.AsyncClient) -> None:
    assert (await api.get("/api/absencetypes/v2/08")).status_code == 404


async def test_post_returns_the_stored_absence_with_serial_no(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    response = await _post(
        api, absenceType="04", startDate="2025-07-01", endDate="2025-07-15", numberOfDays=11
    )

    assert response.status_code == 200
    absence = response.json()
    assert list(absence) == ABSENCE_KEYS
    assert absence["serialNo"] == "2"
    assert absence["startDate"] == "2025-07-01 00:00:00"
    assert absence["endDate"] == "2025-07-15 00:00:00"
    assert absence["description"] == "Ferie"
    assert absence["numberOfDays"] == "11"
    assert absence["percent"] == "100"
    assert absence["lastChanged"] == "2025-03-10 09:00:00"  # the fake clock, in Oslo time
    assert absence in (await api.get("/api/absence/v2")).json()


async def test_upsert_by_serial_no_updates_instead_of_duplicating(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    [existing] = seeded.absences()

    response = await _post(api, serialNo=existing["serialNo"], endDate="2025-01-12", percent=50)

    assert response.json() == {
        **existing,
        "endDate": "2025-01-12 00:00:00",
        "percent": "50",
    }
    assert seeded.absences() == [response.json()]


async def test_external_id_is_stored(api: httpx.AsyncClient, seeded: PayrollCompany) -> None:
    created = (
        await _post(
            api,
            absenceType="03",
            startDate="2025-02-03",
            endDate="2025-02-04",
            externalId="alexis-42",
        )
    ).json()

    [stored] = (await api.get("/api/absence/v2", params={"serialNo": created["serialNo"]})).json()
    assert stored["externalId"] == "alexis-42"


async def test_leave_gets_permisjon_id_and_may_be_open_ended(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    absence = (await _post(api, absenceType="12", startDate="2025-03-01")).json()

    assert absence["endDate"] == ""
    assert absence["permisjonId"] == absence["serialNo"]


async def test_given_permisjon_id_is_kept(api: httpx.AsyncClient, seeded: PayrollCompany) -> None:
    absence = (
        await _post(api, absenceType="05", startDate="2025-03-01", permisjonId="perm-7")
    ).json()

    assert absence["permisjonId"] == "perm-7"


async def test_sick_child_with_the_employees_child(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    [child] = seeded.children("1")

    response = await _post(
        api,
        absenceType="02",
        startDate="2025-02-10",
        endDate="2025-02-11",
        childId=child["childId"],
    )

    assert response.status_code == 200
    assert response.json()["childId"] == child["childId"]


async def test_parental_leave_with_start_date_of_parental_period(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    response = await _post(
        api, absenceType="06", startDate="2025-04-01", startdateParental="2025-03-11"
    )

    assert response.status_code == 200
    assert response.json()["startdateParental"] == "2025-03-11"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["1", "2", "3", "4"]),
        ({"datefrom": "2025-02-01"}, ["2", "3", "4"]),
        ({"dateto": "2025-01-31"}, ["1", "2"]),
        ({"datefrom": "2025-01-31", "dateto": "2025-01-31"}, ["2"]),
        ({"datefrom": "2025-01-10", "dateto": "2025-01-24"}, ["1"]),
        ({"datefrom": "2025-06-01", "dateto": "2025-06-30"}, ["4"]),
        ({"serialNo": "3"}, ["3"]),
        ({"serialNo": "3", "dateto": "2025-01-31"}, []),
    ],
)
async def test_date_filter_returns_overlapping_absences(
    api: httpx.AsyncClient, seeded: PayrollCompany, params: dict[str, str], expected: list[str]
) -> None:
    # 1: 2025-01-06..01-10 (seed), 2: 01-25..02-05, 3: 03-03..03-04, 4: open leave from 05-01.
    await _post(api, absenceType="01", startDate="2025-01-25", endDate="2025-02-05")
    await _post(api, absenceType="03", startDate="2025-03-03", endDate="2025-03-04")
    await _post(api, absenceType="13", startDate="2025-05-01")

    response = await api.get("/api/absence/v2", params=params)

    assert [a["serialNo"] for a in response.json()] == expected


async def test_per_employee_listing_and_filters(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    await api.post(
        "/api/absence/v2",
        json={"empId": 2, "absenceType": "01", "startDate": "2025-01-07", "endDate": "2025-01-08"},
    )

    kari = (await api.get("/api/absence/v2/1", params={"datefrom": "2025-01-01"})).json()
    ola = (await api.get("/api/absence/v2/2")).json()

    assert [(a["empId"], a["serialNo"]) for a in kari] == [("1", "1")]
    assert [(a["empId"], a["serialNo"]) for a in ola] == [("2", "2")]
    assert (await api.get("/api/absence/v2/99")).status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"datefrom": "01.01.2025"}, "datefrom"),
        ({"dateto": "2025-02-30"}, "dateto"),
        ({"serialNo": "x"}, "serialNo"),
    ],
)
async def test_bad_filters_are_400(
    api: httpx.AsyncClient, seeded: PayrollCompany, params: dict[str, str], field: str
) -> None:
    response = await api.get("/api/absence/v2", params=params)

    assert response.status_code == 400
    assert response.json()["field"] == field


async def test_read_only_keys_echoed_back_are_ignored(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    [existing] = seeded.absences()
    before = snapshot(seeded)

    response = await _post(
        api,
        serialNo=existing["serialNo"],
        description="Hacked",
        requestDate="2020-01-01 00:00:00",
        lastChanged="2020-01-01 00:00:00",
    )

    assert response.json()["description"] == "Sykmelding"
    assert response.json()["requestDate"] == ""
    assert snapshot(seeded)["absences"] == before["absences"]


async def test_body_labelled_text_html_is_read_as_json(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    content = (
        '{"empId": "1", "absenceType": "03", "startDate": "2025-02-03", "endDate": "2025-02-03"}'
    )

    response = await api.post(
        "/api/absence/v2", content=content, headers={"Content-Type": "text/html"}
    )

    assert response.status_code == 200


async def test_malformed_json_is_400(api: httpx.AsyncClient, seeded: PayrollCompany) -> None:
    response = await api.post("/api/absence/v2", content="{empId=1, absenceType=04}")

    assert response.status_code == 400
    assert response.json()["field"] == "body"
