"""An open payroll run near its payment date holds risky changes below every threshold."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from emulators.runtime import Emulators, Endpoints
from tests.approval_support import answering, sync_with_approval
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

SETTINGS = """
[approval]
timeout_seconds = 60
poll_seconds = 1

[brake]
enabled = false

[calendar]
hold_days_before_payment = 5
"""


@pytest.fixture
def near_tenant(
    tenant: TestTenant,
    emulators: Emulators,
    endpoints: Endpoints,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> TestTenant:
    """A tenant holding near payment, with two synced employees (salary 50 000)."""
    near = TestTenant.create(
        f"{tenant.name}-pay", emulators, endpoints, tmp_path, monkeypatch, safety=SETTINGS
    )
    for number in (1, 2):
        near.add_employee(number)
    assert near.employee_sync().is_completed()
    return near


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Oslo")).date()


def set_salary(tenant: TestTenant, number: str, amount: int) -> None:
    employee = next(e for e in tenant.alexis.all("employee") if e["employeeNumber"] == number)
    row = next(c for c in tenant.alexis.all("compensation") if c["employeeId"] == employee["id"])
    tenant.alexis.update("compensation", row["id"], {"amount": amount})


def open_run_paid_in(tenant: TestTenant, days: int) -> int:
    start = today().replace(day=1)
    return tenant.payroll.add_payroll_run(
        start, start + timedelta(days=27), today() + timedelta(days=days)
    )


def test_a_small_salary_change_waits_while_a_run_is_open_near_payment(
    near_tenant: TestTenant,
) -> None:
    run_id = open_run_paid_in(near_tenant, 3)
    set_salary(near_tenant, "1", 50500)  # +1 %: far below the 10 % threshold

    state, pause = sync_with_approval(near_tenant, answering({"decision": "approve all"}))

    assert [line.rsplit(" · ", 1)[1] for line in pause.held] == ["salary: (changed, +1.0 %)"]
    assert state.is_completed()
    assert near_tenant.payroll.employee("1")["salary"] == "50500.00"
    notes = " ".join(state.result().notes)
    assert f"payroll run {run_id}" in notes and "near its payment date" in notes


def test_the_same_change_goes_through_when_payment_is_further_away(
    near_tenant: TestTenant,
) -> None:
    open_run_paid_in(near_tenant, 6)  # one day beyond the five
    set_salary(near_tenant, "1", 50500)

    state = near_tenant.employee_sync()

    assert state.is_completed()
    assert near_tenant.payroll.employee("1")["salary"] == "50500.00"
    assert not [n for n in state.result().notes if "near its payment date" in n]


def test_a_locked_run_near_payment_holds_nothing(near_tenant: TestTenant) -> None:
    run_id = open_run_paid_in(near_tenant, 3)
    near_tenant.payroll.lock_payroll_run(run_id)
    set_salary(near_tenant, "1", 50500)

    state = near_tenant.employee_sync()

    assert state.is_completed()
    assert near_tenant.payroll.employee("1")["salary"] == "50500.00"
