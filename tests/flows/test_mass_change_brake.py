"""The mass-change brake: a run that would change too much writes nothing until a person agrees.

It trips one employee above its threshold and not at it, never on a tenant's first sync, and
its pause shows the counts per field; the answer goes through the Prefect API.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from emulators.runtime import Emulators, Endpoints
from tests.approval_support import Pause, answering, sync_with_approval
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

EMPLOYEES = 8
SETTINGS = """
[approval]
enabled = false
timeout_seconds = 60
poll_seconds = 1

[brake]
max_share = {share}
max_per_field = {per_field}
"""


@pytest.fixture
def make_tenant(
    tenant: TestTenant,
    emulators: Emulators,
    endpoints: Endpoints,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Any:
    """A tenant with the brake set as given and EMPLOYEES synced employees."""

    def make(share: float, per_field: int) -> TestTenant:
        braked = TestTenant.create(
            f"{tenant.name}-br", emulators, endpoints, tmp_path, monkeypatch,
            safety=SETTINGS.format(share=share, per_field=per_field),
        )  # fmt: skip
        for number in range(1, EMPLOYEES + 1):
            braked.add_employee(number)
        # The first sync creates everyone (far above both limits) and does not brake.
        assert braked.employee_sync().is_completed()
        assert len(braked.payroll.employees()) == EMPLOYEES
        return braked

    return make


def rename(tenant: TestTenant, numbers: range, last_name: str) -> None:
    for row in tenant.alexis.all("employee"):
        if int(row["employeeNumber"]) in numbers:
            tenant.alexis.update("employee", row["id"], {"lastName": last_name})


def move(tenant: TestTenant, number: int) -> None:
    row = next(r for r in tenant.alexis.all("employee") if r["employeeNumber"] == str(number))
    tenant.alexis.update(
        "employee", row["id"], {"homeAddress": {**row["homeAddress"], "city": "Bergen"}}
    )


def last_names(tenant: TestTenant) -> list[str]:
    employees = sorted(tenant.payroll.employees(), key=lambda e: int(e["empId"]))
    return [e["lastname"] for e in employees]


def nothing_written(tenant: TestTenant, before: list[str], field_line: str) -> Any:
    def look(pause: Pause) -> None:
        assert last_names(tenant) == before
        assert field_line in pause.held
        assert "mass-change brake" in pause.description

    return look


def test_one_field_on_more_employees_than_the_limit_waits_and_not_at_it(
    make_tenant: Any,
) -> None:
    tenant = make_tenant(share=1.0, per_field=3)
    rename(tenant, range(1, 4), "Berg")  # 3 employees: at the limit

    assert tenant.employee_sync().is_completed()
    assert last_names(tenant)[:3] == ["Berg"] * 3

    rename(tenant, range(4, 8), "Dahl")  # 4 employees: one above
    before, mark = last_names(tenant), tenant.mark()
    look = nothing_written(tenant, before, "lastname: 4 employee(s)")
    state, pause = sync_with_approval(tenant, answering({"decision": "reject all"}), look)

    assert state.is_completed()
    assert tenant.posts(mark) == []
    assert last_names(tenant) == before
    report = state.result()
    assert report.summary.skipped == 4
    assert any("mass-change brake: the run would change 4 of 8 employees" in n
               for n in report.notes)  # fmt: skip


def test_a_share_of_employees_above_the_limit_waits_then_writes_when_approved(
    make_tenant: Any,
) -> None:
    tenant = make_tenant(share=0.25, per_field=100)
    rename(tenant, range(1, 2), "Berg")
    move(tenant, 2)  # 2 of 8 employees: 25 %, not more

    assert tenant.employee_sync().is_completed()

    rename(tenant, range(3, 5), "Dahl")
    move(tenant, 5)  # 3 of 8 employees
    before = last_names(tenant)
    look = nothing_written(tenant, before, "lastname: 2 employee(s)")
    state, pause = sync_with_approval(tenant, answering({"decision": "approve all"}), look)

    assert "city: 1 employee(s)" in pause.held
    assert state.is_completed()
    assert last_names(tenant)[2:4] == ["Dahl", "Dahl"]
    assert tenant.payroll.employee("5")["city"] == "Bergen"
