"""The seeding interface: AlexisState, AlexisCompany and local_midnight_utc."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from emulators.alexis import AlexisCompany, AlexisState, local_midnight_utc
from tests.emulators.alexis.conftest import FakeClock


@pytest.mark.parametrize(
    ("day", "tz", "expected"),
    [
        (date(2024, 1, 1), "Europe/Oslo", "2023-12-31T23:00:00.000Z"),
        (date(2024, 7, 1), "Europe/Oslo", "2024-06-30T22:00:00.000Z"),
        (date(2024, 3, 31), "Europe/Oslo", "2024-03-30T23:00:00.000Z"),  # DST starts at 02:00
        (date(2024, 1, 1), "Europe/Stockholm", "2023-12-31T23:00:00.000Z"),
        (date(2024, 1, 1), "UTC", "2024-01-01T00:00:00.000Z"),
    ],
)
def test_local_midnight_utc(day: date, tz: str, expected: str) -> None:
    assert local_midnight_utc(day, tz) == expected


def test_ids_are_deterministic_per_seed() -> None:
    def ids(seed: int) -> list[str]:
        state = AlexisState(id_seed=seed)
        company = state.add_company("t", "Acme")
        return [company.id, company.insert("team", {"name": "A"})["id"]]

    assert ids(3) == ids(3)
    assert ids(3) != ids(4)
    assert all(len(i) == 24 and int(i, 16) >= 0 for i in ids(3))


def test_add_company_creates_its_company_record(state: AlexisState) -> None:
    company = state.add_company("tok", "Acme AS", company_id="65a1b2c3d4e5f60718293a4b")
    assert state.company_for_token("tok") is company
    assert state.company_for_token("nope") is None
    assert state.companies == {company.id: company}
    [record] = company.all("company")
    assert record["id"] == "65a1b2c3d4e5f60718293a4b"
    assert record["name"] == "Acme AS"
    assert record["orgNumber"] is None
    with pytest.raises(ValueError):
        state.add_company("tok2", "Dup", company_id=company.id)


def test_insert_assigns_id_company_and_timestamps(acme: AlexisCompany) -> None:
    employee = acme.insert("employee", {"firstName": "Kari", "hireDate": date(2020, 1, 1)})
    assert employee["companyId"] == acme.id
    assert employee["created"] == employee["updated"] == "2024-06-01T12:00:00.000Z"
    assert employee["hireDate"] == "2019-12-31T23:00:00.000Z"
    leave = acme.insert("leave", {"startDate": datetime(2024, 5, 2, 8, tzinfo=UTC)})
    assert "companyId" not in leave  # the leave response has no companyId
    assert leave["startDate"] == "2024-05-02T08:00:00.000Z"
    fixed = acme.insert("team", {"id": "65A1B2C3D4E5F60718293A4B", "name": "A"})
    assert fixed["id"] == "65a1b2c3d4e5f60718293a4b"


def test_insert_rejects_unknown_fields_resources_and_taken_ids(acme: AlexisCompany) -> None:
    with pytest.raises(ValueError, match="nickname"):
        acme.insert("employee", {"nickname": "K"})
    with pytest.raises(ValueError, match="unknown AlexisHR resource"):
        acme.insert("employees", {})
    team = acme.insert("team", {"name": "A"})
    with pytest.raises(ValueError):
        acme.insert("team", {"id": team["id"]})


def test_update_bumps_updated_and_rederives(acme: AlexisCompany, clock: FakeClock) -> None:
    employee = acme.insert("employee", {"birthDate": "2000-01-01"})
    assert employee["age"] == 24
    clock.advance(days=1)
    updated = acme.update("employee", employee["id"], {"birthDate": "2010-01-01"})
    assert updated["updated"] == "2024-06-02T12:00:00.000Z"
    assert updated["created"] == employee["created"]
    assert updated["age"] == 14
    with pytest.raises(KeyError):
        acme.update("employee", "0" * 24, {"title": "x"})


def test_get_all_and_delete_hand_out_copies(acme: AlexisCompany) -> None:
    employee = acme.insert("employee", {"bankAccount": {"number": "1"}})
    acme.all("employee")[0]["bankAccount"]["number"] = "changed"
    fetched = acme.get("employee", employee["id"])
    assert fetched is not None
    assert fetched["bankAccount"]["number"] == "1"
    assert acme.delete("employee", employee["id"]) is True
    assert acme.delete("employee", employee["id"]) is False
    assert acme.get("employee", employee["id"]) is None
