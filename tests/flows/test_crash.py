"""A sync killed (SIGKILL) at random moments of its load, and re-run, ends in the expected state.

The emulators are served by this test process, so the payroll state outlives every kill; each
sync runs as its own process (`python -c`, against this session's Prefect server), which the
test kills once the emulator has seen a seeded number of its writes.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from prefect.settings import PREFECT_API_URL

from emulators.runtime import Emulators, Endpoints
from tests.convergence_support import PERIOD, payroll_state, seeded_pair, sync_both, twins
from tests.support import LogMark, TestTenant

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.slow]

# The seeded kills: in which sync's writes, then how many of them happen first.
KILLS = ("employees", "employees", "absences", "absences")
WRITES = {
    "employees": ("/api/employee", "/api/employment"),
    "absences": ("/api/absence", "/api/child"),
}
# Both syncs in one process, as a nightly job runs them: one start-up (imports) per run.
SYNC = """\
import asyncio, sys
from datetime import date

from flows.absence_sync import absence_sync
from flows.employee_sync import employee_sync

tenant, folder, start, end = sys.argv[1:]
period = dict(period_from=date.fromisoformat(start), period_to=date.fromisoformat(end))
employees = asyncio.run(employee_sync(tenant, tenants_dir=folder, return_state=True))
absences = asyncio.run(absence_sync(tenant, tenants_dir=folder, return_state=True, **period))
sys.exit(0 if employees.is_completed() and absences.is_completed() else 1)
"""


@dataclass
class SyncProcess:
    """A `python -c` run of both syncs of a tenant, its output in a file."""

    tenant: TestTenant
    output: Path

    def start(self) -> subprocess.Popen[bytes]:
        """Start the syncs against this session's Prefect server and the served emulators."""
        env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value())}
        args = [self.tenant.name, str(self.tenant.tenants_dir), *map(str, PERIOD)]
        with self.output.open("ab") as out:
            return subprocess.Popen(
                [sys.executable, "-c", SYNC, *args],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=Path(__file__).parents[2],
            )

    def writes(self, since: LogMark, kind: str) -> int:
        """How many writes of one sync payroll has received since `since`."""
        paths = WRITES[kind]
        return sum(1 for r in self.tenant.requests(since)
                   if r.method == "POST" and r.path.startswith(paths))  # fmt: skip


def wait_for(condition: Callable[[], bool], deadline_s: float, what: str) -> None:
    """Poll `condition` until it holds; fail the test naming `what` at the deadline."""
    deadline = time.monotonic() + deadline_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


def kill_after_writes(
    sync: SyncProcess, kind: str, writes: int, emulators: Emulators
) -> tuple[bool, int]:
    """Run the syncs and SIGKILL them once payroll has received `writes` writes of `kind`.

    Returns whether the process was killed (False: it finished first) and the writes of
    `kind` it made. Waits until the payroll emulator has finished every request the dead
    process left in flight, as a real server would before the next run reads it.
    """
    mark = sync.tenant.mark()
    process = sync.start()

    def enough() -> bool:
        return process.poll() is not None or sync.writes(mark, kind) >= writes

    wait_for(enough, 150, f"{writes} writes of the {kind} sync")
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    wait_for(lambda: emulators.payroll_app.in_flight == 0, 10, "in-flight writes to finish")
    return killed, sync.writes(mark, kind)


def missing(expected: dict[str, Any], company_state: dict[str, Any], kind: str) -> int:
    """How many records the twin still lacks (the writes a re-run has left to make)."""
    if kind == "employees":
        have = {e["empId"] for e in company_state["employees"]}
        lacking = [e for e in expected["employees"] if e["empId"] not in have]
        employments = sum(len(v) for v in expected["employments"].values()) - sum(
            len(v) for v in company_state["employments"].values()
        )
        return len(lacking) + employments
    children = sum(map(len, expected["children"].values())) - sum(
        map(len, company_state["children"].values())
    )
    return len(expected["absences"]) - len(company_state["absences"]) + children


def crash_and_rerun(
    sync: SyncProcess, expected: dict[str, Any], emulators: Emulators, rng: random.Random
) -> list[str]:
    """Kill the syncs at seeded moments of their loads, then let a last run finish."""
    notes = []
    for kind in KILLS:
        left = missing(expected, payroll_state(sync.tenant.payroll), kind)
        if left <= 1:
            continue
        at = rng.randint(1, left - 1)
        killed, wrote = kill_after_writes(sync, kind, at, emulators)
        outcome = "killed" if killed else "finished"
        notes.append(f"{outcome} after {wrote} {kind} write(s) (aimed at {at})")
    process = sync.start()
    assert process.wait(timeout=180) == 0, sync.output.read_text()[-3000:]
    notes.append("the last run completed")
    return notes


def test_a_sync_killed_during_its_load_converges_on_re_run(
    emulators: Emulators,
    endpoints: Endpoints,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed = 23
    reference, twin = seeded_pair("crash", emulators, endpoints, tmp_path, monkeypatch)
    assert all(state.is_completed() for state in sync_both(reference))
    expected = payroll_state(reference.payroll)
    rng = random.Random(seed)
    start = twin.mark()

    notes = crash_and_rerun(SyncProcess(twin, tmp_path / "sync.log"), expected, emulators, rng)

    print(f"seed {seed}: {notes}; {len(twin.posts(start))} writes in all")
    for kind in ("employees", "absences"):
        kills = [n for n in notes if n.startswith("killed") and f" {kind} " in n]
        assert len(kills) >= 2, notes  # the kills really happened, in both syncs
    assert payroll_state(twin.payroll) == expected
    assert twins(twin.payroll) == []
