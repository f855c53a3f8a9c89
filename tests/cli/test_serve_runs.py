"""`hrsync serve` as the data team runs it: one long-lived serve process, kept results on.

Two tenants whose AlexisHR companies are twins (same seeded data) are served by one `hrsync
serve` process against a real Prefect server and the emulators. Through the Prefect API, as
the UI does it: a manual run that fails on injected payroll write faults, the UI's Retry of it,
a manual run of the other tenant, four runs scheduled for the same moment (every tenant's
06:00), and four more manual runs — eleven flow-run executions in all. Every run must end
Completed (the faulted one Failed first), the retried tenant's payroll must equal its twin's
fault-free one, and the serve process must neither log a `SystemError` nor grow.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet
from prefect.settings import get_current_settings

from emulators.faults import FaultProfile, FaultRule
from emulators.runtime import Emulators, Endpoints
from emulators.seed.company import seed_company
from tests.scale.stack import Supervisor, tail
from tests.support import TestTenant

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

BIN = Path(sys.executable).parent
TWINS = ("servea", "serveb")  # tenant names only this test uses (the emulators are shared)
SIZE = 4  # employees per company: enough for every write path, small for a 2-core box
PAYROLL_WRITES_FAIL = FaultProfile(endpoints=(("POST /api/*", FaultRule(server_error=1.0)),))
TERMINAL = frozenset({"COMPLETED", "FAILED", "CRASHED", "CANCELLED"})
# Runs fail the test when none of them has changed state for this long. Each run is a new
# Python process importing Prefect and pandas: 5-10 s on an idle 2-core box, more than a minute
# when the box is shared and loaded, so the deadline is on progress, not on the whole wave.
STALL_SECONDS = 180.0
BUSY = frozenset({429, 502, 503})  # statuses Prefect's client retries
BUSY_SECONDS = 30.0
# The serve process only polls and starts run subprocesses: its memory must stay flat.
SERVE_GROWTH_MB = 40
# Payroll fields that are the emulator's own bookkeeping, not synced data.
PAYROLL_OWN = frozenset({"lastChanged", "created", "updated"})


class Api:
    """The Prefect REST calls the UI makes (plain HTTP: no client state in pytest)."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=30)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        """One call; a busy answer (the server's SQLite locked) is repeated for a while.

        Prefect's own client repeats these statuses too; the UI shows an error and the user
        clicks again.
        """
        deadline = time.monotonic() + BUSY_SECONDS
        response = self.http.request(method, path, json=body)
        while response.status_code in BUSY and time.monotonic() < deadline:
            time.sleep(0.5)
            response = self.http.request(method, path, json=body)
        response.raise_for_status()
        return response.json()

    def deployment_id(self, flow: str, tenant: str) -> str:
        found: str = self.call("GET", f"/deployments/name/{flow}/{tenant}")["id"]
        return found

    def run(self, flow: str, tenant: str, at: datetime | None = None) -> str:
        """A deployment run: now (the UI's Quick run), or scheduled for `at`."""
        body: dict[str, Any] = {}
        if at is not None:
            details = {"scheduled_time": at.isoformat()}
            body = {"state": {"type": "SCHEDULED", "state_details": details}}
        path = f"/deployments/{self.deployment_id(flow, tenant)}/create_flow_run"
        run_id: str = self.call("POST", path, body)["id"]
        return run_id

    def retry(self, run_id: str) -> None:
        """What the UI's Retry sends (see the Prefect notes, §5)."""
        state = {"type": "SCHEDULED", "name": "AwaitingRetry", "message": "Retry from the UI"}
        self.call("POST", f"/flow_runs/{run_id}/set_state", {"state": state, "force": True})

    def flow_run(self, run_id: str) -> dict[str, Any]:
        found: dict[str, Any] = self.call("GET", f"/flow_runs/{run_id}")
        return found

    def task_states(self, run_id: str) -> dict[str, list[str]]:
        """Task name → state names of its runs in the flow run (every attempt)."""
        body = {"flow_runs": {"id": {"any_": [run_id]}}}
        states: dict[str, list[str]] = {}
        for task in self.call("POST", "/task_runs/filter", body):
            states.setdefault(task["task_key"].split("-")[0], []).append(task["state_name"])
        return states


@dataclass
class Served:
    """The running stack: the API, the serve process and its log, the twin tenants."""

    api: Api
    serve: Any  # subprocess.Popen[bytes]
    log: Path
    twins: tuple[TestTenant, TestTenant]

    def wait_until(
        self,
        check: Callable[[], bool],
        what: str,
        seconds: float,
        progress: Callable[[], object] = lambda: None,
    ) -> None:
        """Poll `check` until it holds; fail with the serve log's tail after `seconds`.

        The deadline starts again whenever `progress()` changes.
        """
        deadline, seen = time.monotonic() + seconds, progress()
        while not check():
            if self.serve.poll() is not None:
                pytest.fail(f"hrsync serve exited while waiting for {what}\n{tail(self.log)}")
            if (now := progress()) != seen:
                deadline, seen = time.monotonic() + seconds, now
            if time.monotonic() > deadline:
                pytest.fail(f"{what}: no progress in {seconds:.0f} s\n{tail(self.log)}")
            time.sleep(0.5)

    def finish(self, run_ids: list[str], after_run_count: int = 1) -> list[dict[str, Any]]:
        """Wait until every run has ended (its `after_run_count`-th attempt); the runs."""

        def states() -> list[tuple[str, int]]:
            return [(r["state_name"], r["run_count"]) for r in map(self.api.flow_run, run_ids)]

        def ended() -> bool:
            runs = [self.api.flow_run(i) for i in run_ids]
            return all(
                r["state_type"] in TERMINAL and r["run_count"] >= after_run_count for r in runs
            )

        self.wait_until(ended, f"the end of {len(run_ids)} run(s)", STALL_SECONDS, states)
        return [self.api.flow_run(i) for i in run_ids]

    def rss_mb(self) -> float:
        """Resident memory of the serve process (Linux /proc)."""
        for line in Path(f"/proc/{self.serve.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise AssertionError("no VmRSS in /proc status")


def twin_tenant(
    name: str, emulators: Emulators, endpoints: Endpoints, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> TestTenant:  # fmt: skip
    """A tenant whose AlexisHR company holds the same seeded people as its twin's."""
    tenant = TestTenant.create(name, emulators, endpoints, tmp_path, monkeypatch)
    seed_company(tenant.alexis, size=SIZE, seed=11, domain="twins.example.no",
                 anchor=date.today(), defects=False)  # fmt: skip
    return tenant


@pytest.fixture
def served(
    prefect_harness: None,
    tmp_path: Path,
    emulators: Emulators,
    endpoints: Endpoints,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Served]:
    """`hrsync serve` of both twins with kept results on, against the session's Prefect server.

    The session's server is a real `prefect server` subprocess (the harness's); sharing it
    spares a second start-up, which alone takes a minute on a busy 2-core box.
    """
    twins = tuple(twin_tenant(n, emulators, endpoints, tmp_path, monkeypatch) for n in TWINS)
    folder = twins[0].tenants_dir
    supervisor = Supervisor(tmp_path)
    api_url = get_current_settings().api.url
    assert api_url, "the Prefect harness sets PREFECT_API_URL"
    env = {
        **os.environ,  # the twins' token variables
        "PREFECT_API_URL": api_url,
        "PREFECT_HOME": str(tmp_path / "serve-home"),
        "HRSYNC_RESULTS_KEY": Fernet.generate_key().decode(),
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",  # as `hrsync up` (2), quicker for a test
    }
    serve = supervisor.start("serve", [BIN / "hrsync", "serve", "--tenants-dir", folder], env)
    try:
        stack = Served(Api(api_url), serve, supervisor.log("serve"), (twins[0], twins[1]))
        stack.wait_until(lambda: served_deployments(stack.api) == 4, "4 deployments", 120)
        yield stack
    finally:
        supervisor.stop_all()


def served_deployments(api: Api) -> int:
    found = api.call("POST", "/deployments/filter", {"limit": 50})
    return sum(1 for d in found if d["name"] in TWINS)


def payroll_state(tenant: TestTenant) -> list[dict[str, Any]]:
    """Every employee with its employments, as payroll holds them, comparable between twins.

    An employment's id in payroll is its AlexisHR id, which differs between the twins: it is
    replaced by the employment's place in its own company's AlexisHR list (an id that is no
    AlexisHR employment of the tenant stays as it is, and then differs).
    """
    places = {
        e["id"]: f"alexis-employment-{n}" for n, e in enumerate(tenant.alexis.all("employment"))
    }

    def synced(record: dict[str, Any]) -> dict[str, Any]:
        kept = {k: v for k, v in record.items() if k not in PAYROLL_OWN}
        if "employment_id" in kept:
            kept["employment_id"] = places.get(kept["employment_id"], kept["employment_id"])
        return kept

    return [
        {**synced(e), "employments": [synced(m) for m in tenant.payroll.employments(e["empId"])]}
        for e in tenant.payroll.employees()
    ]


def differences(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> list[str]:
    """`empId field: got != want` for every field where two payroll states differ."""
    if [e["empId"] for e in got] != [e["empId"] for e in want]:
        return [f"employees {[e['empId'] for e in got]} != {[e['empId'] for e in want]}"]
    return [
        f"{g['empId']} {key}: {g.get(key)!r} != {w.get(key)!r}"
        for g, w in zip(got, want, strict=True)
        for key in sorted(set(g) | set(w))
        if g.get(key) != w.get(key)
    ]


def test_serve_runs_retries_and_simultaneous_runs_all_complete(served: Served) -> None:
    api, (a, b) = served.api, served.twins
    started = time.monotonic()

    def lap(what: str) -> None:
        print(f"{time.monotonic() - started:6.1f} s  {what}")

    # A manual run of A while every payroll write fails: Failed, nothing written.
    a.emulators.set_faults(PAYROLL_WRITES_FAIL)
    faulted = api.run("employee-sync", a.name)
    (first,) = served.finish([faulted])
    a.emulators.set_faults(FaultProfile())
    assert first["state_type"] == "FAILED", first["state"]
    assert "write(s) failed" in first["state"]["message"]
    assert a.payroll.employees() == []
    lap("the faulted run failed")
    requests_before = len(a.requests())  # A's AlexisHR and payroll requests so far

    # The UI's Retry of it, and a manual run of the other tenant meanwhile.
    api.retry(faulted)
    other = api.run("employee-sync", b.name)
    (retried,) = served.finish([faulted], after_run_count=2)
    (b_first,) = served.finish([other])
    assert retried["state_type"] == "COMPLETED", retried["state"]
    assert b_first["state_type"] == "COMPLETED", b_first["state"]
    states = api.task_states(faulted)
    assert "Cached" in states["extract_hr"], f"the retry read AlexisHR again: {states}"
    assert len(a.requests()) > requests_before, "the retry must re-read payroll and write"
    expected = payroll_state(b)
    assert len(expected) == SIZE
    assert not differences(payroll_state(a), expected), (
        "the retry did not reach the fault-free state"
    )
    memory_before = served.rss_mb()
    lap("the retry and the other tenant's run completed")

    # Every deployment scheduled for the same moment (each tenant's 06:00), then manual runs.
    moment = datetime.now(UTC) + timedelta(seconds=4)
    flows = ("employee-sync", "absence-sync")
    scheduled = [api.run(flow, t.name, at=moment) for flow in flows for t in (a, b)]
    manual = [api.run(flow, t.name) for flow in reversed(flows) for t in (a, b)]
    runs = served.finish(scheduled + manual)
    lap("4 simultaneous scheduled and 4 manual runs ended")

    ended = {(r["name"], r["state_type"], r["state"]["message"]) for r in runs}
    assert all(r["state_type"] == "COMPLETED" for r in runs), ended
    starts = [datetime.fromisoformat(r["expected_start_time"]) for r in runs[:4]]
    assert set(starts) == {moment}, "the scheduled runs were not all due at one moment"
    assert not differences(payroll_state(a), expected), "a later run changed A's payroll"
    assert not differences(payroll_state(b), expected), "a later run changed B's payroll"
    assert len(a.payroll.absences()) == len(b.payroll.absences())
    log = served.log.read_text(errors="replace")
    assert "SystemError" not in log and "recursion depth mismatch" not in log, tail(served.log)
    growth = served.rss_mb() - memory_before
    lap(f"hrsync serve: {memory_before:.0f} MB after 3 runs, {growth:+.0f} MB after 8 more")
    assert growth < SERVE_GROWTH_MB, f"hrsync serve grew {growth:.0f} MB over 8 runs"
