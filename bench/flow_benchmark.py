"""The flow benchmark: the real sync on a running Prefect server beside its floor, per size.

    .venv/bin/python -m bench.flow_benchmark --sizes 1000 10000 100000

Per size, two emulator processes seeded alike (`hrsync emulate --clean`, 40 ms per request):
the sync (`hrsync sync bench ...` as a subprocess) runs against the first, the floor
(`bench/floor.py`) against the second, scenario after scenario (`bench/scenarios.py`).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import pstats
import re
import shutil
import tempfile
from contextlib import ExitStack
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx

from bench import floor, report
from bench.scenarios import SCENARIOS, Scenario, change_salaries, chosen
from bench.stack import (
    ALEXIS_TOKEN,
    BIN,
    PAYROLL_TOKEN,
    TENANT,
    Emulators,
    emulators,
    measure,
    prefect_server,
    write_tenant,
)
from clients.http import HttpSettings
from clients.payroll import PayrollClient


def prefect_task_runs(
    api_url: str, since: set[str]
) -> tuple[list[str], dict[str, int], dict[str, float]]:
    """The flow runs made since `since`: every id, task runs and seconds per new flow run.

    The seconds are the server's, from the flow run's start to its end: what the process
    costs beyond them is Python's and Prefect's start-up (see the README).
    """
    with httpx.Client(base_url=api_url, timeout=60) as api:
        runs = api.post("/flow_runs/filter", json={"limit": 200}).raise_for_status().json()
        new = [r for r in runs if r["id"] not in since]
        counts = {
            r["name"]: api.post("/task_runs/count", json={"flow_runs": {"id": {"any_": [r["id"]]}}})
            .raise_for_status()
            .json()
            for r in new
        }
    seconds = {r["name"]: _seconds(r["start_time"], r["end_time"]) for r in new}
    return [r["id"] for r in runs], counts, seconds


def _seconds(start: str | None, end: str | None) -> float:
    if not start or not end:
        return 0.0
    return round((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds(), 2)


def profile_summary(profile: Path, lines: int = 40) -> Path:
    """`<profile>.txt`: the functions with the most cumulative time, then the most own time."""
    text = io.StringIO()
    stats = pstats.Stats(str(profile), stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines)
    summary = profile.with_suffix(".txt")
    summary.write_text(text.getvalue())
    print(f"profile: {summary}", flush=True)
    return summary


def _employments_read(scenario: Scenario, before: floor.PayrollSnapshot,
                      writes: floor.Writes) -> list[str]:  # fmt: skip
    """Whose payroll employments the floor reads.

    None for absences; when incremental only the employees written (what hrsync last wrote
    tells which); else every employee payroll had.
    """
    if scenario.absences:
        return []
    return writes.employees_written() if scenario.incremental else sorted(before.employees)


# The snapshots are not timed; at 100 000 employees they are 200 000 reads each (employments
# and children), so they read with more requests in flight than a sync.
SNAPSHOT_SETTINGS = HttpSettings(max_concurrency=48)


def _snapshot(pair: Emulators) -> floor.PayrollSnapshot:
    async def read() -> floor.PayrollSnapshot:
        async with PayrollClient.connect(
            pair.payroll_url, PAYROLL_TOKEN, SNAPSHOT_SETTINGS
        ) as client:
            return await floor.snapshot(client)

    return asyncio.run(read())


def run_scenario(
    scenario: Scenario, size: int, pairs: tuple[Emulators, Emulators], env: dict[str, str],
    seen: set[str], logs: Path, before: floor.PayrollSnapshot,
) -> tuple[dict[str, Any], floor.PayrollSnapshot]:  # fmt: skip
    """Measure one scenario: the sync, then its floor; one result row and payroll after it.

    `before` is payroll before the sync (the previous scenario's after: changing salaries in
    AlexisHR leaves payroll as it is).
    """
    sync_pair, floor_pair = pairs
    if changed := scenario.changes(size):
        for pair in pairs:
            asyncio.run(change_salaries(pair.alexis_url, ALEXIS_TOKEN, changed))
    sync_pair.calls(reset=True)
    args = [str(BIN / "hrsync"), "sync", env["BENCH_TENANT"], *scenario.sync_args(date.today())]
    stem = logs / re.sub(r"\W+", "-", scenario.name).strip("-")
    if env.get("BENCH_PROFILE"):  # the sync under cProfile (slower: compare only with itself)
        args = [str(BIN / "python"), "-m", "cProfile", "-o", f"{stem}.prof", *args]
    sync = measure([*args, "--tenants-dir", env["BENCH_TENANTS"]], env, logs / "sync.log")
    if env.get("BENCH_PROFILE"):
        profile_summary(Path(f"{stem}.prof"))
    sync_calls = sync_pair.calls()
    if sync.exit_code == 1:
        raise SystemExit(f"the {scenario.name} sync failed: see {logs / 'sync.log'}")
    ids, task_runs, flow_s = prefect_task_runs(env["PREFECT_API_URL"], seen)
    seen.update(ids)
    after = _snapshot(sync_pair)
    writes = floor.writes_between(before, after)
    plan = floor.FloorPlan(
        alexis_resources=floor.alexis_resources(sync_calls),
        # The absence sync reads no employments (its payroll reads are the absences).
        payroll_employees=_employments_read(scenario, before, writes),
        read_absences=scenario.absences,
        writes=writes,
    )
    floor_pair.calls(reset=True)
    floor_s = asyncio.run(
        floor.run_floor(floor_pair.alexis_url, ALEXIS_TOKEN, floor_pair.payroll_url,
                        PAYROLL_TOKEN, plan)
    )  # fmt: skip
    row = report.row(scenario.name, size, sync, sync_calls, task_runs, floor_s,
                     floor_pair.calls(), writes.count, flow_s)  # fmt: skip
    return row, after


def run_size(size: int, args: argparse.Namespace, api_url: str, work: Path) -> list[dict[str, Any]]:
    """Every scenario at one size, on a fresh pair of emulator pairs."""
    logs = work / f"logs-{size}"
    logs.mkdir()
    with ExitStack() as stack:
        pairs = [
            stack.enter_context(
                emulators(size, args.latency_ms, args.concurrency, logs / f"emulators-{which}.log")
            )
            for which in ("sync", "floor")
        ]
        tenants = work / f"tenants-{size}"
        tenants.mkdir()
        # A tenant per size: the server remembers each tenant's head count, and a company of
        # 10 000 after one of 1 000 under the same name would trip the read guard (rightly).
        tenant = f"{TENANT}-{size}"
        tokens = write_tenant(tenants, tenant, pairs[0], tokens_of=TENANT)
        env = {
            **os.environ, "PREFECT_API_URL": api_url, "BENCH_TENANTS": str(tenants),
            "BENCH_TENANT": tenant, **tokens,
            # The sync's own Prefect home: its ledger (SQLite, local key) and log file.
            "PREFECT_HOME": str(work / f"client-{size}"),
            "BENCH_PROFILE": "1" if args.profile else "",
        }  # fmt: skip
        # The flow runs of earlier sizes too: a size's first scenario counts only its own run.
        seen = set(prefect_task_runs(api_url, set())[0])
        rows, payroll = [], _snapshot(pairs[0])
        for scenario in chosen(args.scenarios):
            row, payroll = run_scenario(scenario, size, (pairs[0], pairs[1]), env, seen, logs,
                                        payroll)  # fmt: skip
            rows.append(row)
            print(report.line(row), flush=True)
        return rows


def main() -> None:
    """Parse the options, run every size, write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--latency-ms", type=float, default=40)
    parser.add_argument("--concurrency", type=int, default=0, help="emulator cap (0: none)")
    parser.add_argument("--out", type=Path, default=report.RESULTS)
    parser.add_argument("--keep", action="store_true", help="keep the logs and databases")
    parser.add_argument("--profile", action="store_true", help="cProfile each sync (in logs)")
    parser.add_argument(
        "--scenarios", nargs="+", metavar="NAME", choices=[s.key for s in SCENARIOS],
        help="run only these (default: all); the resyncs expect initial to run first",
    )  # fmt: skip
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hrsync-bench-"))
    print(f"work folder (logs): {work}", flush=True)
    try:
        with prefect_server(work / "prefect") as (api_url, startup_s):
            print(f"Prefect server up in {startup_s:.1f} s", flush=True)
            rows = [row for size in args.sizes for row in run_size(size, args, api_url, work)]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    paths = report.write(args.out, rows, startup_s, vars(args))
    print("results:", *paths)


if __name__ == "__main__":
    main()
