"""A payroll access token that expires in the middle of a long load is exchanged afresh."""

from __future__ import annotations

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
# Every write waits 0.4 s in the server's queue before its token is checked: each load lasts
# longer than a token lives, and a token sent with under 0.4 s left has expired when looked at.
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


@pytest.fixture
def short_lived() -> Iterator[tuple[Emulators, Endpoints]]:
    """Emulators of this test alone, whose payroll access tokens live one second."""
    emulators = Emulators(faults=QUEUED_WRITES, token_lifetime=LIFETIME)
    with emulators.serve() as endpoints:
        yield emulators, endpoints


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
    assert refused > 0, "no token expired in flight: the 401 path went untested"
    assert all(r.status in (200, 401) for r in writes)
    assert len(tenant.payroll.employees()) == 12
    assert len(tenant.payroll.absences()) == len(
        [r for r in writes if r.path == "/api/absence/v2" and r.status == 200]
    )
    assert twins(tenant.payroll) == []
