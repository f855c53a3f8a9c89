"""Incremental employee sync through the real flow: payroll calls only for changed employees."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from emulators.faults import FaultProfile, FaultRule
from tests.support import LogMark, TestTenant, valid_kontonummer

pytestmark = pytest.mark.usefixtures("prefect_harness", "ledger_file")
HAND_TYPED = valid_kontonummer(251)
EMPLOYMENT_READ = re.compile(r"^/api/employment/v2/(\d+)$")
TRAILING_ID = re.compile(r"/\d+$")


def payroll_state(tenant: TestTenant) -> dict[str, Any]:
    """Payroll as a person would compare it: every employee and their employments.

    Employment ids are AlexisHR's (they differ between two companies), so employments are
    compared without them, in start-date order.
    """
    state: dict[str, Any] = {}
    for employee in tenant.payroll.employees():
        jobs = [
            {k: v for k, v in job.items() if k not in {"employment_id", "id"}}
            for job in tenant.payroll.employments(employee["empId"])
        ]
        state[employee["empId"]] = (employee, sorted(jobs, key=lambda j: str(j["startdate"])))
    return state


def employment_reads(tenant: TestTenant, since: LogMark) -> set[str]:
    """The employees whose employments payroll was asked for after `since`."""
    found = (EMPLOYMENT_READ.match(r.path) for r in tenant.requests(since) if r.method == "GET")
    return {m.group(1) for m in found if m}


def written_employees(tenant: TestTenant, since: LogMark) -> set[str]:
    """The employees written to payroll after `since` (employee or employment POSTs)."""
    paths = (r.path for r in tenant.requests(since) if r.method == "POST")
    return {p.rsplit("/", 1)[1] for p in paths if re.search(r"/(employee|employment)/v2/\d+$", p)}


def payroll_calls(tenant: TestTenant, since: LogMark) -> Counter[str]:
    """The tenant's payroll calls after `since`, by method and path shape."""
    return Counter(
        f"{r.method} {TRAILING_ID.sub('/{id}', r.path)}"
        for r in tenant.requests(since)
        if r.path.startswith("/api/")
    )


def employments_of(tenant: TestTenant, number: str) -> list[dict[str, Any]]:
    """The AlexisHR employments of employee `number`."""
    employee = next(e for e in tenant.alexis.records("employee") if e["employeeNumber"] == number)
    return [j for j in tenant.alexis.records("employment") if j["employeeId"] == employee["id"]]


def employee_id(tenant: TestTenant, number: str) -> str:
    """The AlexisHR id of employee `number`."""
    found = (e for e in tenant.alexis.records("employee") if e["employeeNumber"] == number)
    return str(next(found)["id"])


HrChange = Callable[[TestTenant], None]

HR_CHANGES: list[HrChange] = [
    lambda t: t.alexis.update("employee", employee_id(t, "2"), {"lastName": "Hansen"}),
    lambda t: t.alexis.insert(  # a new salary: the employee's `updated` does not move
        "compensation",
        {
            "amount": 61000,
            "effectiveDate": date(2026, 1, 1),
            "currency": "NOK",
            "payoutPeriod": "MONTHLY",
            "payoutDay": 25,
            "payoutFrequency": "MONTH",
            "paidOvertime": False,
            "employeeId": employee_id(t, "3"),
        },
    ),  # fmt: skip
    lambda t: t.alexis.update("employment", employments_of(t, "4")[0]["id"], {"rate": 60}),
    lambda t: t.add_employee("7"),
]


def twins(tenant: TestTenant, another_tenant: Callable[..., TestTenant]) -> TestTenant:
    """A second tenant with the same employees as `tenant` (both synced once, in full)."""
    twin = another_tenant("twin")
    for both in (tenant, twin):
        for number in range(1, 7):
            both.add_employee(str(number))
        assert both.employee_sync().is_completed()
    return twin


def test_incremental_runs_then_a_full_reconcile_leave_payroll_as_full_runs_do(
    tenant: TestTenant, another_tenant: Callable[..., TestTenant]
) -> None:
    full = twins(tenant, another_tenant)
    for change in HR_CHANGES:
        change(tenant), change(full)
        assert tenant.employee_sync(incremental=True).is_completed()
        assert full.employee_sync().is_completed()
        assert payroll_state(tenant) == payroll_state(full)
    for both in (tenant, full):  # a hand edit in payroll: only a full run sees it
        both.payroll.update_employee("5", {"account": HAND_TYPED})
    mark = tenant.mark()
    assert tenant.employee_sync(incremental=True).is_completed()
    assert tenant.payroll.employee("5")["account"] == HAND_TYPED
    assert written_employees(tenant, mark) == set()

    assert tenant.employee_sync().is_completed()  # the full reconcile
    assert full.employee_sync().is_completed()
    assert tenant.payroll.employee("5")["account"] != HAND_TYPED
    assert payroll_state(tenant) == payroll_state(full)
    mark = tenant.mark()
    assert tenant.employee_sync(incremental=True).is_completed()
    assert written_employees(tenant, mark) == set()


def test_an_incremental_run_calls_payroll_only_for_the_changed_employees(
    tenant: TestTenant,
) -> None:
    for number in range(1, 13):
        tenant.add_employee(str(number))
    assert tenant.employee_sync().is_completed()
    tenant.alexis.update("employee", employee_id(tenant, "3"), {"lastName": "Berg"})
    tenant.alexis.update("employment", employments_of(tenant, "8")[0]["id"], {"rate": 80})

    mark = tenant.mark()
    state = tenant.employee_sync(incremental=True)

    assert state.is_completed()
    assert employment_reads(tenant, mark) == {"3", "8"}
    assert written_employees(tenant, mark) == {"3", "8"}
    calls = payroll_calls(tenant, mark)
    assert calls["GET /api/employee/v2"] == 1
    assert sum(calls.values()) <= 4 + 2 * 2, calls  # auth, list, runs; a read + a write each
    assert any("incremental: 2 of 12 employees changed" in n for n in state.result().notes)

    mark = tenant.mark()
    assert tenant.employee_sync(incremental=True).is_completed()
    assert employment_reads(tenant, mark) == set()
    assert written_employees(tenant, mark) == set()


def test_a_failed_write_is_retried_by_the_next_incremental_run(tenant: TestTenant) -> None:
    for number in range(1, 5):
        tenant.add_employee(str(number))
    assert tenant.employee_sync().is_completed()
    for number in ("2", "3"):
        tenant.alexis.update("employee", employee_id(tenant, number), {"lastName": "Dahl"})
    fail_3 = FaultRule(server_error=1.0)
    tenant.emulators.set_faults(FaultProfile(endpoints=(("POST /api/employee/v2/3", fail_3),)))
    try:
        assert tenant.employee_sync(incremental=True).is_failed()
    finally:
        tenant.emulators.set_faults(FaultProfile())
    assert tenant.payroll.employee("3")["lastname"] != "Dahl"

    mark = tenant.mark()
    assert tenant.employee_sync(incremental=True).is_completed()

    assert employment_reads(tenant, mark) == {"3"}
    assert tenant.payroll.employee("3")["lastname"] == "Dahl"


def test_quarantined_and_drift_held_employees_are_looked_at_again(
    tenant: TestTenant, another_tenant: Callable[..., TestTenant]
) -> None:
    held = another_tenant("hold", extra='\n[drift]\non_change = "hold"\n')
    for number in ("1", "2"):
        held.add_employee(number)
    assert held.employee_sync().is_completed()
    held.payroll.update_employee("1", {"account": HAND_TYPED})
    account = {"bankAccount": {"bank": "DNB", "country": "NO", "number": valid_kontonummer(77),
                               "iban": None, "bic": "DNBANOKK", "clearing": None}}  # fmt: skip
    held.alexis.update("employee", employee_id(held, "1"), account)
    held.alexis.update("employee", employee_id(held, "2"), {"ssn": "12345678901"})

    for _ in range(2):  # held each time, never taken for synced
        mark = held.mark()
        state = held.employee_sync(incremental=True)
        assert state.result().summary.quarantined == 1
        assert employment_reads(held, mark) == {"1"}
        assert any("employee 1: account changed in payroll" in n for n in state.result().notes)
        assert held.payroll.employee("1")["account"] == HAND_TYPED

    held.alexis.update("employee", employee_id(held, "2"), {"lastName": "Fikset",
                                                             "ssn": held_ssn(held)})  # fmt: skip
    mark = held.mark()
    assert held.employee_sync(incremental=True).is_completed()
    assert "2" in employment_reads(held, mark)
    assert held.payroll.employee("2")["lastname"] == "Fikset"


def held_ssn(tenant: TestTenant) -> str:
    """Employee 2's original (valid) fødselsnummer, as payroll holds it."""
    return str(tenant.payroll.employee("2")["personnr"])


@pytest.mark.slow
def test_ten_changed_of_a_thousand_make_at_most_forty_payroll_calls(tenant: TestTenant) -> None:
    tenant.seed_demo_data(size=1000)
    assert tenant.employee_sync().is_completed()
    for employee in tenant.alexis.records("employee")[:10]:
        tenant.alexis.update("employee", employee["id"], {"lastName": "Endret"})

    mark = tenant.mark()
    assert tenant.employee_sync(incremental=True).is_completed()

    calls = payroll_calls(tenant, mark)
    print(dict(calls))  # the measured figure, for the closing note (-s shows it)
    assert sum(calls.values()) <= 40, calls
    assert len(employment_reads(tenant, mark)) <= 10


def test_a_renumbered_employee_is_still_held_back_by_an_incremental_run(
    tenant: TestTenant,
) -> None:
    seven = tenant.add_employee("7")
    tenant.add_employee("8")
    assert tenant.employee_sync().is_completed()
    before = tenant.payroll.employee("7")
    tenant.alexis.update("employee", seven["id"], {"employeeNumber": "70"})

    # Payroll's employments of 7 are not read (7 is unchanged under its old number); the
    # identity number payroll lists for employee 7 still tells that 70 is the same person.
    state = tenant.employee_sync(incremental=True)

    assert [e["empId"] for e in tenant.payroll.employees()] == ["7", "8"]
    assert tenant.payroll.employee("7") == before
    [entry] = state.result().quarantine
    assert entry["employee"] == "70" and "payroll employee 7" in entry["reason"]
