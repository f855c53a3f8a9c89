"""`hrsync sync --only employees` (exit status, dry run, tenant errors) and `hrsync mapping`."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from click.testing import Result
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId, FlowRunFilterTags
from prefect.client.schemas.objects import FlowRun, TaskRun
from typer.testing import CliRunner

from cli.main import app
from emulators.faults import FaultProfile, FaultRule
from emulators.runtime import Emulators
from schemas.mapping import ABSENCE_RULES, EMPLOYEE_RULES, EMPLOYMENT_RULES
from tests.cli.screen import counts, one_line, titled
from tests.support import COMPENSATION_DEFAULTS, TestTenant, valid_fnr, valid_kontonummer

runner = CliRunner()
WIDE = {"COLUMNS": "250"}  # rich folds table cells at the terminal width
FIELD_ROW_STARTS = ("| Employee.", "| Employment.", "| Absence.")


async def runs_tagged(tag: str) -> list[FlowRun]:
    async with get_client() as client:
        return await client.read_flow_runs(
            flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=[tag]))
        )


async def task_runs_of(flow_run: FlowRun) -> list[TaskRun]:
    async with get_client() as client:
        return await client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run.id]))
        )


def sync(tenant: TestTenant, *options: str) -> Result:
    arguments = ["sync", tenant.name, "--tenants-dir", str(tenant.tenants_dir)]
    return runner.invoke(app, [*arguments, "--only", "employees", *options], env=WIDE)


@pytest.mark.usefixtures("prefect_harness")
class TestSync:
    def test_all_synced_exits_0(self, tenant: TestTenant) -> None:
        tenant.add_employee("1")

        result = sync(tenant)

        assert result.exit_code == 0, result.output
        assert counts(result.output, tenant.name, "employees") == {
            "created": "2", "updated": "0", "unchanged": "0",
            "quarantined": "0", "skipped": "0", "failed": "0",
        }  # fmt: skip
        assert [e["empId"] for e in tenant.payroll.employees()] == ["1"]

    def test_manual_runs_carry_the_tenant_tags_and_a_readable_name(
        self, tenant: TestTenant
    ) -> None:
        tenant.add_employee("1")

        assert sync(tenant).exit_code == 0

        runs = asyncio.run(runs_tagged(f"tenant:{tenant.name}"))
        assert len(runs) == 1
        assert {"hrsync", "sync:employees", "manual"} <= set(runs[0].tags)
        assert runs[0].name.startswith(f"{tenant.name} · employees · ")
        # Its task runs start untagged, as a deployment's do (no tag-slot round trip each).
        tasks = asyncio.run(task_runs_of(runs[0]))
        assert len(tasks) > 10
        assert [t.name for t in tasks if t.tags] == []

    def test_some_quarantined_exits_2_and_the_rest_syncs(self, tenant: TestTenant) -> None:
        tenant.add_employee("1")
        tenant.add_employee("2", nationality="Atlantis")

        result = sync(tenant)

        assert result.exit_code == 2, result.output
        assert counts(result.output, tenant.name, "employees")["quarantined"] == "1"
        held = titled(result.output, "Held back")
        assert [(h["employee"], h["field"]) for h in held] == [("2", "nationality")]
        assert "is not an ISO 3166 country" in held[0]["reason"]
        assert [e["empId"] for e in tenant.payroll.employees()] == ["1"]

    def test_payroll_refusing_writes_exits_1(
        self, tenant: TestTenant, emulators: Emulators
    ) -> None:
        tenant.add_employee("1")
        emulators.set_faults(
            FaultProfile(endpoints=(("POST /api/*", FaultRule(server_error=1.0)),))
        )

        result = sync(tenant)

        assert result.exit_code == 1, result.output
        assert counts(result.output, tenant.name, "employees")["failed"] == "2"
        failed = titled(result.output, "Failed writes")
        records = [f["record"] for f in failed]
        assert len(records) == 2 and records[0] == "employee 1", records
        assert records[1].startswith("employee 1 employment ")
        assert "Traceback" not in result.output
        assert tenant.payroll.employees() == []

    def test_dry_run_prints_the_masked_change_set_and_writes_nothing(
        self, tenant: TestTenant
    ) -> None:
        person = tenant.add_employee("1")
        tenant.employee_sync().result()
        old_fnr, old_account = person["ssn"], person["bankAccount"]["number"]
        new_fnr, new_account = valid_fnr(50), valid_kontonummer(50)
        bank = {**person["bankAccount"], "number": new_account}
        tenant.alexis.update(
            "employee",
            person["id"],
            {"ssn": new_fnr, "bankAccount": bank, "workEmail": "kari@ny.no"},
        )
        raised = {**COMPENSATION_DEFAULTS, "amount": 54321.99, "effectiveDate": date(2025, 1, 1)}
        tenant.alexis.insert("compensation", {**raised, "employeeId": person["id"]})
        before = tenant.payroll.employees()
        mark = tenant.mark()

        result = sync(tenant, "--dry-run")

        assert result.exit_code == 0, result.output
        assert "dry run: nothing was written" in result.output
        shown = {
            row["field"]: (row["old"], row["new"])
            for row in titled(result.output, "Changes, field by field")
        }
        assert shown == {
            "email": ("kari.1@firma.no", "kari@ny.no"),
            "personnr": ("(masked)", "(masked)"),
            "internationalID.ID": ("(masked)", "(masked)"),
            "account": ("(masked)", "(masked)"),
            "salary_valid_from": ("2024-01-01", "2025-01-01"),
            "salary": ("(masked)", "(masked)"),
        }
        for secret in (old_fnr, new_fnr, old_account, new_account, "54321.99", "50000.00"):
            assert secret not in result.output
        assert tenant.posts(mark) == []
        assert tenant.payroll.employees() == before

    def test_missing_tenant_file_is_named(self, tenant: TestTenant) -> None:
        runner_args = ["sync", "nobody", "--tenants-dir", str(tenant.tenants_dir)]

        result = runner.invoke(app, [*runner_args, "--only", "employees"], env=WIDE)

        assert result.exit_code == 1
        message = f"{tenant.tenants_dir / 'nobody.toml'}: no such tenant file"
        assert message in one_line(result.output)
        assert "Traceback" not in result.output

    def test_bad_tenant_file_names_the_file_and_the_key(self, tenant: TestTenant) -> None:
        path = tenant.tenants_dir / f"{tenant.name}.toml"
        path.write_text(path.read_text().replace("env:HRSYNC_", "env:OTHER_", 1))

        result = sync(tenant)

        assert result.exit_code == 1
        output = one_line(result.output)
        assert str(path) in output
        upper = tenant.name.upper()
        assert f"tenant {tenant.name}: " in output
        assert f"alexis.token must be 'env:HRSYNC_{upper}_ALEXIS_TOKEN' or " in output
        assert tenant.requests() == []


def test_mapping_prints_every_target() -> None:
    result = runner.invoke(app, ["mapping"], env=WIDE)

    assert result.exit_code == 0
    lines = result.output.splitlines()
    for entity, rules in (("Employee", EMPLOYEE_RULES), ("Employment", EMPLOYMENT_RULES)):
        for rule in rules:
            assert any(line.startswith(f"| {entity}.{rule.target} |") for line in lines), (
                f"{entity}.{rule.target}"
            )


def test_mapping_prints_the_leave_type_table_under_its_own_heading_after_the_fields() -> None:
    result = runner.invoke(app, ["mapping"], env=WIDE)

    assert result.exit_code == 0
    lines = result.output.splitlines()
    heading = lines.index("## Leave types")
    field_rows = [n for n, line in enumerate(lines) if line.startswith(FIELD_ROW_STARTS)]
    assert field_rows and max(field_rows) < heading
    assert any(line.startswith(f"| Absence.{ABSENCE_RULES[0].target} |") for line in lines)
    leave_rows = lines[heading:]
    assert "| AlexisHR leave type | 24SevenOffice absence type |" in leave_rows
    assert "| Sick leave | 01 |" in leave_rows
    assert "| any type of kind VACATION | 04 |" in leave_rows
