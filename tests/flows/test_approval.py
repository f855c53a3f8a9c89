"""Risky changes wait for a person: the run pauses with a form, the rest is written at once.

Each test runs the real employee sync, waits until the Prefect API shows the run Paused, reads
its form and answers it through the API (`resume_flow_run`), as an approver in the UI would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from emulators.runtime import Emulators, Endpoints
from tests.approval_support import (
    Pause,
    answering,
    prefect_database_text,
    sync_with_approval,
    upstream_of,
)
from tests.support import TestTenant, valid_kontonummer

pytestmark = pytest.mark.usefixtures("prefect_harness")

SETTINGS = """
[approval]
timeout_seconds = {timeout}
poll_seconds = 1

[brake]
enabled = false
"""


@pytest.fixture
def make_tenant(
    tenant: TestTenant,
    emulators: Emulators,
    endpoints: Endpoints,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Any:
    """A tenant with the approval gate on (timeout in seconds) and three synced employees."""

    def make(timeout: int = 120) -> TestTenant:
        approving = TestTenant.create(
            f"{tenant.name}-ap", emulators, endpoints, tmp_path, monkeypatch,
            safety=SETTINGS.format(timeout=timeout),
        )  # fmt: skip
        for number in (1, 2, 3):
            approving.add_employee(number)
        # The first sync holds nothing: payroll has nothing hrsync wrote yet.
        assert approving.employee_sync().is_completed()
        return approving

    return make


def alexis_employee(tenant: TestTenant, number: str) -> dict[str, Any]:
    return next(e for e in tenant.alexis.all("employee") if e["employeeNumber"] == number)


def change_account(tenant: TestTenant, number: str, serial: int) -> str:
    """Give AlexisHR employee `number` a new account; return it."""
    row = alexis_employee(tenant, number)
    account = valid_kontonummer(serial)
    tenant.alexis.update(
        "employee", row["id"], {"bankAccount": {**row["bankAccount"], "number": account}}
    )
    return account


def rename(tenant: TestTenant, number: str, last_name: str) -> None:
    tenant.alexis.update("employee", alexis_employee(tenant, number)["id"], {"lastName": last_name})


def set_salary(tenant: TestTenant, number: str, amount: int) -> None:
    employee_id = alexis_employee(tenant, number)["id"]
    row = next(c for c in tenant.alexis.all("compensation") if c["employeeId"] == employee_id)
    tenant.alexis.update("compensation", row["id"], {"amount": amount})


def payroll_of(tenant: TestTenant, number: str) -> dict[str, Any]:
    return tenant.payroll.employee(number)


def changed_account_and_name(tenant: TestTenant) -> tuple[str, str]:
    """Employee 1: a new account (risky) and a new last name; employee 2: a new last name."""
    old = payroll_of(tenant, "1")["account"]
    new = change_account(tenant, "1", 200)
    rename(tenant, "1", "Hansen")
    rename(tenant, "2", "Olsen")
    return old, new


def written_at_once(tenant: TestTenant, old_account: str, new_account: str) -> Any:
    """While the run waits: the name changes are in payroll, the account is not."""

    def look(pause: Pause) -> None:
        assert payroll_of(tenant, "1")["lastname"] == "Hansen"
        assert payroll_of(tenant, "2")["lastname"] == "Olsen"
        assert payroll_of(tenant, "1")["account"] == old_account
        assert pause.held == ["employee 1 · account: (changed)"]
        form = f"{pause.schema} {pause.description}"
        assert old_account not in form and new_account not in form
        assert set(pause.schema["properties"]) >= {"decision", "reject_employees"}

    return look


def test_a_held_account_change_is_written_after_approval(make_tenant: Any) -> None:
    tenant = make_tenant()
    old, new = changed_account_and_name(tenant)

    state, _ = sync_with_approval(
        tenant, answering({"decision": "approve all"}), written_at_once(tenant, old, new)
    )

    assert state.is_completed()
    assert payroll_of(tenant, "1")["account"] == new
    report = state.result()
    assert any("1 record(s) approved and written, 0 rejected" in n for n in report.notes)
    assert report.summary.updated == 2  # employee 1 once (both parts), employee 2
    assert new not in str(report) and old not in str(report)
    # The approved part is the graph's second load, after the split.
    assert "hold-risky-changes" in upstream_of(state, "load-approved")
    # The form, its answer and the run's states are stored by Prefect: no account in clear.
    stored = prefect_database_text()
    assert b"paused-1-schema" in stored and b"account: (changed)" in stored
    assert new.encode() not in stored and old.encode() not in stored


def test_a_rejected_account_change_is_skipped_and_reported(make_tenant: Any) -> None:
    tenant = make_tenant()
    old, new = changed_account_and_name(tenant)

    state, _ = sync_with_approval(
        tenant, answering({"decision": "reject all"}), written_at_once(tenant, old, new)
    )

    assert state.is_completed()
    assert payroll_of(tenant, "1")["account"] == old
    assert payroll_of(tenant, "1")["lastname"] == "Hansen"
    report = state.result()
    assert report.summary.skipped == 1
    assert "employee 1: account held for approval, rejected: not written" in report.notes


def test_rejecting_chosen_employees_writes_the_others(make_tenant: Any) -> None:
    tenant = make_tenant()
    old_two = payroll_of(tenant, "2")["account"]
    new_one, _ = change_account(tenant, "1", 201), change_account(tenant, "2", 202)
    answer = {"decision": "approve all but the listed employees", "reject_employees": ["2"]}

    state, pause = sync_with_approval(tenant, answering(answer))

    assert len(pause.held) == 2
    assert state.is_completed()
    assert payroll_of(tenant, "1")["account"] == new_one
    assert payroll_of(tenant, "2")["account"] == old_two


def test_an_unanswered_account_change_is_skipped_after_the_timeout(make_tenant: Any) -> None:
    tenant = make_tenant(timeout=3)
    old, new = changed_account_and_name(tenant)

    state, _ = sync_with_approval(tenant, None, written_at_once(tenant, old, new))

    assert state.is_completed()
    assert payroll_of(tenant, "1")["account"] == old
    report = state.result()
    assert any("0 record(s) approved and written, 1 not answered within 3 s" in n
               for n in report.notes)  # fmt: skip
    assert report.summary.skipped == 1


def test_a_dry_run_never_pauses(make_tenant: Any) -> None:
    tenant = make_tenant(timeout=600)
    old, _ = changed_account_and_name(tenant)

    state = tenant.employee_sync(dry_run=True)

    assert state.is_completed()
    assert payroll_of(tenant, "1")["account"] == old
    assert payroll_of(tenant, "1")["lastname"] != "Hansen"
    notes = state.result().notes
    assert any("A real run would wait for approval" in n and "account: (changed)" in n
               for n in notes)  # fmt: skip


def test_a_salary_change_up_to_the_percentage_goes_through_and_above_it_waits(
    make_tenant: Any,
) -> None:
    tenant = make_tenant(timeout=5)
    set_salary(tenant, "1", 55000)  # 50 000 → 55 000: 10 %, not more

    assert tenant.employee_sync().is_completed()
    assert payroll_of(tenant, "1")["salary"] == "55000.00"

    set_salary(tenant, "1", 60600)  # 55 000 → 60 600: 10.2 %
    state, pause = sync_with_approval(tenant, answering({"decision": "approve all"}))

    assert [line.rsplit(" · ", 1)[1] for line in pause.held] == ["salary: (changed, +10.2 %)"]
    assert state.is_completed()
    assert payroll_of(tenant, "1")["salary"] == "60600.00"
