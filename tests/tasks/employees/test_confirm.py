"""Confirm creates through the payroll emulator: a re-read showing nothing new keeps the diff."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pandas as pd

from clients.payroll import PayrollClient
from config.tenants import load_tenant
from emulators.runtime import Endpoints
from schemas.mapping import EMPLOYEE_RULES, EMPLOYMENT_RULES
from tasks.employees.confirm import confirmed_change_set
from tasks.employees.diff import build_change_set
from tasks.employees.extract import read_payroll
from tasks.employees.steps import PayrollTarget
from tasks.engine.changes import ChangeSet
from tests.support import TestTenant, valid_fnr

KARI = {"empId": "7", "firstname": "Kari", "lastname": "Nordmann", "personnr": valid_fnr(1)}
OLA = {"empId": "8", "firstname": "Ola", "lastname": "Hansen", "personnr": valid_fnr(2)}


def target_of(*people: dict[str, str]) -> PayrollTarget:
    columns = [r.target for r in EMPLOYEE_RULES]
    employees = pd.DataFrame([{c: p.get(c, "") for c in columns} for p in people], dtype="str")
    jobs = pd.DataFrame(columns=["empId", *(r.target for r in EMPLOYMENT_RULES)], dtype="str")
    return PayrollTarget(employees, jobs, ())


def confirm(
    tenant: TestTenant, endpoints: Endpoints, change: Callable[[], object] | None = None
) -> tuple[ChangeSet, ChangeSet]:
    """The diff over payroll as read first, and the change set confirming its creates gives."""
    config, target = load_tenant(tenant.name, str(tenant.tenants_dir)), target_of(KARI)

    async def run() -> tuple[ChangeSet, ChangeSet]:
        async with PayrollClient.connect(endpoints.payroll_url, tenant.payroll_token) as payroll:
            first = await read_payroll(payroll)
            changes = build_change_set(config.name, target, first)
            if change is not None:
                change()  # payroll changes between the first read and the confirmation
            return changes, await confirmed_change_set(payroll, config, target, first, changes)

    return asyncio.run(run())


def test_a_re_read_that_shows_what_the_first_did_keeps_the_change_set(
    tenant: TestTenant, endpoints: Endpoints
) -> None:
    tenant.payroll.put_employee(OLA)  # in payroll before the run: in both reads

    changes, confirmed = confirm(tenant, endpoints)

    assert [(r.action, r.key) for r in changes.records] == [("create", "7")]
    assert confirmed is changes


def test_a_re_read_that_shows_more_is_diffed_again(
    tenant: TestTenant, endpoints: Endpoints
) -> None:
    # Another employee typed in: the identity check must see them, Kari is still new.
    changes, confirmed = confirm(tenant, endpoints, lambda: tenant.payroll.put_employee(OLA))
    assert confirmed is not changes
    assert [(r.action, r.key) for r in confirmed.records] == [("create", "7")]

    # The very number to create appeared: it is updated, not created twice.
    changes, confirmed = confirm(tenant, endpoints, lambda: tenant.payroll.put_employee(KARI))
    assert [(r.action, r.key) for r in changes.records] == [("create", "7")]
    assert [(r.action, r.key) for r in confirmed.records] == [("update", "7")]
