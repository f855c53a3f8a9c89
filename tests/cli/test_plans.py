"""`hrsync plan` keeps the change set; `hrsync apply` writes just that or refuses a stale plan."""

from __future__ import annotations

import re
from typing import Any

import pytest
from click.testing import Result
from cryptography.fernet import Fernet
from typer.testing import CliRunner

from cli.main import app
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

runner = CliRunner()
WIDE = {"COLUMNS": "250"}


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRSYNC_RESULTS_KEY", Fernet.generate_key().decode())


def hrsync(tenant: TestTenant, *arguments: str) -> Result:
    return runner.invoke(app, [*arguments, "--tenants-dir", str(tenant.tenants_dir)], env=WIDE)


def plan(tenant: TestTenant) -> tuple[Result, str]:
    result = hrsync(tenant, "plan", tenant.name, "--only", "employees")
    found = re.search(r"Plan ([0-9a-f]{12}) kept", result.output)
    assert found, result.output
    return result, found.group(1)


def rename(tenant: TestTenant, number: str, last_name: str) -> None:
    employee = next(e for e in tenant.alexis.all("employee") if e["employeeNumber"] == number)
    tenant.alexis.update("employee", employee["id"], {"lastName": last_name})


def last_name(tenant: TestTenant, number: str) -> Any:
    return tenant.payroll.employee(number)["lastname"]


@pytest.fixture
def synced(tenant: TestTenant, keyed: None) -> TestTenant:
    for number in (1, 2, 3):
        tenant.add_employee(number)
    assert tenant.employee_sync().is_completed()
    return tenant


def test_a_fresh_plan_applies_exactly_as_shown(synced: TestTenant) -> None:
    rename(synced, "1", "Hansen")
    rename(synced, "2", "Olsen")
    mark = synced.mark()

    planned, plan_id = plan(synced)

    assert planned.exit_code == 0, planned.output
    assert "2 write(s)" in planned.output
    assert synced.posts(mark) == [], "a plan writes nothing"
    applied = hrsync(synced, "apply", plan_id)
    assert applied.exit_code == 0, applied.output
    assert (last_name(synced, "1"), last_name(synced, "2")) == ("Hansen", "Olsen")
    assert len([p for p in synced.posts(mark) if "/employee" in p]) == 2


def test_a_stale_plan_is_refused_and_writes_nothing(synced: TestTenant) -> None:
    rename(synced, "1", "Hansen")
    _, plan_id = plan(synced)
    rename(synced, "1", "Hansen-Berg")  # AlexisHR changed after the plan was shown
    rename(synced, "3", "Dahl")  # and a write the plan does not have
    mark = synced.mark()

    applied = hrsync(synced, "apply", plan_id)

    assert applied.exit_code == 1
    assert synced.posts(mark) == []
    assert last_name(synced, "1") != "Hansen-Berg"
    text = " ".join(applied.output.split())
    assert f"plan {plan_id} refused" in text
    assert "employee 1 · employee 1: changed in AlexisHR or payroll since the plan" in text
    assert "employee 3 · employee 3: a write the plan does not have" in text
    assert "Hansen" not in text  # names the records, never their values


def test_a_payroll_edit_since_the_plan_refuses_it(synced: TestTenant) -> None:
    rename(synced, "2", "Olsen")
    _, plan_id = plan(synced)
    synced.payroll.update_employee("2", {"lastname": "Typed-By-Hand"})
    mark = synced.mark()

    applied = hrsync(synced, "apply", plan_id)

    assert applied.exit_code == 1
    assert synced.posts(mark) == []
    assert last_name(synced, "2") == "Typed-By-Hand"


def test_without_a_key_no_plan_is_kept(tenant: TestTenant) -> None:
    tenant.add_employee(1)

    result = hrsync(tenant, "plan", tenant.name, "--only", "employees")

    assert "No plan was kept: set HRSYNC_PLAN_KEY (or HRSYNC_RESULTS_KEY)" in result.output


def test_an_unknown_plan_is_named(tenant: TestTenant, keyed: None) -> None:
    result = hrsync(tenant, "apply", "0123456789ab")

    assert result.exit_code == 1
    assert "no plan 0123456789ab is kept" in result.output
