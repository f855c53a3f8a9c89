"""Many tenants: one `hrsync serve` process, shared rate limits, every tenant's sync at once.

    .venv/bin/python -m bench.many_tenants --tenants 50 --size 200 --payroll-rate 100

A Prefect server (SQLite), the emulators in their own process with a company per tenant (40 ms
per request), `hrsync bootstrap` (the shared rate limits) and `hrsync serve` with
`HRSYNC_RATE_LIMITS=on`. Per scenario every tenant's employee sync is started at once through
the API; the floor is the calls made at the rate limit that binds: max(AlexisHR calls / its rate,
payroll calls / its rate). Finish times per tenant tell whether any starved.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterTags,
    FlowRunFilter,
    FlowRunFilterId,
)
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.exceptions import PrefectHTTPStatusError

from bench.report import RESULTS, machine, show_in_readme
from bench.stack import BIN, REPO, Emulators, emulators, prefect_server, write_tenant
from cli.prefect_api import stop
from schemas.kinds import SyncKind

TERMINAL = {StateType.COMPLETED, StateType.FAILED, StateType.CRASHED, StateType.CANCELLED}
SCENARIOS = ("initial", "no change")


class Api:
    """The Prefect calls the benchmark makes (Prefect's client: it retries a busy server's 503)."""

    def __init__(self, client: SyncPrefectClient) -> None:
        self.client = client

    def employee_deployments(self) -> list[UUID]:
        """The ids of the employee-sync deployments served."""
        tagged = DeploymentFilter(tags=DeploymentFilterTags(all_=[SyncKind.employees.tag]))
        return [d.id for d in self.client.read_deployments(deployment_filter=tagged)]

    def start(self, deployment: UUID) -> UUID:
        """Create a run of the deployment, to start now; its id.

        Asked again when the server is busy past its client's own retries (SQLite under fifty
        runs answered 503 to one of fifty creates).
        """
        for attempt in range(5):
            try:
                return self.client.create_flow_run_from_deployment(deployment).id
            except PrefectHTTPStatusError as error:
                if error.response.status_code != 503 or attempt == 4:
                    raise
            time.sleep(2 * (attempt + 1))
        raise AssertionError("unreachable")

    def runs(self, ids: list[UUID]) -> list[FlowRun]:
        """The flow runs with these ids."""
        chosen = FlowRunFilter(id=FlowRunFilterId(any_=ids))
        return self.client.read_flow_runs(flow_run_filter=chosen, limit=len(ids))


def wait_for(check: Any, what: str, seconds: float, log: Path) -> None:
    """Poll `check()` every second until true; fail naming `what` and the log."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} not within {seconds:.0f} s: see {log}")
        time.sleep(1)


def run_all(api: Api, deployments: list[UUID]) -> tuple[float, list[Finished]]:
    """Start one run per deployment at once; wall seconds until the last ended, and the runs."""
    started = datetime.now(UTC)
    ids = [api.start(d) for d in deployments]
    runs = api.runs(ids)
    while not all(r.state_type in TERMINAL for r in runs):
        time.sleep(1)
        runs = api.runs(ids)
    finished = [
        Finished(
            r.state_type.value if r.state_type else "unknown",
            ((r.end_time or started) - started).total_seconds(),
            r.total_run_time.total_seconds(),
        )
        for r in runs
    ]
    return max(f.finished_s for f in finished), finished


@dataclass(frozen=True)
class Finished:
    """One tenant's run: its end state, when it ended (from the start of all) and its run time."""

    state: str
    finished_s: float
    run_s: float


def spread(values: list[float]) -> dict[str, float]:
    """First, median and last of some seconds."""
    return {
        "first": round(min(values), 1),
        "median": round(statistics.median(values), 1),
        "last": round(max(values), 1),
    }


def scenario_row(
    name: str, args: argparse.Namespace, wall: float, runs: list[Finished],
    calls: dict[str, int],
) -> dict[str, Any]:  # fmt: skip
    """One scenario's figures: wall, floor, ratio, the finish spread."""
    alexis = sum(n for c, n in calls.items() if "/v1/" in c)
    payroll = sum(calls.values()) - alexis
    floor_s = max(alexis / args.alexis_rate, payroll / args.payroll_rate)
    states = Counter(r.state for r in runs)
    return {
        "scenario": name, "tenants": args.tenants, "employees_each": args.size,
        "wall_s": round(wall, 1), "alexis_calls": alexis, "payroll_calls": payroll,
        "floor_s": round(floor_s, 1), "ratio": round(wall / floor_s, 2) if floor_s else None,
        "finished_s": spread([r.finished_s for r in runs]),
        "run_s": spread([r.run_s for r in runs]), "states": dict(states),
    }  # fmt: skip


def serve(env: dict[str, str], tenants: Path, limit: int, log: Path) -> subprocess.Popen[bytes]:
    """`hrsync bootstrap`, then `hrsync serve` in the background."""
    hrsync, folder = str(BIN / "hrsync"), ["--tenants-dir", str(tenants)]
    rates = ["--alexis-rate", env["BENCH_ALEXIS_RATE"], "--payroll-rate", env["BENCH_PAYROLL_RATE"]]
    with log.open("ab") as out:
        options: dict[str, Any] = {"env": env, "cwd": REPO, "stdout": out, "stderr": out}
        subprocess.run([hrsync, "bootstrap", *rates, *folder], check=True, **options)
        return subprocess.Popen([hrsync, "serve", *folder, "--limit", str(limit)], **options)


def run(args: argparse.Namespace, work: Path) -> tuple[list[dict[str, Any]], float]:
    """Start the stack, run every scenario; the rows and the server's start-up seconds."""
    names = [f"many-{n:02d}" for n in range(args.tenants)]
    with prefect_server(work / "prefect") as (api_url, startup_s):
        with emulators(args.size, args.latency_ms, 0, work / "emulators.log", names) as pair:
            tenants_dir = work / "tenants"
            tenants_dir.mkdir()
            tokens = {k: v for n in names for k, v in write_tenant(tenants_dir, n, pair).items()}
            env = {
                **os.environ, **tokens, "PREFECT_API_URL": api_url, "HRSYNC_RATE_LIMITS": "on",
                "PREFECT_HOME": str(work / "client"), "BENCH_ALEXIS_RATE": str(args.alexis_rate),
                "BENCH_PAYROLL_RATE": str(args.payroll_rate),
            }  # fmt: skip
            log = work / "serve.log"
            served = serve(env, tenants_dir, args.limit, log)
            try:
                with SyncPrefectClient(api_url) as client:
                    return scenarios(Api(client), pair, args, log), startup_s
            finally:
                stop(served)


def scenarios(
    api: Api, pair: Emulators, args: argparse.Namespace, log: Path
) -> list[dict[str, Any]]:
    """Every scenario, one after the other, all tenants at once in each."""
    wait_for(lambda: len(api.employee_deployments()) == args.tenants, "serve", 300, log)
    deployments = api.employee_deployments()
    rows = []
    for name in SCENARIOS:
        pair.calls(reset=True)
        wall, runs = run_all(api, deployments)
        rows.append(scenario_row(name, args, wall, runs, pair.calls()))
        print(json.dumps(rows[-1]), flush=True)
    return rows


def write(
    out: Path, rows: list[dict[str, Any]], startup_s: float, args: argparse.Namespace
) -> Path:
    """`<out>/tenants-<stamp>.json` and `.md`; the Markdown's path."""
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    m, options = machine(), {k: str(v) for k, v in vars(args).items()}
    data = {"machine": m, "prefect_server_startup_s": round(startup_s, 1), "options": options}
    (out / f"tenants-{stamp}.json").write_text(json.dumps({**data, "rows": rows}, indent=2) + "\n")
    head = ("| scenario | tenants × employees | wall s | AlexisHR calls | payroll calls "
            "| floor s | wall/floor | finished s (first/median/last) "
            "| run s (first/median/last) | states |\n|" + "---|" * 10)  # fmt: skip
    lines = [
        f"| {r['scenario']} | {r['tenants']} × {r['employees_each']} | {r['wall_s']} "
        f"| {r['alexis_calls']} | {r['payroll_calls']} | {r['floor_s']} | {r['ratio']} "
        f"| {'/'.join(str(v) for v in r['finished_s'].values())} "
        f"| {'/'.join(str(v) for v in r['run_s'].values())} | {r['states']} |"
        for r in rows
    ]
    text = (
        f"Many-tenants benchmark {stamp}: one `hrsync serve` (limit {args.limit}), rate limits "
        f"AlexisHR {args.alexis_rate}/s, payroll {args.payroll_rate}/s, {args.latency_ms} ms per "
        f"request; {m['cores']} cores, {m['cpu']}; Prefect {m['prefect']}.\n\n"
        + "\n".join([head, *lines]) + "\n"
    )  # fmt: skip
    markdown = out / f"tenants-{stamp}.md"
    markdown.write_text(text)
    if out.resolve() == RESULTS.resolve():
        show_in_readme("tenants", text)
    return markdown


def main() -> None:
    """Parse the options, run, write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=50)
    parser.add_argument("--size", type=int, default=200, help="employees per tenant")
    parser.add_argument("--alexis-rate", type=float, default=50)
    parser.add_argument("--payroll-rate", type=float, default=100)
    parser.add_argument("--limit", type=int, default=8, help="flow runs at once in serve")
    parser.add_argument("--latency-ms", type=float, default=40)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--keep", action="store_true", help="keep the logs and databases")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hrsync-tenants-"))
    print(f"work folder (logs): {work}", flush=True)
    try:
        rows, startup_s = run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("results:", write(args.out, rows, startup_s, args))


if __name__ == "__main__":
    main()
