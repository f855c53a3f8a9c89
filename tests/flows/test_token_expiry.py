"""A payroll access token that expires in the middle of a long load is exchanged afresh.

Two ways: the client renews a short-lived token before its announced expiry, and a token the
server stops accepting early (its clock ahead, a revocation) meets a 401 in flight and the
request is resent with a new one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from emulators.faults import FaultProfile, FaultRule
from emulators.runtime import Emulators, Endpoints
from emulators.server import RecordedRequest
from tests.absence_support import run_absences
from tests.convergence_support import PERIOD, add_sick_children, twins
from tests.support import TestTenant

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.slow]

LIFETIME = timedelta(seconds=1)
# Every write waits 0.4 s in the server's queue before its token is checked, so each load
# lasts longer than a token lives.
QUEUED_WRITES = FaultProfile(endpoints=(("POST /api/*", FaultRule(slow=1.0, slow_seconds=0.4)),))
EMPLOYEE_WRITES, ABSENCE_WRITES = (
    ("/api/employee", "/api/employment"),
    ("/api/absence", "/api/child"),
)


def renewals_during(log: list[RecordedRequest], paths: tuple[str, ...]) -> int:
    """Token exchanges between the first and the last write to `paths` (one load task)."""
    writes = [r for r in log if r.method == "POST" and r.path.startswith(paths)]
    first, last = writes[0].received_at, writes[-1].received_at
    return sum(1 for r in log if r.path == "/api/auth" and first < r.received_at < last)


# After this many accepted writes the server refuses every access token it issued: once in
# the employee load (about 25 writes), once in the absence load.
EXPIRE_AT = (6, 31)


@pytest.fixture
def early_expiry(short_lived: tuple[Emulators, Endpoints]) -> Iterator[None]:
    """The server drops all its access tokens early, at the EXPIRE_AT accepted writes."""
    emulators, _ = short_lived
    done = threading.Event()

    def watch() -> None:
        pending = list(EXPIRE_AT)
        while pending and not done.is_set():
            log = emulators.payroll_app.requests
            if sum(1 for r in log if r.method == "POST" and r.status == 200) >= pending[0]:
                pending.pop(0)
                emulators.payroll.expire_access_tokens()
            time.sleep(0.002)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    yield
    done.set()
    watcher.join(timeout=5)


@pytest.fixture
def short_lived() -> Iterator[tuple[Emulators, Endpoints]]:
    """Emulators of this test alone, whose payroll access tokens live one second."""
    emulators = Emulators(faults=QUEUED_WRITES, token_lifetime=LIFETIME)
    with emulators.serve() as endpoints:
        yield emulators, endpoints


@pytest.mark.usefixtures("early_expiry")
def test_token_expiry_during_the_load_is_a_fresh_exchange_not_a_failure(
    short_lived: tuple[Emulators, Endpoints], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulators, endpoints = short_lived
    tenant = TestTenant.create("expiry", emulators, endpoints, tmp_path, monkeypatch)
    tenant.seed_demo_data(size=12)
    add_sick_children(tenant)

    employees = tenant.employee_sync()
    absences = run_absences(tenant, *PERIOD)

    assert employees.is_completed() and absences.is_completed()
    log = emulators.payroll_app.requests  # this tenant's alone (its tokens have expired)
    writes = [r for r in log if r.method == "POST"]
    renewed = renewals_during(log, EMPLOYEE_WRITES), renewals_during(log, ABSENCE_WRITES)
    refused = sum(1 for r in writes if r.status == 401)
    print(f"{len(writes)} writes; token renewed {renewed} times in the two loads; {refused} 401s")
    assert min(renewed) >= 1, "the token was not renewed while writing"
    assert refused >= 2, "no token expired in flight: the 401 path went untested"
    assert all(r.status in (200, 401) for r in writes)
    assert len(tenant.payroll.employees()) == 12
    assert len(tenant.payroll.absences()) == len(
        [r for r in writes if r.path == "/api/absence/v2" and r.status == 200]
    )
    assert twins(tenant.payroll) == []
