"""Under faults on both sides, and answers lost after commit, re-runs end in the fault-free state.

Each test syncs a seeded tenant fault-free (the reference), then a twin reading the same
AlexisHR company under faults, and compares every field of both payroll companies.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from emulators.faults import FAULT_KINDS, FaultProfile, FaultRule
from emulators.payroll import PayrollCompany
from emulators.runtime import Emulators, Endpoints
from tests.absence_support import run_absences
from tests.convergence_support import (
    PERIOD,
    Scripted,
    WithFirsts,
    payroll_state,
    retries_after_429,
    seeded_pair,
    sync_both,
    twins,
    until_completed,
)
from tests.support import TestTenant

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.slow]

# The twin's payroll client gives up on an answer after 2 s; a late answer comes after 3 s.
TIMEOUT = "timeout_seconds = 2.0\n"
LOST = FaultRule(lost_response=1.0)
LATE = FaultRule(late_response=1.0, late_seconds=3.0)
WRITE_PATHS = {
    "employee create": "POST /api/employee/v2",
    "employee update": "POST /api/employee/v2/*",
    "employment upsert": "POST /api/employment/v2/*",
    "absence upsert": "POST /api/absence/v2",
    "child registration": "POST /api/child/v2",
}


def lose_first_answers() -> Scripted:
    """Every write path's first answer is lost, its second late; the rest are served."""
    return Scripted(pattern="POST /api/*", script=(LOST, LATE))


def met_by_path(injected: Counter[tuple[str, str]]) -> dict[str, Counter[str]]:
    """Fault kind counts per write path (the keys of WRITE_PATHS)."""
    met: dict[str, Counter[str]] = {name: Counter() for name in WRITE_PATHS}
    for (kind, endpoint), count in injected.items():
        for name, pattern in WRITE_PATHS.items():
            if fnmatch.fnmatchcase(endpoint, pattern):
                met[name][kind] += count
    return met


def make_stale(company: PayrollCompany) -> None:
    """Change two employees and two absences in payroll by hand: the next runs update them."""
    for employee in company.employees()[:2]:
        company.update_employee(employee["empId"], {"lastname": "Stale"})
    plain = [
        a
        for a in company.absences()
        if a["externalId"] and not a["childId"] and not a["numberOfDays"]
        and a["startDate"] != a["endDate"]
    ][:2]  # fmt: skip
    assert len(plain) == 2
    for absence in plain:
        company.put_absence({"serialNo": absence["serialNo"], "empId": absence["empId"],
                             "endDate": absence["startDate"][:10]})  # fmt: skip


def reference_state(reference: TestTenant) -> dict[str, Any]:
    """The payroll state a fault-free run of both syncs leaves."""
    assert all(state.is_completed() for state in sync_both(reference))
    expected = payroll_state(reference.payroll)
    assert expected["absences"] and sum(map(len, expected["children"].values())) == 3
    return expected


def test_every_write_path_converges_when_answers_are_lost_after_commit(
    emulators: Emulators, endpoints: Endpoints, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference, twin = seeded_pair("lost", emulators, endpoints, tmp_path, monkeypatch, TIMEOUT)
    expected = reference_state(reference)
    injector = emulators.payroll_faults
    start = Counter(injector.injected_at)

    emulators.set_faults(lose_first_answers())  # creates: the twin's payroll starts empty
    employees = until_completed(twin.employee_sync, at_most=2)
    absences = until_completed(lambda: run_absences(twin, *PERIOD), at_most=3)
    creates = Counter(injector.injected_at) - start
    emulators.set_faults(FaultProfile())
    make_stale(twin.payroll)
    emulators.set_faults(lose_first_answers())  # updates of what was made stale
    updated = (
        until_completed(twin.employee_sync, at_most=2),
        until_completed(lambda: run_absences(twin, *PERIOD), at_most=2),
    )
    emulators.set_faults(FaultProfile())

    met = met_by_path(Counter(injector.injected_at) - start)
    for name, kinds in met.items():
        print(f"{name}: {dict(kinds)} injected, all survived")
    assert employees.completed and len(employees.states) == 1  # idempotent: retried in-run
    # A create whose answer was lost is not sent again blind: the run fails naming it, and the
    # next run, reading payroll, finds it there.
    assert absences.completed and absences.states[0].is_failed()
    message = absences.states[0].message or ""
    assert "child" in message and "absence" in message, message
    assert all(runs.completed and len(runs.states) == 1 for runs in updated)
    assert payroll_state(twin.payroll) == expected
    assert twins(twin.payroll) == []
    assert all(kinds["lost_response"] and kinds["late_response"] for kinds in met.values()), met
    absence_creates = met_by_path(creates)["absence upsert"]
    assert sum(met["absence upsert"].values()) > sum(absence_creates.values())  # updates too


ROUGH = FaultRule(
    rate_limited=0.06,
    unavailable=0.04,
    server_error=0.04,
    dropped=0.03,
    slow=0.04,
    lost_response=0.05,
    late_response=0.03,
    retry_after_seconds=1,
    slow_seconds=0.3,
    late_seconds=3.0,
)


# The first requests of a few endpoints meet each kind once, so every kind is injected
# whatever the seed makes of the rest; all of these requests are safe to repeat.
FIRSTS = (
    ("GET /v1/*", (FaultRule(rate_limited=1.0, retry_after_seconds=1),)),
    ("GET /api/employee/v2", (FaultRule(unavailable=1.0),)),
    ("POST /api/employee/v2", (FaultRule(server_error=1.0), FaultRule(dropped=1.0))),
    ("POST /api/employment/v2/*", (FaultRule(slow=1.0, slow_seconds=0.3), LOST, LATE)),
)


def rough(seed: int, *stubborn: tuple[str, FaultRule]) -> FaultProfile:
    """About one request in four meets a fault, on both sides; `stubborn` endpoints always."""
    return WithFirsts(seed=seed, default=ROUGH, endpoints=stubborn, firsts=FIRSTS)


def test_a_full_sync_under_faults_on_both_sides_ends_in_the_fault_free_state(
    emulators: Emulators, endpoints: Endpoints, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference, twin = seeded_pair("rough", emulators, endpoints, tmp_path, monkeypatch, TIMEOUT)
    expected = reference_state(reference)
    number = expected["employees"][3]["empId"]
    mark, before = twin.mark(), emulators.faults_injected()

    # A write that keeps failing exhausts its retry budget: the run fails naming it.
    busy = (f"POST /api/employment/v2/{number}", FaultRule(unavailable=1.0))
    emulators.set_faults(rough(11, busy))
    exhausted = twin.employee_sync()
    emulators.set_faults(rough(11))
    employees = until_completed(twin.employee_sync, at_most=6)
    limited = ("POST /api/child/v2", FaultRule(rate_limited=1.0, retry_after_seconds=1))
    emulators.set_faults(rough(12, limited))
    exhausted_absences = run_absences(twin, *PERIOD)
    emulators.set_faults(rough(12))
    absences = until_completed(lambda: run_absences(twin, *PERIOD), at_most=6)
    emulators.set_faults(FaultProfile())

    injected = emulators.faults_injected() - before
    runs = 2 + len(employees.states) + len(absences.states)
    print(f"faults injected over {runs} runs, all survived: {dict(sorted(injected.items()))}")
    assert exhausted.is_failed() and f"employee {number} employment" in (exhausted.message or "")
    assert exhausted_absences.is_failed() and "child" in (exhausted_absences.message or "")
    assert employees.completed and absences.completed
    assert payroll_state(twin.payroll) == expected
    assert twins(twin.payroll) == []
    assert set(injected) == set(FAULT_KINDS) and min(injected.values()) > 0, injected
    waits = retries_after_429(twin.requests(mark))
    assert len(waits) >= 10, waits  # the child's five 429s and the random ones
    early = [(r.method, r.path, wait) for r, wait in waits if wait < 0.98]
    assert not early, f"retried before Retry-After (1 s): {early}"
