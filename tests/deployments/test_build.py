"""Deployments are generated from the tenant files, offline, with schedules that keep local time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from prefect.client.schemas.objects import ConcurrencyLimitStrategy
from prefect.server.schemas.schedules import CronSchedule, RRuleSchedule

from config.tenants import DEFAULT_TENANTS_DIR, list_tenants, load_tenant
from deployments.build import all_specs, prefect_schedule, specs_for
from schemas.schedule import Schedule

OSLO = ZoneInfo("Europe/Oslo")


def server_schedule(schedule: Schedule, now: datetime) -> Any:
    """The server-side schedule Prefect's scheduler computes run times with."""
    client_side = prefect_schedule(schedule, "Europe/Oslo", now)
    if client_side.cron:
        return CronSchedule(cron=client_side.cron, timezone=client_side.timezone)
    return RRuleSchedule(rrule=client_side.rrule, timezone=client_side.timezone)


def local_runs(schedule: Schedule, now: datetime, n: int) -> list[datetime]:
    dates = asyncio.run(server_schedule(schedule, now).get_dates(n=n, start=now))
    return [d.astimezone(OSLO) for d in dates]


def test_every_packaged_tenant_file_builds_two_deployments() -> None:
    specs = all_specs()
    names = sorted(s.full_name for s in specs)
    flows = ("employee-sync", "absence-sync")
    expected = sorted(f"{flow}/{t}" for t in list_tenants() for flow in flows)
    assert names == expected
    for spec in specs:
        deployment = spec.runner_deployment()
        assert deployment.parameters == {"tenant": spec.tenant.name}
        assert {"hrsync", f"tenant:{spec.tenant.name}"} <= set(deployment.tags)
        assert deployment.concurrency_limit == 1
        assert deployment.concurrency_options is not None
        assert deployment.concurrency_options.collision_strategy is ConcurrencyLimitStrategy.ENQUEUE
        assert deployment.paused is False


def test_manual_only_sync_has_no_schedule_and_scheduled_one_keeps_oslo_time() -> None:
    specs = {s.full_name: s for s in all_specs()}
    assert specs["employee-sync/fjelltopp"].schedules == []
    nordlys = specs["employee-sync/nordlys"].schedules[0]
    assert (nordlys.cron, nordlys.timezone, nordlys.active) == (
        "0 6 * * 1,2,3,4,5", "Europe/Oslo", True,
    )  # fmt: skip


def test_tenant_folder_other_than_the_packaged_one_travels_as_a_parameter(tmp_path: Path) -> None:
    (tmp_path / "acme.toml").write_text(
        (DEFAULT_TENANTS_DIR / "nordlys.toml").read_text().replace("NORDLYS", "ACME")
    )
    specs = specs_for(load_tenant("acme", tmp_path), tmp_path)
    assert all(s.parameters == {"tenant": "acme", "tenants_dir": str(tmp_path.resolve())}
               for s in specs)  # fmt: skip


def test_paused_tenant_deploys_paused(tmp_path: Path) -> None:
    text = (DEFAULT_TENANTS_DIR / "nordlys.toml").read_text().replace("NORDLYS", "ACME")
    (tmp_path / "acme.toml").write_text("paused = true\n" + text)
    assert all(s.runner_deployment().paused for s in specs_for(load_tenant("acme", tmp_path),
                                                               tmp_path))  # fmt: skip


@pytest.mark.parametrize(
    ("days", "time", "expected_weekdays"),
    [
        (("mon",), "07:00", {0}),
        (("mon", "wed", "fri"), "05:30", {0, 2, 4}),
        (("sun",), "23:59", {6}),
    ],
)
def test_schedule_runs_on_its_days_at_its_local_time(
    days: tuple[str, ...], time: str, expected_weekdays: set[int]
) -> None:
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    runs = local_runs(Schedule(days=days, time=time), now, 9)  # type: ignore[arg-type]
    assert {r.weekday() for r in runs} == expected_weekdays
    assert {r.strftime("%H:%M") for r in runs} == {time}


@pytest.mark.parametrize(
    "now",
    [
        datetime(2027, 3, 24, 12, 0, tzinfo=UTC),  # spring forward on 28 March (CET → CEST)
        datetime(2027, 10, 27, 12, 0, tzinfo=UTC),  # fall back on 31 October (CEST → CET)
    ],
)
def test_six_oclock_stays_six_oclock_across_the_dst_change(now: datetime) -> None:
    runs = local_runs(Schedule(days=("mon", "tue", "wed", "thu", "fri", "sat", "sun")), now, 8)
    assert {r.strftime("%H:%M") for r in runs} == {"06:00"}
    offsets = {r.utcoffset() for r in runs}
    assert len(offsets) == 2, "the run dates should straddle the DST change"
    utc_hours = {r.astimezone(UTC).hour for r in runs}
    assert utc_hours == {4, 5}


def test_newly_enabled_schedule_first_runs_at_the_next_days_slot() -> None:
    # Enabled on Thursday 26 November at 05:00 in Oslo, one hour before the 06:00 slot.
    enabled_at = datetime(2026, 11, 26, 5, 0, tzinfo=OSLO)
    schedule = Schedule(days=("mon", "tue", "wed", "thu", "fri"), time="06:00",
                        start=enabled_at.date().replace(day=27))  # fmt: skip
    first, second = local_runs(schedule, enabled_at, 2)
    assert first == datetime(2026, 11, 27, 6, 0, tzinfo=OSLO)
    assert second == datetime(2026, 11, 30, 6, 0, tzinfo=OSLO)  # next weekday: Monday


def test_a_start_in_the_past_is_plain_cron() -> None:
    schedule = Schedule(start=datetime(2026, 1, 1).date())
    assert (
        prefect_schedule(schedule, "Europe/Oslo", datetime(2026, 11, 26)).cron
        == "0 6 * * 1,2,3,4,5"
    )


def test_disabled_schedule_is_deployed_inactive() -> None:
    schedule = Schedule(enabled=False)
    assert prefect_schedule(schedule, "Europe/Oslo", datetime(2026, 11, 26)).active is False


def test_every_flow_deploys_from_a_loadable_entrypoint() -> None:
    from prefect.flows import load_flow_from_entrypoint

    root = Path(__file__).resolve().parents[2]
    for spec in all_specs():
        flow = load_flow_from_entrypoint(str(root / spec.entrypoint))
        assert flow.name == spec.full_name.split("/")[0]
