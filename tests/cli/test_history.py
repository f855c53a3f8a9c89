"""`hrsync history`: per employee the fields hrsync wrote, when and by which run, values masked."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.support import TestTenant, valid_fnr, valid_kontonummer

pytestmark = pytest.mark.usefixtures("prefect_harness")
runner = CliRunner()
WIDE = {"COLUMNS": "250"}


@pytest.fixture(autouse=True)
def ledger_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger.db"
    monkeypatch.setenv("HRSYNC_LEDGER_URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.setenv("HRSYNC_LEDGER_KEY", "test-ledger-key")
    return path


def history(tenant: TestTenant, *options: str) -> str:
    arguments = ["history", tenant.name, "--tenants-dir", str(tenant.tenants_dir), *options]
    result = runner.invoke(app, arguments, env=WIDE)
    assert result.exit_code == 0, result.output
    return result.output


def test_history_lists_each_employees_writes_masked(tenant: TestTenant) -> None:
    assert "holds no writes" in history(tenant)
    tenant.add_employee("1")
    tenant.add_employee("2")
    state = tenant.employee_sync()
    run_id = str(state.state_details.flow_run_id)[:8]

    everyone, one = history(tenant), history(tenant, "--employee", "2")

    lines = [line for line in everyone.splitlines() if " account " in line]
    assert len(lines) == 2 and all(run_id in line and "written" in line for line in lines)
    assert "(masked)" in everyone and "personnr" in everyone and "salary" in everyone
    for secret in (valid_fnr(1), valid_fnr(2), valid_kontonummer(1), "50000"):
        assert secret not in everyone
    assert "│ 2 " in one and "│ 1 " not in one
