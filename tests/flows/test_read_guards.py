"""Real syncs that stop before any write: bad reads, implausible head counts, mass clears.

Each asserts that the payroll emulator is untouched and that the error names the problem.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import State
from prefect.variables import Variable

from cli.runs import first_line
from emulators.rewrites import AnswerRewriter, Rewrite, html_page, json_edit, not_json
from schemas.kinds import SyncKind
from tasks.engine.guards import variable_name
from tests.absence_support import add_leave, add_leave_type, run_absences
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

EMPLOYEES = 8
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


def payroll_state(tenant: TestTenant) -> dict[str, Any]:
    """Every payroll employee with its employments and the company's absences."""
    employees = {
        e["empId"]: {**e, "employments": tenant.payroll.employments(e["empId"])}
        for e in tenant.payroll.employees()
    }
    return {"employees": employees, "absences": tenant.payroll.absences()}


def failure(state: State[Any]) -> str:
    """The one line a failed run ends with (what `hrsync sync` prints)."""
    assert state.is_failed(), "the run should have failed"
    outcome = state.result(raise_on_failure=False)
    message = str(outcome)
    assert "Traceback" not in message and message == first_line(message)
    return message


@pytest.fixture
def synced_employees(tenant: TestTenant) -> TestTenant:
    """EMPLOYEES employees, the employee sync run once."""
    for number in range(1, EMPLOYEES + 1):
        tenant.add_employee(number)
    assert tenant.employee_sync().is_completed()
    return tenant


@pytest.fixture
def synced(tenant: TestTenant) -> TestTenant:
    """EMPLOYEES employees with one approved October vacation each, both syncs run once."""
    vacation = add_leave_type(tenant, "Ferie", kind="VACATION", code="04")
    for number in range(1, EMPLOYEES + 1):
        employee = tenant.add_employee(number)
        start = date(2026, 10, 5 + number)
        add_leave(tenant, employee, vacation, start, start.replace(day=start.day + 1))
    assert tenant.employee_sync().is_completed()
    assert run_absences(tenant, *OCTOBER).is_completed()
    assert len(tenant.payroll.absences()) == EMPLOYEES
    return tenant


def _answers(tenant: TestTenant, pattern: str) -> AnswerRewriter:
    emulators = tenant.emulators
    return emulators.alexis_answers if "/v1/" in pattern else emulators.payroll_answers


def _stopped_without_writes(tenant: TestTenant, state: State[Any], before: Any, mark: Any) -> str:
    message = failure(state)
    assert tenant.posts(mark) == []
    assert payroll_state(tenant) == before
    return message


# --- partial and malformed reads -------------------------------------------------------------


def _rows_missing(total: int) -> Rewrite:
    return json_edit(lambda body: {**body, "data": [], "count": 0, "total": total})


def _drop_rows(keep: Callable[[int], bool]) -> Rewrite:
    def edit(body: dict[str, Any]) -> dict[str, Any]:
        rows = [row for i, row in enumerate(body["data"]) if keep(i)]
        return {**body, "data": rows, "count": len(rows)}  # `total` still counts them all

    return json_edit(edit)


LEAVE_LISTS: dict[str, Rewrite] = {
    "total-3-no-rows": _rows_missing(3),
    "total-8-no-rows": _rows_missing(EMPLOYEES),
    "one-row-missing": _drop_rows(lambda i: i != 0),
}


@pytest.mark.slow
def test_a_leave_list_missing_rows_rejects_nothing(synced: TestTenant) -> None:
    before = payroll_state(synced)  # a list read short would reject the absences it lacks
    for case, rewrite in LEAVE_LISTS.items():
        mark = synced.mark()
        synced.emulators.alexis_answers.add("GET /v1/leave", rewrite)

        message = _stopped_without_writes(synced, run_absences(synced, *OCTOBER), before, mark)

        assert message.startswith("AlexisHR GET /v1/leave gave an incomplete list"), case
        synced.emulators.answer_truthfully()


MALFORMED: dict[str, tuple[str, Rewrite, str]] = {
    "alexis-html": ("GET /v1/employee", html_page, "AlexisHR GET /v1/employee answered HTTP 200"),
    "alexis-cut-json": ("GET /v1/employee", not_json, "AlexisHR GET /v1/employee answered"),
    "alexis-no-envelope": (
        "GET /v1/employee", json_edit(lambda b: b["data"]), "AlexisHR GET /v1/employee answered"
    ),
    "alexis-total-text": (
        "GET /v1/employment", json_edit(lambda b: {**b, "total": "8"}),
        "AlexisHR GET /v1/employment answered",
    ),
    "alexis-short-list": (
        "GET /v1/compensation", _drop_rows(lambda i: i % 2 == 0),
        "AlexisHR GET /v1/compensation gave an incomplete list",
    ),
    "payroll-html": (
        "GET /api/employee/v2", html_page, "24SevenOffice GET /api/employee/v2 answered HTTP 200"
    ),
    "payroll-object": (
        "GET /api/employment/v2/*", json_edit(lambda rows: {"items": rows}),
        "24SevenOffice GET /api/employment/v2/",
    ),
}  # fmt: skip


@pytest.mark.slow
def test_a_malformed_answer_stops_the_employee_sync_naming_the_endpoint(
    synced_employees: TestTenant,
) -> None:
    tenant = synced_employees
    for row in tenant.alexis.all("employee"):  # there is something to write
        tenant.alexis.update("employee", row["id"], {"lastName": "Changed"})
    before = payroll_state(tenant)
    for case, (pattern, rewrite, words) in MALFORMED.items():
        mark = tenant.mark()
        _answers(tenant, pattern).add(pattern, rewrite)

        message = _stopped_without_writes(tenant, tenant.employee_sync(), before, mark)

        assert message.startswith(words), (case, message)
        assert "?" not in message
        tenant.emulators.answer_truthfully()
    assert tenant.employee_sync().is_completed()  # and once the answers are right, it syncs


# --- implausible head counts ------------------------------------------------------------------


def _keep_employees(count: int) -> Rewrite:
    def edit(body: dict[str, Any]) -> dict[str, Any]:
        rows = body["data"][:count]
        return {**body, "data": rows, "count": len(rows), "total": len(rows)}

    return json_edit(edit)


SMALL_READS: dict[str, tuple[str, Rewrite, str]] = {
    "alexis-none": ("GET /v1/employee", _keep_employees(0), "AlexisHR returned no employees"),
    "alexis-under-half": (
        "GET /v1/employee", _keep_employees(3), "AlexisHR returned 3 employees, under half"
    ),
    "payroll-none": ("GET /api/employee/v2", json_edit(lambda rows: []), "payroll listed 0"),
    "payroll-under-half": (
        "GET /api/employee/v2", json_edit(lambda rows: rows[:3]), "payroll listed 3 employees"
    ),
}  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["employee", "absence"])
def test_an_implausibly_small_read_stops_before_any_write(synced: TestTenant, kind: str) -> None:
    for row in synced.alexis.all("leave"):  # there is something to reject
        synced.alexis.update("leave", row["id"], {"status": "CANCELLED"})
    for row in synced.alexis.all("employee"):  # and something to update
        synced.alexis.update("employee", row["id"], {"lastName": "Changed"})
    before = payroll_state(synced)
    for case, (pattern, rewrite, words) in SMALL_READS.items():
        mark = synced.mark()
        _answers(synced, pattern).add(pattern, rewrite)

        state = synced.employee_sync() if kind == "employee" else run_absences(synced, *OCTOBER)

        message = _stopped_without_writes(synced, state, before, mark)
        assert message.startswith(f"tenant {synced.name}: {words}"), (case, message)
        assert "allow_fewer_employees" in message
        synced.emulators.answer_truthfully()


def test_a_confirmed_mass_departure_goes_on_and_becomes_the_new_count(
    synced_employees: TestTenant,
) -> None:
    synced = synced_employees
    name = variable_name(synced.name, SyncKind.employees)
    assert Variable.get(name) == {"alexis_employees": EMPLOYEES, "payroll_employees": EMPLOYEES}
    # Five employees really left the scope (deleted in AlexisHR); payroll keeps them.
    for row in synced.alexis.all("employee")[3:]:
        synced.alexis.delete("employee", row["id"])

    assert synced.employee_sync().is_failed()
    assert Variable.get(name) == {"alexis_employees": EMPLOYEES, "payroll_employees": EMPLOYEES}
    assert synced.employee_sync(allow_fewer_employees=True).is_completed()
    assert Variable.get(name) == {"alexis_employees": 3, "payroll_employees": EMPLOYEES}
    assert synced.employee_sync().is_completed()  # 3 is the count to compare with now


def test_a_first_run_keeps_its_counts_only_after_it_succeeded(tenant: TestTenant) -> None:
    name = variable_name(tenant.name, SyncKind.employees)
    tenant.add_employee(1)
    tenant.add_employee(2, employeeNumber="x")  # quarantined: the run still succeeds
    tenant.emulators.payroll_answers.add("POST /api/employee/v2", html_page)

    assert tenant.employee_sync().is_failed()  # the create came back unreadable
    assert Variable.get(name) is None
    tenant.emulators.answer_truthfully()
    assert tenant.employee_sync().is_completed()
    assert Variable.get(name) == {"alexis_employees": 2, "payroll_employees": 1}


def test_unchanged_counts_leave_the_variable_as_it_was(synced_employees: TestTenant) -> None:
    name = variable_name(synced_employees.name, SyncKind.employees)

    async def updated() -> object:
        async with get_client() as client:
            variable = await client.read_variable_by_name(name)
            assert variable is not None
            return variable.updated

    kept = asyncio.run(updated())
    synced_employees.add_employee(EMPLOYEES + 1)
    assert synced_employees.employee_sync().is_completed()  # one more on each side
    grown = asyncio.run(updated())
    assert grown != kept
    assert Variable.get(name) == {
        "alexis_employees": EMPLOYEES + 1,
        "payroll_employees": EMPLOYEES + 1,
    }
    assert synced_employees.employee_sync().is_completed()  # nothing changed
    assert asyncio.run(updated()) == grown


# --- mass clears ------------------------------------------------------------------------------


def _clear_bic(tenant: TestTenant, count: int) -> None:
    rows = sorted(tenant.alexis.all("employee"), key=lambda r: int(r["employeeNumber"]))
    for row in rows[:count]:
        bank = {**row["bankAccount"], "bic": None}
        tenant.alexis.update("employee", row["id"], {"bankAccount": bank})


def test_clearing_a_field_for_many_employees_waits_for_a_person(
    synced_employees: TestTenant,
) -> None:
    synced = synced_employees
    _clear_bic(synced, 6)  # 6 > 5 and 6 > 20% of 8
    before, mark = payroll_state(synced), synced.mark()

    message = _stopped_without_writes(synced, synced.employee_sync(), before, mark)

    assert message.startswith(f"tenant {synced.name}: the run would clear bic for 6 of 8 employees")
    assert "allow_mass_clear=['bic']" in message
    # A dry run shows what it would clear, and says it would stop.
    dry = synced.employee_sync(dry_run=True)
    assert dry.is_completed()
    assert any("would clear bic for 6 of 8" in n for n in dry.result().notes)
    # Confirmed, it clears them.
    assert synced.employee_sync(allow_mass_clear=["bic"]).is_completed()
    assert sorted(e["bic"] for e in synced.payroll.employees()) == [""] * 6 + ["DNBANOKK"] * 2


def test_clearing_a_field_for_a_few_employees_goes_on(synced_employees: TestTenant) -> None:
    synced = synced_employees
    _clear_bic(synced, 5)  # not more than 5

    assert synced.employee_sync().is_completed()
    assert sorted(e["bic"] for e in synced.payroll.employees()) == [""] * 5 + ["DNBANOKK"] * 3


def test_the_tenant_file_sets_the_brake(
    emulators: Any, endpoints: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = TestTenant.create(
        "brake", emulators, endpoints, tmp_path, monkeypatch,
        extra="\n[employees.mass_clear]\nmin_employees = 1\nshare = 0.1\n",
    )  # fmt: skip
    for number in range(1, 5):
        tenant.add_employee(number)
    assert tenant.employee_sync().is_completed()
    _clear_bic(tenant, 2)

    message = failure(tenant.employee_sync())

    assert "would clear bic for 2 of 4 employees" in message


async def _task_states(flow_run_id: Any, expect: set[str], timeout: float = 30.0) -> dict[str, str]:
    """`{"extract-hr": "FAILED", …}` once the expected steps have final states."""
    flow_filter = FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
    deadline = time.monotonic() + timeout
    async with get_client() as client:
        while True:
            runs = await client.read_task_runs(flow_run_filter=flow_filter)
            states = {
                r.name.rsplit("-", 1)[0]: r.state.type.value
                for r in runs
                if r.state is not None and r.state.is_final()
            }
            if expect <= set(states):
                return states
            assert time.monotonic() < deadline, f"task runs not final: {states}"
            await asyncio.sleep(0.1)


def test_an_implausible_alexis_read_fails_its_extract_so_no_retry_reuses_it(
    synced_employees: TestTenant,
) -> None:
    tenant = synced_employees
    tenant.emulators.alexis_answers.add("GET /v1/employee", _keep_employees(0))

    state = tenant.employee_sync()

    assert "AlexisHR returned no employees" in failure(state)
    states = asyncio.run(_task_states(state.state_details.flow_run_id, {"extract-hr"}))
    assert states["extract-hr"] == "FAILED"  # a failed task keeps no result for a Retry
    assert not {"diff", "load"} & set(states)
