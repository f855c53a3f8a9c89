"""`hrsync sync <tenant>` with both syncs: AlexisHR people read once, one token exchange per run."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_both_syncs_read_alexis_employees_once(tenant: TestTenant) -> None:
    tenant.seed_demo_data(size=8)
    mark = tenant.mark()

    arguments = ["sync", tenant.name, "--tenants-dir", str(tenant.tenants_dir)]
    result = CliRunner().invoke(app, arguments, env={"COLUMNS": "250"})

    assert result.exit_code in (0, 2), result.output
    assert "employees" in result.output and "absences" in result.output
    paths = [r.path for r in tenant.requests(mark)]
    assert paths.count("/v1/employee") == 1
    assert paths.count("/v1/employment") == 1
    assert "/v1/leave" in paths, "the absence sync did not run: the count would prove nothing"
    assert not [p for p in paths if p.startswith("/v1/compensation/")]
    assert paths.count("/v1/compensation") == 1  # the employee sync's salaries, read once
    assert paths.count("/api/auth") == 2  # one token exchange per flow run


def test_sync_incremental_reads_payroll_employments_only_for_changed_employees(
    tenant: TestTenant,
) -> None:
    tenant.seed_demo_data(size=8)
    arguments = ["sync", tenant.name, "--tenants-dir", str(tenant.tenants_dir)]
    arguments += ["--only", "employees"]
    assert CliRunner().invoke(app, arguments).exit_code in (0, 2)
    mark = tenant.mark()

    result = CliRunner().invoke(app, [*arguments, "--incremental"], env={"COLUMNS": "250"})

    assert result.exit_code in (0, 2), result.output
    paths = [r.path for r in tenant.requests(mark)]
    assert paths.count("/api/employee/v2") == 1
    assert not [p for p in paths if p.startswith("/api/employment/v2/")]
