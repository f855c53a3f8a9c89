"""`hrsync sync T --only employees --employee N`: only the chosen employees are written."""

from __future__ import annotations

import pytest
from prefect.utilities.callables import parameter_schema
from prefect.variables import Variable
from typer.testing import CliRunner, Result

from cli.main import app
from deployments.build import sync_flow
from schemas.kinds import SyncKind
from tasks.engine.guards import variable_name
from tests.cli.screen import counts, one_line
from tests.support import TestTenant, valid_fnr

pytestmark = pytest.mark.usefixtures("prefect_harness")
runner = CliRunner()
EMPLOYEES = 6


def hrsync_sync(tenant: TestTenant, *options: str) -> Result:
    args = ["sync", tenant.name, "--tenants-dir", str(tenant.tenants_dir), "--only", "employees"]
    return runner.invoke(app, [*args, *options], env={"COLUMNS": "400"})


@pytest.fixture
def renamed(tenant: TestTenant) -> TestTenant:
    """Employees 1–6 synced once, then every one renamed in AlexisHR."""
    for number in range(1, EMPLOYEES + 1):
        tenant.add_employee(number)
    assert tenant.employee_sync().is_completed()
    for row in tenant.alexis.all("employee"):
        name = f"Renamed {row['employeeNumber']}"
        tenant.alexis.update("employee", row["id"], {"lastName": name})
    return tenant


def last_names(tenant: TestTenant) -> dict[str, str]:
    return {e["empId"]: e["lastname"] for e in tenant.payroll.employees()}


def test_only_the_chosen_employees_are_written(renamed: TestTenant) -> None:
    mark = renamed.mark()

    result = hrsync_sync(renamed, "--employee", "3", "--employee", "005", "--employee", "99")

    assert result.exit_code == 0, result.output
    assert "only employee(s) 3, 5, 99 were synced" in one_line(result.output)
    assert "not found in AlexisHR's scope: 99" in one_line(result.output)
    assert counts(result.output, renamed.name, "employees")["updated"] == "2"
    names = last_names(renamed)
    assert {n: names[n] for n in ("3", "5")} == {"3": "Renamed 3", "5": "Renamed 5"}
    assert all(names[n] == f"Nordmann {n}" for n in ("1", "2", "4", "6"))
    assert {r.path for r in renamed.requests(mark) if r.method != "GET"} <= {
        "/api/auth", "/api/employee/v2/3", "/api/employee/v2/5",
    }  # fmt: skip


def test_narrowing_neither_trips_nor_shrinks_the_head_count(renamed: TestTenant) -> None:
    name = variable_name(renamed.name, SyncKind.employees)
    full = {"alexis_employees": EMPLOYEES, "payroll_employees": EMPLOYEES}
    assert Variable.get(name) == full

    # One chosen employee of six is under half of the last count, yet no broken read.
    assert renamed.employee_sync(employees=["2"]).is_completed()
    assert Variable.get(name) == full  # the counts are the whole read's, not the narrowed one's
    assert last_names(renamed)["1"] == "Nordmann 1"

    result = hrsync_sync(renamed)  # and a full run after it compares with the full count

    assert result.exit_code == 0, result.output
    assert set(last_names(renamed).values()) == {f"Renamed {n}" for n in range(1, 7)}


def test_a_number_that_is_no_number_fails_the_run_before_any_read(tenant: TestTenant) -> None:
    tenant.add_employee(1)
    mark = tenant.mark()

    result = hrsync_sync(tenant, "--employee", "x1")

    assert result.exit_code == 1
    assert "['x1'] are not whole numbers" in result.output
    assert tenant.requests(mark) == []


def test_the_employee_deployment_takes_employees() -> None:
    # A deployment's parameters are its flow's (its schema is built from the signature).
    schema = parameter_schema(sync_flow(SyncKind.employees).fn)
    assert schema.properties["employees"]["anyOf"][0] == {
        "items": {"type": "string"}, "type": "array",
    }  # fmt: skip


def test_a_chosen_employee_sharing_an_unchosen_ones_fodselsnummer_is_held_back(
    tenant: TestTenant,
) -> None:
    # Narrowing comes after the checks: employee 7's twin, 17, is not chosen but still seen.
    tenant.add_employee(7)
    tenant.add_employee(17, ssn=valid_fnr(7))
    tenant.add_employee(8)

    state = tenant.employee_sync(employees=["17"])

    assert state.is_completed(), state
    report = state.result()
    assert tenant.payroll.employees() == []
    assert {row["employee"]: row["field"] for row in report.quarantine} == {"17": "ssn"}
    assert "AlexisHR employee 7" in report.quarantine[0]["reason"]
