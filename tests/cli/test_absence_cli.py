"""`hrsync sync T --only absences`: the period, employee and type options, dry run, exit status."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from emulators.faults import FaultProfile, FaultRule
from emulators.runtime import Emulators
from tests.absence_support import absences_by_leave, add_leave, standard_leave_types
from tests.cli.screen import counts, one_line, titled
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")
runner = CliRunner()
OCTOBER = ["--from", "2026-10-01", "--to", "2026-10-31"]


def written(output: str, tenant: TestTenant) -> dict[str, int]:
    """The absence sync's created / updated / unchanged / failed counts as printed."""
    row = counts(output, tenant.name, "absences")
    return {k: int(row[k]) for k in ("created", "updated", "unchanged", "failed")}


def hrsync_sync(tenant: TestTenant, *options: str) -> Result:
    args = ["sync", tenant.name, "--tenants-dir", str(tenant.tenants_dir), "--only", "absences"]
    return runner.invoke(app, [*args, *options], env={"COLUMNS": "400"})


@pytest.fixture
def company(tenant: TestTenant) -> dict[str, str]:
    """Employees 1–3 in payroll; vacation and sick leave in October; the leave ids by name."""
    one, _, three = (tenant.add_employee(n) for n in (1, 2, 3))
    tenant.employee_sync()
    types = standard_leave_types(tenant)
    return {
        "vacation of 3": add_leave(
            tenant, three, types["04"], date(2026, 10, 5), date(2026, 10, 9)
        ),
        "sick leave of 3": add_leave(tenant, three, types["01"], date(2026, 10, 12)),
        "vacation of 1": add_leave(tenant, one, types["04"], date(2026, 10, 5)),
    }


def test_a_dry_run_of_one_employee_and_type_prints_the_change_set_and_writes_nothing(
    tenant: TestTenant, company: dict[str, str]
) -> None:
    mark = tenant.mark()

    result = hrsync_sync(tenant, *OCTOBER, "--employee", "3", "--absence-type", "04", "--dry-run")

    assert result.exit_code == 0, result.output
    assert "dry run: nothing was written" in result.output
    assert written(result.output, tenant) == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "failed": 0,
    }
    changes = titled(result.output, "Changes, field by field")
    assert {c["record"] for c in changes} == {f"absence {company['vacation of 3']}"}
    assert {(c["field"], c["old"], c["new"]) for c in changes} >= {("numberOfDays", "∅", "5")}
    for other in ("sick leave of 3", "vacation of 1"):
        assert company[other] not in result.output
    assert tenant.posts(mark) == []
    assert tenant.payroll.absences() == []


def test_the_same_run_without_dry_run_writes_just_that_leave(
    tenant: TestTenant, company: dict[str, str]
) -> None:
    result = hrsync_sync(tenant, *OCTOBER, "--employee", "3", "--absence-type", "04")

    assert result.exit_code == 0, result.output
    assert set(absences_by_leave(tenant)) == {company["vacation of 3"]}

    again = hrsync_sync(tenant, *OCTOBER)
    assert again.exit_code == 0, again.output
    assert written(again.output, tenant) == {
        "created": 2,
        "updated": 0,
        "unchanged": 1,
        "failed": 0,
    }
    assert set(absences_by_leave(tenant)) == set(company.values())


def test_a_quarantined_employee_gives_exit_status_2(
    tenant: TestTenant, company: dict[str, str]
) -> None:
    two = tenant.alexis.all("employee")[1]
    tenant.alexis.update("employee", two["id"], {"ssn": "12345678901"})
    add_leave(tenant, two, standard_leave_types(tenant)["04"], date(2026, 10, 5))

    result = hrsync_sync(tenant, *OCTOBER)

    assert result.exit_code == 2, result.output
    held = titled(result.output, "Held back")
    assert [(h["employee"], h["field"]) for h in held] == [("2", "ssn")]
    assert "12345678901" not in result.output
    assert set(absences_by_leave(tenant)) == set(company.values())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--absence-type", "08"], "unknown absence type(s) ['08']"),
        (["--from", "2026-10-31", "--to", "2026-10-01"], "is after period_to"),
        (["--employee", "A3"], "are not whole numbers"),
    ],
)
def test_invalid_options_give_exit_status_1(
    tenant: TestTenant, options: list[str], message: str
) -> None:
    mark = tenant.mark()
    result = hrsync_sync(tenant, *options)
    assert result.exit_code == 1, result.output
    assert message in one_line(result.output)
    assert tenant.requests(mark) == []


def test_a_failed_write_gives_exit_status_1(
    tenant: TestTenant, company: dict[str, str], emulators: Emulators
) -> None:
    refused = FaultRule(server_error=1.0)
    emulators.set_faults(FaultProfile(endpoints=(("POST /api/absence/v2*", refused),)))

    result = hrsync_sync(tenant, *OCTOBER, "--employee", "1")

    assert result.exit_code == 1, result.output
    failed = titled(result.output, "Failed writes")
    assert [f["record"] for f in failed] == [f"employee 1 absence {company['vacation of 1']}"]
    assert tenant.payroll.absences() == []
