"""The ledger through the real flows: writes recorded as HMACs only, drift overwritten or held."""

from __future__ import annotations

import asyncio
import itertools
from datetime import date
from pathlib import Path

import pytest

from emulators.runtime import Emulators, Endpoints
from ledger.models import LedgerWrite
from ledger.store import open_ledger
from tests.support import TestTenant, valid_fnr, valid_kontonummer

pytestmark = pytest.mark.usefixtures("prefect_harness")
HAND_TYPED = valid_kontonummer(250)


HOLD_TENANTS = itertools.count(1)


def history(path: Path, tenant: str) -> list[LedgerWrite]:
    async def read() -> list[LedgerWrite]:
        async with open_ledger(f"sqlite+aiosqlite:///{path}") as ledger:
            return list(await ledger.history(tenant))

    return asyncio.run(read())


def hold_tenant(emulators: Emulators, endpoints: Endpoints, tmp_path: Path,
                monkeypatch: pytest.MonkeyPatch) -> TestTenant:  # fmt: skip
    extra = '\n[drift]\non_change = "hold"\n'
    name = f"hold{next(HOLD_TENANTS)}"  # the emulators live for the session: one company each
    tenant = TestTenant.create(name, emulators, endpoints, tmp_path, monkeypatch, extra=extra)
    tenant.add_employee("1")  # synced once: the ledger knows what hrsync wrote
    assert tenant.employee_sync().is_completed()
    return tenant


def test_a_runs_writes_are_in_the_ledger_and_no_clear_value(
    tenant: TestTenant, ledger_file: Path
) -> None:
    for number in ("1", "2"):
        tenant.add_employee(number)

    assert tenant.employee_sync().is_completed()

    rows = history(ledger_file, tenant.name)
    fields = {(r.employee, r.entity, r.field) for r in rows}
    assert {("1", "employee", "account"), ("2", "employee", "personnr")} <= fields
    assert {("1", "employment", "employment_rate"), ("2", "employee", "salary")} <= fields
    assert {r.outcome for r in rows} == {"written"}
    assert all(len(r.value_hmac) == 64 for r in rows)
    stored = ledger_file.read_bytes()
    secrets = [valid_fnr(n) for n in (1, 2)] + [valid_kontonummer(n) for n in (1, 2)]
    for secret in [*secrets, "50000", "50000.00"]:
        assert secret.encode() not in stored


def test_a_field_edited_in_payroll_is_reported_and_overwritten(
    tenant: TestTenant, ledger_file: Path
) -> None:
    tenant.add_employee("1")
    assert tenant.employee_sync().is_completed()
    tenant.payroll.update_employee("1", {"account": HAND_TYPED})

    state = tenant.employee_sync()

    notes = state.result().notes
    assert any(
        n.startswith("employee 1: account changed in payroll since ") and "overwritten" in n
        for n in notes
    ), notes
    assert tenant.payroll.employee("1")["account"] == valid_kontonummer(1)


def test_with_hold_payroll_keeps_the_hand_edited_value_and_says_so(
    emulators: Emulators, endpoints: Endpoints, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, ledger_file: Path,
) -> None:  # fmt: skip
    tenant = hold_tenant(emulators, endpoints, tmp_path, monkeypatch)
    tenant.payroll.update_employee("1", {"account": HAND_TYPED, "city": "Bergen"})

    first, second = tenant.employee_sync(), tenant.employee_sync()

    for state in (first, second):  # reported every run until someone resolves it
        notes = state.result().notes
        assert any(n.startswith("employee 1: account changed in payroll") for n in notes), notes
        assert any("held" in n for n in notes)
    assert tenant.payroll.employee("1")["account"] == HAND_TYPED
    assert tenant.payroll.employee("1")["city"] == "Bergen"


def test_with_hold_a_hand_edited_salary_stays_and_its_group_mates_travel_with_it(
    emulators: Emulators, endpoints: Endpoints, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, ledger_file: Path,
) -> None:  # fmt: skip
    tenant = hold_tenant(emulators, endpoints, tmp_path, monkeypatch)
    tenant.payroll.update_employee("1", {"salary": "61000"})

    state = tenant.employee_sync()

    assert state.is_completed()
    assert any(n.startswith("employee 1: salary changed in payroll") for n in state.result().notes)
    assert float(tenant.payroll.employee("1")["salary"]) == 61000


def test_the_absence_sync_records_its_writes_and_reports_a_hand_edited_absence(
    tenant: TestTenant, ledger_file: Path
) -> None:
    from tests.absence_support import (
        absences_by_leave,
        add_leave,
        report_of,
        run_absences,
        standard_leave_types,
    )

    employee = tenant.add_employee("1")
    assert tenant.employee_sync().is_completed()
    leave = add_leave(tenant, employee, standard_leave_types(tenant)["04"],
                      date(2026, 10, 5), date(2026, 10, 9))  # fmt: skip
    period = (date(2026, 10, 1), date(2026, 10, 31))
    report_of(run_absences(tenant, *period))
    assert ("1", "absence", leave) in {(r.employee, r.entity, r.record_key)
                                       for r in history(ledger_file, tenant.name)}  # fmt: skip
    absence = absences_by_leave(tenant)[leave]
    hand = {**absence, "startDate": absence["startDate"][:10], "endDate": "2026-10-12"}
    tenant.payroll.put_absence(hand)

    notes = report_of(run_absences(tenant, *period)).notes

    assert any(n.startswith("employee 1: endDate changed in payroll since") for n in notes), notes
    assert absences_by_leave(tenant)[leave]["endDate"][:10] == "2026-10-09"
