"""The incremental schedule: a second schedule of the employee deployment, in local time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from prefect.server.schemas.schedules import CronSchedule

from config.tenants import DEFAULT_TENANTS_DIR, TenantConfigError, load_tenant
from deployments.build import specs_for
from schemas.kinds import SyncKind

OSLO = ZoneInfo("Europe/Oslo")
INCREMENTAL = """
[employees.incremental]
every_minutes = 15
first_hour = 7
last_hour = 17
"""


def acme(folder: Path, extra: str = INCREMENTAL) -> Path:
    """Nordlys' file (full reconcile at 06:00 on workdays) as tenant acme, plus `extra`."""
    text = (DEFAULT_TENANTS_DIR / "nordlys.toml").read_text().replace("NORDLYS", "ACME")
    (folder / "acme.toml").write_text(text + extra)
    return folder


def test_the_employee_deployment_gets_both_schedules_and_absences_stay_alone(
    tmp_path: Path,
) -> None:
    specs = {s.kind: s for s in specs_for(load_tenant("acme", acme(tmp_path)), tmp_path)}
    full, incremental = specs[SyncKind.employees].schedules
    assert (full.cron, full.parameters) == ("0 6 * * 1,2,3,4,5", {"scheduled": True})
    assert incremental.cron == "*/15 7-17 * * 1,2,3,4,5"
    assert incremental.parameters == {"scheduled": True, "incremental": True}
    assert (incremental.timezone, incremental.active) == ("Europe/Oslo", True)
    assert len(specs[SyncKind.absences].schedules) == 1
    deployment = specs[SyncKind.employees].runner_deployment()
    assert deployment.concurrency_limit == 1  # an incremental run never overlaps the reconcile


def test_incremental_runs_fall_every_quarter_hour_within_the_window_on_workdays(
    tmp_path: Path,
) -> None:
    specs = specs_for(load_tenant("acme", acme(tmp_path)), tmp_path)
    incremental = next(s for s in specs if s.kind is SyncKind.employees).schedules[1]
    server = CronSchedule(cron=incremental.cron, timezone=incremental.timezone)
    friday_evening = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)  # 17:00 in Oslo
    runs = [d.astimezone(OSLO) for d in asyncio.run(server.get_dates(n=6, start=friday_evening))]
    assert [r.strftime("%a %H:%M") for r in runs] == [
        "Fri 17:00", "Fri 17:15", "Fri 17:30", "Fri 17:45", "Mon 07:00", "Mon 07:15",
    ]  # fmt: skip


def test_a_disabled_incremental_schedule_is_deployed_inactive(tmp_path: Path) -> None:
    folder = acme(tmp_path, INCREMENTAL + "enabled = false\n")
    specs = specs_for(load_tenant("acme", folder), folder)
    assert next(s for s in specs if s.kind is SyncKind.employees).schedules[1].active is False


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ("\n[employees.incremental]\nevery_minutes = 7\n", "divide an hour"),
        ("\n[employees.incremental]\nfirst_hour = 18\nlast_hour = 7\n", "first_hour"),
        ("\n[employees.incremental]\nlast_hour = 24\n", "hour of the day"),
    ],
)
def test_a_bad_incremental_schedule_is_refused(tmp_path: Path, extra: str, says: str) -> None:
    with pytest.raises(TenantConfigError, match=says):
        load_tenant("acme", acme(tmp_path, extra))


def test_an_incremental_schedule_needs_a_full_reconcile(tmp_path: Path) -> None:
    text = (DEFAULT_TENANTS_DIR / "fjelltopp.toml").read_text().replace("FJELLTOPP", "ACME")
    (tmp_path / "acme.toml").write_text(text + INCREMENTAL)
    with pytest.raises(TenantConfigError, match="needs \\[employees.schedule\\]"):
        load_tenant("acme", tmp_path)
