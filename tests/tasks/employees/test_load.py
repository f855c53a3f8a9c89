"""The load through the payroll emulator: creates, 409 → update, failures kept per employee."""

from __future__ import annotations

import asyncio
from typing import Any

from clients.payroll import PayrollClient
from emulators.runtime import Endpoints
from tasks.employees.load import write_changes
from tasks.engine.changes import Action, ChangeSet, FieldChange, LoadResult, RecordChange
from tests.support import TestTenant

KARI = {"empId": "7", "firstname": "Kari", "lastname": "Nordmann", "email": "kari@firma.no"}


def write(tenant: TestTenant, endpoints: Endpoints, *records: RecordChange) -> LoadResult:
    async def load() -> LoadResult:
        async with PayrollClient.connect(endpoints.payroll_url, tenant.payroll_token) as payroll:
            return await write_changes(payroll, ChangeSet(tenant.name, records))

    return asyncio.run(load())


def employee_change(action: Action, payload: dict[str, Any]) -> RecordChange:
    emp_id = str(payload["empId"])
    changes = tuple(FieldChange(k, "", str(v)) for k, v in payload.items() if k != "empId")
    return RecordChange("employee", action, emp_id, emp_id, changes, payload)


def employment_change(emp_id: str, payload: dict[str, Any]) -> RecordChange:
    key = str(payload["employment_id"])
    changes = tuple(FieldChange(k, "", str(v)) for k, v in payload.items())
    return RecordChange("employment", "create", emp_id, key, changes, payload)


EMPLOYMENT = {"employment_id": "a1", "startdate": "2020-03-01", "employment_form": "fast"}


def test_create_writes_the_employee_then_its_employments(
    tenant: TestTenant, endpoints: Endpoints
) -> None:
    mark = tenant.mark()

    result = write(
        tenant, endpoints, employee_change("create", KARI), employment_change("7", EMPLOYMENT)
    )

    assert result.failures == ()
    assert [(r.entity, r.key) for r in result.written] == [("employee", "7"), ("employment", "a1")]
    assert tenant.posts(mark) == ["POST /api/employee/v2", "POST /api/employment/v2/7"]
    stored = tenant.payroll.employee("7")
    assert {k: stored[k] for k in KARI} == KARI
    assert [e["employment_id"] for e in tenant.payroll.employments("7")] == ["a1"]


def test_create_of_an_existing_employee_becomes_an_update(
    tenant: TestTenant, endpoints: Endpoints
) -> None:
    tenant.payroll.put_employee({**KARI, "email": "old@firma.no", "taxtable": "7100"})
    mark = tenant.mark()

    result = write(tenant, endpoints, employee_change("create", KARI))

    assert result.failures == ()
    assert [(r.method, r.path, r.status) for r in tenant.requests(mark) if r.method == "POST"] == [
        ("POST", "/api/employee/v2", 409),
        ("POST", "/api/employee/v2/7", 200),
    ]
    stored = tenant.payroll.employee("7")
    assert (stored["email"], stored["taxtable"]) == ("kari@firma.no", "7100")


def test_update_changes_only_the_payload_fields(tenant: TestTenant, endpoints: Endpoints) -> None:
    tenant.payroll.put_employee({**KARI, "hours_per_week": "30"})

    write(tenant, endpoints, employee_change("update", {"empId": "7", "city": "Bergen"}))

    stored = tenant.payroll.employee("7")
    assert (stored["city"], stored["email"], stored["hours_per_week"]) == (
        "Bergen",
        "kari@firma.no",
        "30.00",
    )


def test_a_refused_employee_fails_with_its_employments_and_the_others_are_written(
    tenant: TestTenant, endpoints: Endpoints
) -> None:
    refused = {"empId": "8", "firstname": "Ola", "lastname": "Nordmann", "account": "1234"}

    result = write(
        tenant,
        endpoints,
        employee_change("create", refused),
        employment_change("8", {**EMPLOYMENT, "employment_id": "b1"}),
        employee_change("create", KARI),
        employment_change("7", EMPLOYMENT),
    )

    assert [(f.entity, f.key, f.retriable) for f in result.failures] == [
        ("employee", "8", False),
        ("employment", "b1", False),
    ]
    assert "account" in result.failures[0].error and "1234" not in result.failures[0].error
    assert [(r.entity, r.key) for r in result.written] == [("employee", "7"), ("employment", "a1")]
    assert [e["empId"] for e in tenant.payroll.employees()] == ["7"]


def test_nothing_to_write_sends_nothing(tenant: TestTenant, endpoints: Endpoints) -> None:
    mark = tenant.mark()

    unchanged = RecordChange("employee", "unchanged", "7", "7")

    assert write(tenant, endpoints, unchanged) == LoadResult()
    assert tenant.posts(mark) == []
