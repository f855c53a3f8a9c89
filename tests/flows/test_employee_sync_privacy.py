"""Personal data of synced employees never appears in clear text outside the payroll write.

The scenario syncs employees with a fødselsnummer, a D-number, a Norwegian account, an IBAN
and salaries; then raises a salary and adds an employee whose write the payroll refuses, so the
second run fails. Every log line (DEBUG), artifact, exception text, flow-run parameter and
state message of both runs is then searched for the values.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterId,
    LogFilter,
    LogFilterFlowRunId,
)
from prefect.client.schemas.objects import State
from prefect.logging.handlers import APILogHandler

from emulators.faults import FaultProfile, FaultRule
from emulators.runtime import Emulators, Endpoints
from tasks.engine.changes import SyncFailedError
from tests.support import COMPENSATION_DEFAULTS, TestTenant, valid_kontonummer

pytestmark = pytest.mark.usefixtures("prefect_harness")

FNR, DNR, NEWCOMER_FNR = "04024400951", "41049042270", "01049042287"
ACCOUNT, NEWCOMER_ACCOUNT = valid_kontonummer(77), valid_kontonummer(78)
IBAN = "DE89370400440532013000"
SALARIES = ("61234.56", "456.78", "65432.10", "71717.17")
SECRETS = (FNR, DNR, NEWCOMER_FNR, ACCOUNT, NEWCOMER_ACCOUNT, IBAN, *SALARIES)


@dataclass(frozen=True)
class Texts:
    """Everything the two runs left behind that people or tools can read."""

    logs: list[str]
    api_logs: list[str]
    artifacts: list[str]
    runs: list[str]  # parameters, names and state messages of the flow runs
    error: str


async def read_back(flow_run_ids: list[UUID], expected_log: str) -> tuple[list[str], ...]:
    await APILogHandler.aflush()
    runs = FlowRunFilter(id=FlowRunFilterId(any_=flow_run_ids))
    deadline = time.monotonic() + 30
    async with get_client() as client:
        while True:  # logs reach the API in batches: wait for the last run's to arrive
            logs = await client.read_logs(
                LogFilter(flow_run_id=LogFilterFlowRunId(any_=flow_run_ids))
            )
            if any(expected_log in log.message for log in logs) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        artifacts = await client.read_artifacts(flow_run_filter=runs)
        flow_runs = [await client.read_flow_run(i) for i in flow_run_ids]
    return (
        [log.message for log in logs],
        [f"{a.key} {a.description} {a.data}" for a in artifacts],
        [f"{r.name} {r.parameters} {r.state.message if r.state else ''}" for r in flow_runs],
    )


class Recorder(logging.Handler):
    """Keeps the full text (message and traceback) of every record at any level.

    A handler of our own with a formatter, on the root logger: Prefect's logging setup keeps
    such a root configuration, where it would replace pytest's capture handlers.
    """

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextmanager
def recording() -> Iterator[Recorder]:
    recorder, root, prefect = Recorder(), logging.getLogger(), logging.getLogger("prefect")
    levels = root.level, prefect.level
    root.addHandler(recorder)
    try:
        yield recorder
    finally:
        root.removeHandler(recorder)
        root.setLevel(levels[0])
        prefect.setLevel(levels[1])


def debug_everywhere() -> None:
    logging.getLogger().setLevel(logging.DEBUG)
    logging.getLogger("prefect").setLevel(logging.DEBUG)


def run_scenario(tenant: TestTenant, emulators: Emulators) -> tuple[State[Any], State[Any]]:
    """A first sync; then a raise, a newcomer whose create payroll refuses, a failing sync."""
    one = tenant.add_employee(
        "1", ssn=FNR, bankAccount={"country": "NO", "number": ACCOUNT},
        compensations=[{"amount": 61234.56}],
    )  # fmt: skip
    tenant.add_employee(
        "2", ssn=DNR, nationality="PL", bankAccount={"country": "DE", "iban": IBAN},
        compensations=[{"amount": 456.78, "payoutPeriod": "HOURLY"}],
    )  # fmt: skip
    debug_everywhere()
    first = tenant.employee_sync()
    raised = {**COMPENSATION_DEFAULTS, "amount": 65432.10, "effectiveDate": date(2025, 1, 1)}
    tenant.alexis.insert("compensation", {**raised, "employeeId": one["id"]})
    tenant.add_employee(
        "3", ssn=NEWCOMER_FNR, bankAccount={"country": "NO", "number": NEWCOMER_ACCOUNT},
        compensations=[{"amount": 71717.17}],
    )  # fmt: skip
    emulators.set_faults(
        FaultProfile(endpoints=(("POST /api/employee/v2", FaultRule(server_error=1.0)),))
    )
    try:
        debug_everywhere()
        second = tenant.employee_sync()
    finally:
        emulators.set_faults(FaultProfile())
    return first, second


@pytest.fixture(scope="module")
def texts(
    prefect_harness: None,
    hub: tuple[Emulators, Endpoints],
    tmp_path_factory: pytest.TempPathFactory,
) -> Texts:
    emulators, endpoints = hub
    with pytest.MonkeyPatch.context() as monkeypatch, recording() as recorder:
        folder = tmp_path_factory.mktemp("privacy")
        tenant = TestTenant.create("privacy", emulators, endpoints, folder, monkeypatch)
        first, second = run_scenario(tenant, emulators)
    assert first.is_completed() and second.is_failed()
    error = second.result(raise_on_failure=False)
    assert isinstance(error, SyncFailedError)
    ids = [first.state_details.flow_run_id, second.state_details.flow_run_id]
    api_logs, artifacts, runs = asyncio.run(read_back(ids, "write(s) failed"))
    error_text = " ".join([str(error), repr(error), *(f.error for f in error.failures),
                           str(second.message)])  # fmt: skip
    return Texts(recorder.lines, api_logs, artifacts, runs, error_text)


def leaks(lines: list[str]) -> list[tuple[str, str]]:
    return [(secret, line) for line in lines for secret in SECRETS if secret in line]


def test_no_log_line_holds_personal_data(texts: Texts) -> None:
    assert any("record(s) to write" in line for line in texts.logs)  # run logs were captured
    assert any(line.startswith("DEBUG httpcore") for line in texts.logs)  # … at DEBUG
    assert leaks(texts.logs) == []


def test_no_log_line_sent_to_prefect_holds_personal_data(texts: Texts) -> None:
    assert any("write(s) failed" in line for line in texts.api_logs)
    assert leaks(texts.api_logs) == []


def test_no_artifact_holds_personal_data(texts: Texts) -> None:
    assert any("salary: (changed)" in text for text in texts.artifacts)
    assert any("personnr: (set)" in text for text in texts.artifacts)
    assert leaks(texts.artifacts) == []


def test_no_exception_text_holds_personal_data(texts: Texts) -> None:
    assert "employee 3" in texts.error
    assert leaks([texts.error]) == []


def test_flow_run_parameters_and_states_hold_no_personal_data(texts: Texts) -> None:
    assert len(texts.runs) == 2 and all("'tenant'" in run for run in texts.runs)
    assert leaks(texts.runs) == []
