"""Scopes pick employees by department, office, team, employment type, activity and number."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus
from zoneinfo import ZoneInfo

import pytest

from config.tenants import load_tenant
from emulators.runtime import Emulators, Endpoints
from schemas.tenant import TenantConfig
from tasks.engine.connections import alexis_client
from tasks.people.extract import people_frames, read_people
from tasks.people.scope import ScopeError
from tasks.people.steps import HrSnapshot
from tests.support import TestTenant

Record = dict[str, Any]


@pytest.fixture
def company(
    emulators: Emulators,
    endpoints: Endpoints,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Callable[[str], TestTenant]:
    """A seeded tenant whose file carries the given scope TOML."""

    def make(scope_toml: str) -> TestTenant:
        name = f"scope{request.node.nodeid.__hash__() % 10**8}"
        tenant = TestTenant.create(name, emulators, endpoints, tmp_path, monkeypatch,
                                   extra="\n" + scope_toml)  # fmt: skip
        tenant.seed_demo_data(size=16)
        return tenant

    return make


def names(tenant: TestTenant, resource: str) -> dict[str, str]:
    return {r["name"]: r["id"] for r in tenant.alexis.all(resource)}


def members(tenant: TestTenant, team: str) -> set[str]:
    team_id = names(tenant, "team")[team]
    refs = tenant.alexis.all("employee-team-reference")
    return {r["employeeId"] for r in refs if r["teamId"] == team_id}


def expected(tenant: TestTenant, keep: Callable[[Record], bool]) -> set[str]:
    return {e["employeeNumber"] for e in tenant.alexis.all("employee") if keep(e)}


async def read_in_scope(config: TenantConfig) -> HrSnapshot:
    async with alexis_client(config) as alexis:
        return people_frames(await read_people(alexis, config), ZoneInfo(config.timezone))


def kept(tenant: TestTenant) -> set[str]:
    snapshot = asyncio.run(read_in_scope(load_tenant(tenant.name, tenant.tenants_dir)))
    return set(snapshot.employees["employeeNumber"])


def employee_queries(tenant: TestTenant) -> list[str]:
    return [unquote_plus(r.query) for r in tenant.requests()
            if r.path == "/v1/employee" and r.token == tenant.alexis_token]  # fmt: skip


CASES: list[tuple[str, str, Callable[[TestTenant], Callable[[Record], bool]], str]] = [
    (
        "include department by name",
        '[scope.include]\ndepartments = ["Salg"]',
        lambda t: lambda e: e["departmentId"] == names(t, "department")["Salg"],
        "filters[departmentId][$in][]=",
    ),
    (
        "exclude department by name",
        '[scope.exclude]\ndepartments = ["Salg", "Drift"]',
        lambda t: (
            lambda e: (
                e["departmentId"] not in {names(t, "department")[n] for n in ("Salg", "Drift")}
            )
        ),
        "filters[departmentId][$nin][]=",
    ),
    (
        "include office",
        '[scope.include]\noffices = ["Bergen"]',
        lambda t: lambda e: e["officeId"] == names(t, "office")["Bergen"],
        "filters[officeId][$in][]=",
    ),
    (
        "exclude office",
        '[scope.exclude]\noffices = ["Bergen"]',
        lambda t: lambda e: e["officeId"] != names(t, "office")["Bergen"],
        "filters[officeId][$nin][]=",
    ),
    (
        "include team",
        '[scope.include]\nteams = ["Kunde"]',
        lambda t: lambda e: e["id"] in members(t, "Kunde"),
        "filters[id][$in][]=",
    ),
    (
        "exclude team",
        '[scope.exclude]\nteams = ["Kunde"]',
        lambda t: lambda e: e["id"] not in members(t, "Kunde"),
        "filters[id][$nin][]=",
    ),
    (
        "include employment type",
        '[scope.include]\nemployment_types = ["Temporary (vikariat)"]',
        lambda t: (
            lambda e: e["employmentTypeId"] == names(t, "employment-type")["Temporary (vikariat)"]
        ),
        "filters[employmentTypeId][$in][]=",
    ),
    (
        "exclude employment type",
        '[scope.exclude]\nemployment_types = ["Permanent"]',
        lambda t: lambda e: e["employmentTypeId"] != names(t, "employment-type")["Permanent"],
        "filters[employmentTypeId][$nin][]=",
    ),
    (
        "only active",
        '[scope]\nactive = "active"',
        lambda t: lambda e: e["active"] is True,
        "filters[active][$eq]=true",
    ),
    (
        "only inactive",
        '[scope]\nactive = "inactive"',
        lambda t: lambda e: e["active"] is False,
        "filters[active][$eq]=false",
    ),
    (
        "include employee numbers",
        '[scope.include]\nemployees = ["2", "5", "11"]',
        lambda t: lambda e: e["employeeNumber"] in {"2", "5", "11"},
        "filters[employeeNumber][$in][]=2",
    ),
    (
        "exclude employee numbers",
        '[scope.exclude]\nemployees = ["2", "5"]',
        lambda t: lambda e: e["employeeNumber"] not in {"2", "5"},
        "filters[employeeNumber][$nin][]=2",
    ),
    (
        "include and exclude combined",
        '[scope.include]\noffices = ["Oslo"]\n[scope.exclude]\ndepartments = ["Drift"]',
        lambda t: (
            lambda e: (
                e["officeId"] == names(t, "office")["Oslo"]
                and e["departmentId"] != names(t, "department")["Drift"]
            )
        ),
        "filters[officeId][$in][]=",
    ),
]


@pytest.mark.parametrize(("case", "toml", "rule", "pushed"), CASES, ids=[c[0] for c in CASES])
def test_scope_keeps_exactly_the_matching_employees_and_pushes_the_filter_down(
    company: Callable[[str], TestTenant],
    case: str,
    toml: str,
    rule: Callable[[TestTenant], Callable[[Record], bool]],
    pushed: str,
) -> None:
    tenant = company(toml)
    want = expected(tenant, rule(tenant))
    assert 0 < len(want) < 16, f"{case}: the seed data should make this rule choose"
    assert kept(tenant) == want
    assert any(pushed in q for q in employee_queries(tenant)), employee_queries(tenant)


def test_scope_naming_an_unknown_department_fails_with_tenant_and_key(
    company: Callable[[str], TestTenant],
) -> None:
    tenant = company('[scope.include]\ndepartments = ["Salgg"]')
    with pytest.raises(
        ScopeError, match=rf"tenant {tenant.name}: scope.include.departments.*Salgg"
    ):
        kept(tenant)


def test_empty_scope_reads_everyone_without_filters(company: Callable[[str], TestTenant]) -> None:
    tenant = company("")
    assert len(kept(tenant)) == 16
    assert not any("filters[" in q for q in employee_queries(tenant))


@pytest.mark.usefixtures("prefect_harness")
def test_sync_writes_only_the_scope_and_reports_what_it_kept(
    company: Callable[[str], TestTenant],
) -> None:
    tenant = company('[scope.include]\noffices = ["Oslo"]')
    oslo = expected(tenant, lambda e: e["officeId"] == names(tenant, "office")["Oslo"])

    report = tenant.employee_sync().result()

    assert {e["empId"] for e in tenant.payroll.employees()} == oslo
    assert f"scope kept {len(oslo)} of 16 employees" in " ".join(report.notes)
