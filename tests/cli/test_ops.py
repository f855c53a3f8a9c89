"""Operations: pause and resume a tenant, enable a schedule, the shared rate limits."""

from __future__ import annotations

import asyncio
import tomllib
from datetime import date, timedelta
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from typer.testing import CliRunner

from cli.main import app
from config.tenants import load_tenant
from deployments.build import specs_for
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")
runner = CliRunner()


def apply_deployments(tenant: TestTenant) -> list[str]:
    specs = specs_for(load_tenant(tenant.name, tenant.tenants_dir), tenant.tenants_dir)
    for spec in specs:
        spec.runner_deployment().apply()
    return [spec.full_name for spec in specs]


async def paused_flags(names: list[str]) -> list[bool]:
    async with get_client() as client:
        return [(await client.read_deployment_by_name(n)).paused for n in names]


def tenant_file(tenant: TestTenant) -> dict[str, Any]:
    return tomllib.loads((tenant.tenants_dir / f"{tenant.name}.toml").read_text())


def test_pause_and_resume_a_tenant(tenant: TestTenant) -> None:
    names = apply_deployments(tenant)
    assert asyncio.run(paused_flags(names)) == [False, False]

    paused = runner.invoke(app, ["pause", tenant.name, "--tenants-dir", str(tenant.tenants_dir)])
    assert paused.exit_code == 0, paused.output
    assert asyncio.run(paused_flags(names)) == [True, True]
    assert tenant_file(tenant)["paused"] is True
    # A re-deploy (a serve restart) keeps the tenant paused: the file says so.
    apply_deployments(tenant)
    assert asyncio.run(paused_flags(names)) == [True, True]

    resumed = runner.invoke(app, ["resume", tenant.name, "--tenants-dir", str(tenant.tenants_dir)])
    assert resumed.exit_code == 0, resumed.output
    assert asyncio.run(paused_flags(names)) == [False, False]
    assert tenant_file(tenant)["paused"] is False


def test_enabling_a_schedule_starts_it_the_next_day(tenant: TestTenant) -> None:
    result = runner.invoke(
        app,
        [
            "schedule",
            tenant.name,
            "--kind",
            "absences",
            "--enable",
            "--days",
            "mon,thu",
            "--time",
            "06:30",
            "--tenants-dir",
            str(tenant.tenants_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    schedule = tenant_file(tenant)["absences"]["schedule"]
    assert schedule["days"] == ["mon", "thu"] and schedule["time"] == "06:30"
    assert schedule["start"] > date.today() - timedelta(days=1)
    absence_spec = specs_for(load_tenant(tenant.name, tenant.tenants_dir), tenant.tenants_dir)[1]
    rule = absence_spec.schedules[0]
    assert rule.rrule is not None and f"DTSTART:{schedule['start']:%Y%m%d}T063000" in rule.rrule


def test_schedule_change_that_breaks_the_file_is_refused_and_nothing_written(
    tenant: TestTenant,
) -> None:
    path = tenant.tenants_dir / f"{tenant.name}.toml"
    before = path.read_text()
    result = runner.invoke(
        app,
        [
            "schedule",
            tenant.name,
            "--kind",
            "employees",
            "--enable",
            "--time",
            "25:00",
            "--tenants-dir",
            str(tenant.tenants_dir),
        ],
    )
    assert result.exit_code != 0
    assert path.read_text() == before


def schedule(tenant: TestTenant, *options: str) -> Any:
    folder = ["--tenants-dir", str(tenant.tenants_dir)]
    return runner.invoke(app, ["schedule", tenant.name, "--kind", *options, *folder])


def test_the_incremental_schedule_is_written_beside_the_full_one_and_deployed(
    tenant: TestTenant,
) -> None:
    assert schedule(tenant, "employees", "--enable", "--time", "05:00").exit_code == 0
    result = schedule(tenant, "employees", "--incremental", "--enable", "--every-minutes", "10",
                      "--hours", "7-17", "--days", "mon,tue")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "employees incremental schedule" in result.output
    written = tenant_file(tenant)["employees"]
    assert written["incremental"] == {
        "enabled": True, "every_minutes": 10, "days": ["mon", "tue"],
        "first_hour": 7, "last_hour": 17,
    }  # fmt: skip
    assert written["schedule"]["time"] == "05:00"  # the full reconcile is left as it was
    spec = specs_for(load_tenant(tenant.name, tenant.tenants_dir), tenant.tenants_dir)[0]
    full, incremental = spec.schedules
    assert (incremental.cron, incremental.parameters["incremental"]) == ("*/10 7-17 * * 1,2", True)

    assert schedule(tenant, "employees", "--incremental", "--disable").exit_code == 0
    assert tenant_file(tenant)["employees"]["incremental"]["enabled"] is False


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (("employees", "--incremental", "--enable"), "needs [employees.schedule] too"),
        (("absences", "--incremental", "--enable"), "use --kind employees"),
        (("employees", "--incremental", "--enable", "--hours", "7"), "--hours must be FIRST-LAST"),
        (("employees", "--incremental", "--enable", "--every-minutes", "7"), "must divide an hour"),
        (("employees", "--incremental", "--enable", "--time", "06:00"), "--time is the full"),
        (("employees", "--enable", "--every-minutes", "15"), "belong to --incremental"),
    ],
)
def test_an_incremental_schedule_that_does_not_fit_is_refused_and_nothing_written(
    tenant: TestTenant, options: tuple[str, ...], says: str
) -> None:
    path = tenant.tenants_dir / f"{tenant.name}.toml"
    before = path.read_text()
    result = schedule(tenant, *options)
    assert result.exit_code == 1
    assert says in " ".join(result.output.split())
    assert path.read_text() == before


async def limit_names() -> set[str]:
    async with get_client() as client:
        return {limit.name for limit in await client.read_global_concurrency_limits()}


def test_bootstrap_creates_the_shared_rate_limits_and_runs_take_slots(
    tenant: TestTenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, ["bootstrap", "--alexis-rate", "50", "--payroll-rate", "50"])
    assert result.exit_code == 0, result.output
    assert {"alexishr-api", "24sevenoffice-api"} <= asyncio.run(limit_names())
    again = runner.invoke(app, ["bootstrap"])  # idempotent
    assert again.exit_code == 0, again.output

    monkeypatch.setenv("HRSYNC_RATE_LIMITS", "on")
    tenant.seed_demo_data(size=3)
    assert tenant.employee_sync().is_completed()


async def delete_limits() -> None:
    async with get_client() as client:
        for name in ("alexishr-api", "24sevenoffice-api"):
            await client.delete_global_concurrency_limit_by_name(name)


def test_a_missing_rate_limit_is_an_error_not_a_silent_no_op(
    tenant: TestTenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner.invoke(app, ["bootstrap"])
    asyncio.run(delete_limits())
    monkeypatch.setenv("HRSYNC_RATE_LIMITS", "on")
    tenant.seed_demo_data(size=2)
    state = tenant.employee_sync()
    assert state.is_failed()
    assert tenant.payroll.employees() == []
