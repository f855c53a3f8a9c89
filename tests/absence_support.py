"""Helpers of the absence-sync tests: AlexisHR leave records, flow runs, the run's notes."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qsl

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterKey,
)
from prefect.client.schemas.objects import State

from tasks.engine.changes import SyncReport
from tests.support import LogMark, TestTenant


def add_leave_type(
    tenant: TestTenant, name: str, kind: str | None = "OFF_DUTY", code: str | None = None
) -> str:
    """Insert an AlexisHR leave type (and its `leaveTypeCode` relation when `code`); its id."""
    fields = {
        "name": name,
        "kind": kind,
        "minimumDuration": "DAY",
        "paid": True,
        "deductible": False,
        "disabled": False,
    }
    type_id = str(tenant.alexis.insert("leave-type", fields)["id"])
    if code is not None:
        tenant.alexis.insert("leave-type-code", {"leaveTypeId": type_id, "code": code})
    return type_id


def add_leave(
    tenant: TestTenant,
    employee: dict[str, Any],
    type_id: str,
    start: date,
    end: date | None = None,
    *,
    status: str = "APPROVED",
    duration: str | None = None,
    **fields: Any,
) -> str:
    """Insert an AlexisHR leave of `employee` from `start` to `end` (default: one day); its id."""
    last = end or start
    values = {
        "employeeId": employee["id"],
        "typeId": type_id,
        "status": status,
        "duration": duration or ("one_day" if last == start else "longer"),
        "startDate": start,
        "endDate": last,
        **fields,
    }
    return str(tenant.alexis.insert("leave", values)["id"])


def add_child(tenant: TestTenant, employee: dict[str, Any], name: str, born: date) -> str:
    """Insert an AlexisHR child of `employee`; its id."""
    fields = {"employeeId": employee["id"], "name": name, "birthdate": born}
    return str(tenant.alexis.insert("child", fields)["id"])


def run_absences(
    tenant: TestTenant, period_from: date | None, period_to: date | None, **params: Any
) -> State[Any]:
    """Run the real absence-sync flow for `tenant` and return its final state."""
    from flows.absence_sync import absence_sync

    call = absence_sync(
        tenant.name,
        tenants_dir=str(tenant.tenants_dir),
        period_from=period_from,
        period_to=period_to,
        return_state=True,
        **params,
    )
    state: State[Any] = tenant.run(call)
    return state


def report_of(state: State[Any]) -> SyncReport:
    """The `SyncReport` of a finished run (fails the test when the run did not complete)."""
    report = state.result()
    assert isinstance(report, SyncReport), report
    return report


def run_summary(tenant: TestTenant, state: State[Any]) -> str:
    """The markdown summary artifact (`absence-sync-<tenant>`) of the run behind `state`."""
    flow_run_id = state.state_details.flow_run_id
    assert flow_run_id is not None
    found = get_client(sync_client=True).read_artifacts(
        artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]),
            key=ArtifactFilterKey(any_=[f"absence-sync-{tenant.name}"]),
        )
    )
    assert len(found) == 1, found
    return str(found[0].data)


def skipped_notes(tenant: TestTenant, state: State[Any]) -> list[str]:
    """The run's skipped notes: the bullet points under `## Skipped` of its summary."""
    notes: list[str] = []
    in_section = False
    for line in run_summary(tenant, state).splitlines():
        if line.startswith("## "):
            in_section = line == "## Skipped"
        elif in_section and line.startswith("- "):
            notes.append(line.removeprefix("- "))
    return notes


def absences_by_leave(tenant: TestTenant) -> dict[str, dict[str, Any]]:
    """The payroll absences written by the sync, by externalId (asserting there are no twins)."""
    found: dict[str, dict[str, Any]] = {}
    for absence in tenant.payroll.absences():
        key = absence["externalId"]
        if key:
            assert key not in found, f"two payroll absences for leave {key}"
            found[key] = absence
    return found


# The leave types most scenarios need, by the payroll code their names map to.
STANDARD_TYPES = {
    "01": ("Sick leave", "SICK_LEAVE"),
    "02": ("Care of sick child", "CHILDCARE"),
    "04": ("Vacation", "VACATION"),
    "06": ("Parental leave", "PARENTAL_LEAVE"),
}


def standard_leave_types(tenant: TestTenant) -> dict[str, str]:
    """Insert the leave types of `STANDARD_TYPES`; their ids by payroll code."""
    return {
        code: add_leave_type(tenant, name, kind) for code, (name, kind) in STANDARD_TYPES.items()
    }


def alexis_queries(
    tenant: TestTenant, path: str, since: LogMark | None = None
) -> list[list[tuple[str, str]]]:
    """The decoded query parameters of every AlexisHR GET of `path` (e.g. `/v1/leave`)."""
    return [
        parse_qsl(r.query, keep_blank_values=True)
        for r in tenant.requests(since or LogMark(0, 0))
        if r.method == "GET" and r.path == path and r.token == tenant.alexis_token
    ]
