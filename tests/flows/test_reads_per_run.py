"""What a flow run asks for: one payroll token exchange per run, no salaries for the absences."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.engine.connections import Transports, attached
from tasks.people.extract import people_read_once
from tests.absence_support import absences_by_leave, report_of, run_absences
from tests.support import LogMark, TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

PERIOD = (date(2026, 10, 1), date(2026, 11, 30))


def exchanges(tenant: TestTenant, since: LogMark) -> int:
    """How many times the tenant's persistent payroll token was exchanged since `since`."""
    return sum(1 for r in tenant.requests(since) if r.path == "/api/auth")


def paths(tenant: TestTenant, since: LogMark) -> list[str]:
    return [r.path for r in tenant.requests(since)]


def test_an_employee_sync_exchanges_the_payroll_token_once(tenant: TestTenant) -> None:
    tenant.seed_demo_data(size=8)
    mark = tenant.mark()

    first = tenant.employee_sync()

    assert first.is_completed()
    # The first run reads, confirms its creates by reading again, and writes: three tasks on
    # payroll, one exchange.
    assert tenant.posts(mark), "the first run wrote nothing: the count below would prove nothing"
    assert exchanges(tenant, mark) == 1
    again = tenant.mark()
    assert tenant.employee_sync().is_completed()
    assert exchanges(tenant, again) == 1


def test_an_absence_sync_exchanges_once_and_reads_no_compensation(tenant: TestTenant) -> None:
    tenant.seed_demo_data(size=15)
    assert tenant.employee_sync().is_completed()
    mark = tenant.mark()

    state = run_absences(tenant, *PERIOD)

    assert report_of(state).summary.failed == 0
    assert absences_by_leave(tenant), "no absence was written: the counts would prove nothing"
    assert exchanges(tenant, mark) == 1
    read = paths(tenant, mark)
    assert "/v1/employee" in read
    assert not [p for p in read if p.startswith("/v1/compensation")]


def test_both_syncs_in_one_block_read_alexis_employees_once(tenant: TestTenant) -> None:
    tenant.seed_demo_data(size=8)
    mark = tenant.mark()

    with people_read_once():
        assert tenant.employee_sync().is_completed()
        assert report_of(run_absences(tenant, *PERIOD)).summary.failed == 0

    assert paths(tenant, mark).count("/v1/employee") == 1
    assert paths(tenant, mark).count("/v1/employment") == 1
    # Outside the block each run reads for itself again.
    after = tenant.mark()
    assert tenant.employee_sync().is_completed()
    assert report_of(run_absences(tenant, *PERIOD)).summary.failed == 0
    assert paths(tenant, after).count("/v1/employee") == 2


def test_the_emulators_attach_in_process_without_a_socket(tenant: TestTenant) -> None:
    tenant.seed_demo_data(size=5)
    transports = Transports(
        alexis=tenant.emulators.alexis_transport(), payroll=tenant.emulators.payroll_transport()
    )
    mark = tenant.mark()

    with attached(transports):
        state = tenant.employee_sync()

    assert state.is_completed()
    assert len(tenant.payroll.employees()) == 5
    assert exchanges(tenant, mark) == 1
