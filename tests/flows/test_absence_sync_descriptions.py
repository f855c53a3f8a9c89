"""Leave descriptions (may hold a diagnosis) stay out of payroll and reports unless allowed.

Real flows, clients and emulators. By default payroll gets the leave type's name as the absence
comment (type 21 requires one); with `send_leave_descriptions = true` in the tenant file it gets
the description. Either way the description is never in an artifact or the run's report.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
from prefect.client.schemas.objects import State

from emulators.runtime import Emulators, Endpoints
from tests.absence_support import (
    absences_by_leave,
    add_leave,
    add_leave_type,
    report_of,
    run_absences,
    standard_leave_types,
)
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

OCT_1, OCT_31 = date(2026, 10, 1), date(2026, 10, 31)
DIAGNOSIS = "Sykmeldt: F32.1 moderat depressiv episode"
OTHER = "Innlagt for kreftbehandling"
ALLOW = "\n[absences]\nsend_leave_descriptions = true\n"


def make_tenant(
    name: str, emulators: Emulators, endpoints: Endpoints, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, extra: str = "",
) -> TestTenant:  # fmt: skip
    return TestTenant.create(name, emulators, endpoints, tmp_path, monkeypatch, extra=extra)


def seed(tenant: TestTenant) -> tuple[str, str]:
    """An employee with a sick leave and an 'other absence' (21), both with a description."""
    one = tenant.add_employee(1)
    tenant.employee_sync()
    sick = standard_leave_types(tenant)["01"]
    other = add_leave_type(tenant, "Velferdspermisjon", code="21")
    return (
        add_leave(tenant, one, sick, date(2026, 10, 5), date(2026, 10, 9), description=DIAGNOSIS),
        add_leave(tenant, one, other, date(2026, 10, 20), description=OTHER),
    )


def artifact_texts(state: State[Any]) -> list[str]:
    async def read() -> list[str]:
        ids = [state.state_details.flow_run_id]
        async with get_client() as client:
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=ids))
            )
        return [f"{a.key} {a.description} {a.data}" for a in found]

    return asyncio.run(read())


def report_texts(state: State[Any]) -> list[str]:
    report = report_of(state)
    rows = (*report.changes, *report.field_changes, *report.quarantine, *report.failures)
    return [str(row) for row in rows] + list(report.notes)


def assert_nowhere_to_read(state: State[Any]) -> None:
    for text in (*artifact_texts(state), *report_texts(state), str(state.message)):
        for secret in (DIAGNOSIS, OTHER, "F32.1", "kreft"):
            assert secret not in text


def test_by_default_payroll_gets_the_leave_type_name_not_the_description(
    emulators: Emulators, endpoints: Endpoints, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = make_tenant("desc-off", emulators, endpoints, tmp_path, monkeypatch)
    sick, other = seed(tenant)

    state = run_absences(tenant, OCT_1, OCT_31)

    absences = absences_by_leave(tenant)
    assert absences[sick]["comment"] == "Sick leave"
    assert (absences[other]["absenceType"], absences[other]["comment"]) == (
        "21",
        "Velferdspermisjon",
    )  # 21 requires a comment: the neutral one is the leave type's name
    assert report_of(state).summary.created == 2
    assert_nowhere_to_read(state)
    comment_rows = [r for r in report_of(state).field_changes if r["field"] == "comment"]
    assert {(r["old"], r["new"]) for r in comment_rows} == {("∅", "(masked)")}


def test_a_tenant_that_allows_it_sends_the_description_but_reports_still_mask_it(
    emulators: Emulators, endpoints: Endpoints, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = make_tenant("desc-on", emulators, endpoints, tmp_path, monkeypatch, extra=ALLOW)
    sick, other = seed(tenant)

    state = run_absences(tenant, OCT_1, OCT_31)

    absences = absences_by_leave(tenant)
    assert (absences[sick]["comment"], absences[other]["comment"]) == (DIAGNOSIS, OTHER)
    assert_nowhere_to_read(state)


@pytest.mark.slow
def test_switching_descriptions_off_replaces_the_ones_already_sent(
    emulators: Emulators, endpoints: Endpoints, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = make_tenant("desc-heal", emulators, endpoints, tmp_path, monkeypatch, extra=ALLOW)
    sick, _ = seed(tenant)
    run_absences(tenant, OCT_1, OCT_31)
    file = tenant.tenants_dir / f"{tenant.name}.toml"
    file.write_text(file.read_text().replace(ALLOW, ""))

    state = run_absences(tenant, OCT_1, OCT_31)

    assert absences_by_leave(tenant)[sick]["comment"] == "Sick leave"
    assert report_of(state).summary.updated == 2
    assert_nowhere_to_read(state)  # the old value (the description) is masked too
