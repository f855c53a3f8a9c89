"""Scale-out: every tenant's deployments on a PostgreSQL-backed Prefect server, two workers.

One module fixture builds the whole stack the way operations would, each piece its own process:
a throwaway PostgreSQL 15 cluster, `prefect server start` on it, the emulators with six generated
companies (`hrsync emulate --demo-tenant ...`), `hrsync deploy --pool` of six tenant files, and
two `prefect worker start` processes on that pool. It runs every tenant's employee sync, then
every tenant's absence sync, and stops everything again (even when something fails). The tests
then check what the database, the API, the workers' logs and the payroll emulator hold.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AsyncExitStack, ExitStack
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from cryptography.fernet import Fernet
from stdnum.no import fodselsnummer

from cli.prefect_api import server_environment, wait_healthy
from clients.alexis import AlexisClient
from clients.alexis_models import Compensation, Employee, Employment, Leave
from clients.payroll import PayrollClient
from clients.payroll_models import PayrollAbsence, PayrollEmployee, PayrollEmployment
from tests.scale.stack import Postgres, Supervisor, free_port, postgres_cluster, tail
from tests.support import TENANT_FILE

# The stack's setup (all twelve runs) is timed as part of the first test: on a busy 2-core box it
# took up to 5.5 minutes, so this module gets more than the suite's 600 s.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

BIN = Path(sys.executable).parent
POOL = "hrsync-test-pool"
TENANTS = tuple(f"t{n}" for n in range(1, 7))
WORKERS = ("worker-a", "worker-b")
SIZE = 8  # employees per generated company
ZONE = ZoneInfo("Europe/Oslo")  # the tenants' time zone (TENANT_FILE)
FLOWS = ("employee-sync", "absence-sync")
RUNS_DEADLINE = 300.0  # seconds for one round of six runs to end (75-125 s seen here)
TERMINAL = frozenset({"COMPLETED", "FAILED", "CRASHED", "CANCELLED"})
PAYROLL_ONLY = "9001"  # the person only payroll knows (emulators/seed)
# What a worker logs when it picks a run, and when it then loses the run to another worker (its
# proposal of Pending is refused: the other worker's came first).
SUBMITTING = re.compile(r"Worker '([^']+)' submitting flow run '([0-9a-f-]{36})'")
ABORTED = re.compile(r"Aborted submission of flow run '([0-9a-f-]{36})'")


def tokens(tenant: str) -> dict[str, str]:
    """The tenant's token variables, holding the emulator's tokens of its generated company."""
    upper = tenant.upper()
    return {
        f"HRSYNC_{upper}_ALEXIS_TOKEN": f"{tenant}-alexis-demo-token",
        f"HRSYNC_{upper}_PAYROLL_TOKEN": f"{tenant}-payroll-demo-token",
    }


def clean_environment() -> dict[str, str]:
    """This process's environment without its Prefect and hrsync settings (conftest's)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "HRSYNC_"))}


def client_environment(api_url: str, home: Path) -> dict[str, str]:
    """A Prefect client of the test server, with a Prefect home of its own."""
    home.mkdir(parents=True, exist_ok=True)
    return {
        **clean_environment(),
        "PREFECT_API_URL": api_url,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }


def wait_until(check: Callable[[], bool], what: str, seconds: float, log: Path) -> None:
    """Poll `check` until it holds; fail with the log's tail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} not within {seconds:.0f}s\n{tail(log)}")
        time.sleep(0.5)


def answers(url: str) -> bool:
    """True once anything answers HTTP on `url` (any status)."""
    try:
        httpx.get(url, timeout=2)
    except httpx.TransportError:
        return False
    return True


class Api:
    """The few Prefect REST calls the test makes (plain HTTP: no client state in pytest)."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=30)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        response = self.http.request(method, path, json=body)
        response.raise_for_status()
        return response.json()

    def deployments(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.call("POST", "/deployments/filter", {"limit": 200})
        return found

    def trigger(self, flow: str, deployment: str) -> str:
        """Create a run of `flow/deployment` now (as `prefect deployment run` does); its id."""
        found = self.call("GET", f"/deployments/name/{flow}/{deployment}")
        run = self.call("POST", f"/deployments/{found['id']}/create_flow_run", {})
        return str(run["id"])

    def flow_runs(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        body = {"flow_runs": {"id": {"any_": list(ids)}}, "limit": 200}
        found: list[dict[str, Any]] = self.call("POST", "/flow_runs/filter", body)
        return found

    def worker_names(self) -> set[str]:
        workers = self.call("POST", f"/work_pools/{POOL}/workers/filter", {})
        return {w["name"] for w in workers}


@dataclass(frozen=True)
class PayrollSnapshot:
    """What a payroll company held before any sync (the seed's hand-typed history)."""

    employees: dict[str, PayrollEmployee]
    employments: dict[str, list[PayrollEmployment]]
    absences: list[PayrollAbsence]


@dataclass(frozen=True)
class TenantData:
    """One tenant as both systems hold it, read over HTTP with the project's clients."""

    employees: list[Employee]
    employments: list[Employment]
    compensations: list[Compensation]
    leaves: list[Leave]
    payroll: PayrollSnapshot


def absence_window() -> tuple[date, date]:
    """A period wider than any generated leave and any absence sync period."""
    today = date.today()
    return today - timedelta(days=400), today + timedelta(days=400)


async def read_payroll(pay: PayrollClient) -> PayrollSnapshot:
    employees = {e.empId: e for e in await pay.employees()}
    employments = {number: await pay.employments(number) for number in employees}
    return PayrollSnapshot(employees, employments, await pay.absences(*absence_window()))


async def read_tenants(
    alexis_url: str, payroll_url: str, with_hr: bool = True
) -> dict[str, TenantData]:
    """Every tenant's AlexisHR records (unless `with_hr` is off) and payroll records."""
    found = {}
    for tenant in TENANTS:
        alexis_token, payroll_token = tokens(tenant).values()
        async with AsyncExitStack() as stack:
            pay = await stack.enter_async_context(PayrollClient.connect(payroll_url, payroll_token))
            payroll = await read_payroll(pay)
            if not with_hr:
                found[tenant] = TenantData([], [], [], [], payroll)
                continue
            hr = await stack.enter_async_context(AlexisClient.connect(alexis_url, alexis_token))
            found[tenant] = TenantData(
                await hr.employees(),
                await hr.employments(),
                await hr.compensations(),
                await hr.leaves(),
                payroll,
            )
    return found


@dataclass(frozen=True)
class Outcome:
    """Everything the tests look at after both rounds of runs."""

    postgres: Postgres
    api_url: str
    server_home: Path
    supervisor: Supervisor
    alexis_url: str
    payroll_url: str
    before: dict[str, TenantData]
    runs: list[dict[str, Any]]
    seconds: dict[str, float]

    def worker_log(self, worker: str) -> Path:
        return self.supervisor.log(worker)

    def worker_tails(self) -> str:
        return "\n".join(tail(self.worker_log(w)) for w in WORKERS)


def run_round(
    api: Api, flow: str, workers: list[tuple[str, Any]], supervisor: Supervisor
) -> list[dict[str, Any]]:
    """Trigger `flow` of every tenant at once; wait (bounded) until each run has ended."""
    ids = [api.trigger(flow, tenant) for tenant in TENANTS]
    deadline = time.monotonic() + RUNS_DEADLINE
    while True:
        runs = api.flow_runs(ids)
        if len(runs) == len(ids) and all(r["state_type"] in TERMINAL for r in runs):
            return runs
        logs = "\n".join(tail(supervisor.log(name)) for name, _ in workers)
        dead = [name for name, process in workers if process.poll() is not None]
        if dead:
            raise RuntimeError(f"{dead} exited while {flow} runs were open\n{logs}")
        if time.monotonic() > deadline:
            states = sorted((r["name"], r["state_type"]) for r in runs)
            raise RuntimeError(
                f"{flow} runs still open after {RUNS_DEADLINE:.0f}s: {states}\n{logs}"
            )
        time.sleep(1)


@pytest.fixture(scope="module")
def scale_out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    root = tmp_path_factory.mktemp("scale")
    logs = root / "logs"
    logs.mkdir()
    supervisor = Supervisor(logs)
    seconds: dict[str, float] = {}
    clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        seconds[name] = round(time.monotonic() - clock, 1)
        clock = time.monotonic()

    with ExitStack() as stack:
        # 1. PostgreSQL: a cluster of the test's own, stopped and deleted last.
        postgres = stack.enter_context(postgres_cluster(logs))
        stack.callback(supervisor.stop_all)  # runs before the cluster stops
        lap("postgres")

        # 2. The Prefect server on it, and 3. the emulators with one generated company per
        # tenant, in a process of their own (both start at once; the server needs longer).
        port, server_home = free_port(), root / "prefect-server"
        server_home.mkdir()
        server_env = {
            **clean_environment(),
            **server_environment(port, server_home),
            "PREFECT_SERVER_DATABASE_CONNECTION_URL": postgres.url,
        }
        api_url = server_env["PREFECT_API_URL"]
        server = supervisor.start(
            "prefect-server", [BIN / "prefect", "server", "start"], server_env
        )
        alexis_port, payroll_port = free_port(), free_port()
        alexis_url = f"http://127.0.0.1:{alexis_port}/v1"
        payroll_url = f"http://127.0.0.1:{payroll_port}/api"
        demo_tenants = [option for t in TENANTS for option in ("--demo-tenant", t)]
        emulate: list[str | Path] = [
            BIN / "hrsync",
            "emulate",
            "--empty",
            *demo_tenants,
            "--size",
            str(SIZE),
            "--alexis-port",
            str(alexis_port),
            "--payroll-port",
            str(payroll_port),
        ]
        supervisor.start("emulators", emulate, clean_environment())
        wait_healthy(api_url, server, seconds=180)
        wait_until(
            lambda: answers(f"{alexis_url}/company") and answers(f"{payroll_url}/organization/v2"),
            "the emulators answering",
            60,
            supervisor.log("emulators"),
        )
        lap("server and emulators")

        # 4. Tenant files pointing at the emulators; every deployment on the process pool.
        tenants_dir = root / "tenants"
        tenants_dir.mkdir()
        for tenant in TENANTS:
            (tenants_dir / f"{tenant}.toml").write_text(
                TENANT_FILE.format(
                    display=f"{tenant.capitalize()} AS",
                    timezone=ZONE.key,
                    alexis_url=alexis_url,
                    payroll_url=payroll_url,
                    upper=tenant.upper(),
                )
            )
        supervisor.run(
            "hrsync-deploy",
            [BIN / "hrsync", "deploy", "--pool", POOL, "--tenants-dir", tenants_dir],
            client_environment(api_url, root / "prefect-deploy"),
        )
        lap("deploy")

        # Two workers on the pool, one run at a time each: with six runs per round and 15-25 s
        # per run (a fresh Python process each), neither can take them all while the other
        # polls every second. No retries: every run must complete the first time.
        worker_env_base = {
            "PREFECT_WORKER_QUERY_SECONDS": "1",
            "PREFECT_WORKER_PREFETCH_SECONDS": "1",
            "HRSYNC_RESULTS_KEY": Fernet.generate_key().decode(),
            **{k: v for t in TENANTS for k, v in tokens(t).items()},
        }
        workers = []
        for name in WORKERS:
            env = {**client_environment(api_url, root / f"prefect-{name}"), **worker_env_base}
            start = ["worker", "start", "--pool", POOL, "--name", name, "--limit", "1"]
            command: list[str | Path] = [BIN / "prefect", *start]
            workers.append((name, supervisor.start(name, command, env)))
        api = Api(api_url)
        stack.callback(api.http.close)
        wait_until(
            lambda: api.worker_names() >= set(WORKERS),
            "both workers registered on the pool",
            90,
            supervisor.log(WORKERS[-1]),
        )
        lap("workers")

        # 5. Snapshot payroll as seeded, then run every tenant's syncs: employees, then absences
        # (an absence needs its employee in payroll).
        before = asyncio.run(read_tenants(alexis_url, payroll_url, with_hr=False))
        runs = []
        for flow in FLOWS:
            runs += run_round(api, flow, workers, supervisor)
            lap(flow)

        (logs / "timings.json").write_text(json.dumps(seconds, indent=1))
        yield Outcome(
            postgres=postgres,
            api_url=api_url,
            server_home=server_home,
            supervisor=supervisor,
            alexis_url=alexis_url,
            payroll_url=payroll_url,
            before=before,
            runs=runs,
            seconds=seconds,
        )


def test_the_server_keeps_deployments_and_runs_in_postgresql(scale_out: Outcome) -> None:
    db = scale_out.postgres
    tables = {
        row[0] for row in db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    }
    assert {"alembic_version", "deployment", "flow_run", "work_pool", "worker"} <= tables

    # The runs the API reported are rows of this database, in the states the API reported.
    stored = {row[0]: row[1] for row in db.query("SELECT id, state_type FROM flow_run")}
    assert stored == {run["id"]: run["state_type"] for run in scale_out.runs}
    deployments = db.query(
        "SELECT f.name, d.name, w.name, w.type FROM deployment d JOIN flow f ON f.id = d.flow_id"
        " JOIN work_queue q ON q.id = d.work_queue_id JOIN work_pool w ON w.id = q.work_pool_id"
    )
    assert sorted(deployments) == sorted([f, t, POOL, "process"] for f in FLOWS for t in TENANTS)
    assert sorted(row[0] for row in db.query("SELECT name FROM worker")) == sorted(WORKERS)
    # …and nothing went to an SQLite file in the server's Prefect home.
    assert not list(scale_out.server_home.glob("*.db"))


def test_every_run_completed_and_both_workers_took_runs(scale_out: Outcome) -> None:
    runs = scale_out.runs
    unfinished = [(r["name"], r["state_type"], r["state"]["message"]) for r in runs
                  if r["state_type"] != "COMPLETED"]  # fmt: skip
    assert not unfinished, f"{unfinished}\n{scale_out.worker_tails()}"
    assert Counter((r["work_pool_name"], r["parameters"]["tenant"]) for r in runs) == Counter(
        {(POOL, tenant): len(FLOWS) for tenant in TENANTS}
    )

    # Who ran what, two ways that must agree: the label the worker that won a run puts on it
    # (stored by the server), and each worker's own log: the runs it picked minus those it lost
    # to the other worker (both may pick the same scheduled run; the server lets one have it).
    labelled = {r["id"]: r["labels"].get("prefect.worker.name") for r in runs}
    logged: dict[str, str] = {}
    for worker in WORKERS:
        text = scale_out.worker_log(worker).read_text()
        picked = {run_id for name, run_id in SUBMITTING.findall(text) if name == worker}
        for run_id in picked - set(ABORTED.findall(text)):
            assert run_id not in logged, f"{run_id} ran on both workers"
            logged[run_id] = worker
    assert logged == labelled, scale_out.worker_tails()
    per_worker = Counter(labelled.values())
    assert set(per_worker) == set(WORKERS), per_worker


def local_day(moment: datetime | None) -> str:
    """An AlexisHR date (local midnight as a UTC time) as the tenant's `YYYY-MM-DD`."""
    return moment.astimezone(ZONE).date().isoformat() if moment else ""


def planted_defects(data: TenantData) -> set[str]:
    """Employee numbers whose HR data payroll must not get, found from the HR data alone.

    The seed plants three: a Norwegian fødselsnummer with a wrong check digit, a latest salary in
    EUR, and employment notes that are no profession code (7 digits, `:1`–`:6` end reason).
    """
    number = {e.id: str(e.employeeNumber) for e in data.employees}
    bad = {
        str(e.employeeNumber)
        for e in data.employees
        if e.nationality == "NO" and e.ssn and not fodselsnummer.is_valid(e.ssn)
    }
    latest: dict[str, Compensation] = {}
    # The wire model allows an absent date (unknown salary); the seed always sets one.
    for pay in sorted(
        data.compensations, key=lambda c: c.effectiveDate.timestamp() if c.effectiveDate else 0.0
    ):
        latest[pay.employeeId] = pay
    bad |= {number[c.employeeId] for c in latest.values() if c.currency != "NOK"}
    bad |= {
        number[m.employeeId]
        for m in data.employments
        if m.note is not None and not re.fullmatch(r"\d{7}(:[1-6])?", m.note)
    }
    return bad


def employee_problems(tenant: str, data: TenantData, before: PayrollSnapshot) -> list[str]:
    """How the tenant's payroll differs from what AlexisHR says it should hold."""
    defective = planted_defects(data)
    # The seed puts its three mistakes on the last three employees; the checks above found them.
    assert defective == {str(n) for n in range(SIZE - 2, SIZE + 1)}, (tenant, defective)
    hr = {str(e.employeeNumber): e for e in data.employees}
    stored = data.payroll.employees
    problems = []
    expected_numbers = (set(hr) - defective) | {PAYROLL_ONLY}
    if set(stored) != expected_numbers:
        problems.append(f"{tenant}: payroll has {sorted(stored)}, not {sorted(expected_numbers)}")
    if stored.get(PAYROLL_ONLY) != before.employees[PAYROLL_ONLY]:
        problems.append(f"{tenant}: payroll-only employee changed: {stored.get(PAYROLL_ONLY)}")
    for number in sorted(set(hr) - defective):
        person, record = hr[number], stored.get(number)
        if record is None:
            continue
        # Employees 1 and 2 were typed into payroll by hand with old addresses: updated too.
        wanted = (person.firstName, person.lastName, person.workEmail or person.privateEmail)
        got = (record.firstname, record.lastname, record.email)
        if got != wanted:
            problems.append(f"{tenant} employee {number}: payroll {got}, AlexisHR {wanted}")
        hr_jobs = [m for m in data.employments if m.employeeId == person.id]
        want_jobs = sorted(
            (local_day(m.startDate), local_day(m.endDate), Decimal(str(m.rate))) for m in hr_jobs
        )
        jobs = data.payroll.employments.get(number, [])
        got_jobs = sorted((j.startdate, j.enddate, Decimal(j.employment_rate)) for j in jobs)
        if got_jobs != want_jobs:
            problems.append(f"{tenant} employee {number}: employments {got_jobs} != {want_jobs}")
        # Keyed by the AlexisHR id, except a hand-made one adopted by its start date.
        known = {m.id for m in hr_jobs} | {
            j.employment_id for j in before.employments.get(number, [])
        }
        strangers = {j.employment_id for j in jobs} - known
        if strangers:
            problems.append(f"{tenant} employee {number}: unknown employment ids {strangers}")
    return problems


def absence_problems(tenant: str, data: TenantData, before: PayrollSnapshot) -> list[str]:
    """Exported absences that no approved leave of a synced employee explains; lost hand ones."""
    defective = planted_defects(data)
    number = {e.id: str(e.employeeNumber) for e in data.employees}
    leaves = {leave.id: leave for leave in data.leaves}
    problems = []
    by_hand = [a for a in data.payroll.absences if not a.externalId]
    if by_hand != before.absences:
        problems.append(f"{tenant}: hand-entered absences changed: {by_hand}")
    exported = [a for a in data.payroll.absences if a.externalId]
    if not exported:
        problems.append(f"{tenant}: no absence was exported")
    for absence in exported:
        leave = leaves.get(absence.externalId)
        if leave is None or leave.status not in ("APPROVED", "CONFIRMED"):
            problems.append(f"{tenant}: absence {absence.serialNo} has no approved leave")
            continue
        who = number[leave.employeeId]
        dates = (absence.startDate[:10], absence.endDate[:10])
        wanted = (local_day(leave.startDate), local_day(leave.endDate))
        if who in defective or absence.empId != who or dates != wanted:
            problems.append(f"{tenant}: absence {absence} does not match leave {leave}")
    return problems


def test_each_tenant_payroll_holds_its_own_alexishr_data(scale_out: Outcome) -> None:
    after = asyncio.run(read_tenants(scale_out.alexis_url, scale_out.payroll_url))
    problems = []
    for tenant in TENANTS:
        before = scale_out.before[tenant].payroll
        problems += employee_problems(tenant, after[tenant], before)
        problems += absence_problems(tenant, after[tenant], before)
    assert problems == []
