"""Everything a real Prefect server keeps of hrsync's runs holds no personal data and no token.

Full syncs run as a person runs them (`hrsync sync … --verbose`, a process of its own) against
the emulators and a Prefect server of this test (`prefect server start`, SQLite in a PREFECT_HOME
of its own), with kept results on (`HRSYNC_RESULTS_KEY`, results in a folder of the test): a
first run that quarantines, a run whose payroll writes fail, the run that mends it, and a run of
another tenant that fails on a malformed AlexisHR answer (a fødselsnummer sent as a number).

Then everything is scanned for every fixture value (each fødselsnummer and D-number, also the
invalid ones held back, each account, IBAN, salary, leave description, both tokens and every
access token payroll issued) in the forms code would write them (grouped with spaces, dots or a
hyphen, as a JSON number, JSON-escaped, with a decimal comma, base64-wrapped): the server's whole
database file and its write-ahead log as bytes, every text column of every table, every other
file of both Prefect homes, the results folder, and the processes' stdout and stderr.
A canary log line sent to the server first proves the scan reads the database the runs wrote to.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet

from cli.prefect_api import local_server
from emulators.faults import FaultProfile, FaultRule
from emulators.runtime import Emulators, Endpoints
from tests.absence_support import add_leave, standard_leave_types
from tests.support import TestTenant, valid_kontonummer

pytestmark = pytest.mark.slow

HRSYNC = Path(sys.executable).parent / "hrsync"
PERIOD = ("--from", "2026-10-01", "--to", "2026-10-31")
FNR, DNR, NEWCOMER_FNR = "04024400951", "41049042270", "01049042287"
BAD_FNR = "04024400952"  # check digits wrong: held back, and still never shown
NUMBER_FNR = "17054826511"  # sent by AlexisHR as a JSON number (the probe's case)
ACCOUNT, NEWCOMER_ACCOUNT, BAD_ACCOUNT = (valid_kontonummer(n) for n in (71, 72, 73))
IBAN = "DE89370400440532013000"
SALARIES = ("73519.27", "48263.91", "81427.63", "66192.58", "412.97")
DIAGNOSIS = "alvorlig depressiv episode, innlagt på psykiatrisk"
CANARY = "canary-31129912345"


@dataclass
class Leftovers:
    """What the runs left behind: bytes per place, and what the scan must have seen."""

    places: dict[str, bytes] = field(default_factory=dict)
    exits: list[int] = field(default_factory=list)
    table_rows: dict[str, int] = field(default_factory=dict)
    secrets: set[str] = field(default_factory=set)


def forms(value: str) -> set[str]:
    """The ways code could write `value`: as is, grouped, as a number, JSON-escaped."""
    found = {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
    if re.fullmatch(r"\d{11}", value):  # fødselsnummer / D-number / account
        found |= {
            f"{value[:6]} {value[6:]}",
            f"{value[:6]}-{value[6:]}",
            str(int(value)),
            f"{value[:4]}.{value[4:6]}.{value[6:]}",
            f"{value[:4]} {value[4:6]} {value[6:]}",
        }
    elif re.fullmatch(r"[A-Z]{2}\d{2}\w+", value):  # IBAN
        found |= {" ".join(value[i : i + 4] for i in range(0, len(value), 4)), value.lower()}
    elif re.fullmatch(r"\d+\.\d\d", value):  # salary
        whole, cents = value.split(".")
        grouped = f"{int(whole):,}".replace(",", " ")
        found |= {f"{whole},{cents}", f"{grouped},{cents}", f"{grouped.replace(' ', '.')},{cents}",
                  f"{grouped.replace(' ', chr(0xA0))},{cents}", f"{float(value)!r}"}  # fmt: skip
    return found


def unwrapped(blob: bytes) -> bytes:
    """`blob` plus the decoding of every base64 run in it (results and payloads may be so)."""
    decoded = [blob]
    for run in re.findall(rb"[A-Za-z0-9+/_-]{24,}={0,2}", blob):
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                decoded.append(decode(run + b"=" * (-len(run) % 4)))
            except (binascii.Error, ValueError):
                continue
    return b"\n".join(decoded)


def leaks(leftovers: Leftovers) -> list[tuple[str, str]]:
    """(place, value) for every form of every secret found anywhere."""
    needles = {f.encode(): s for s in leftovers.secrets for f in forms(s)}
    return [
        (place, needles[needle].replace(needles[needle][2:-2], "…"))
        for place, blob in leftovers.places.items()
        for needle in needles
        if needle in unwrapped(blob)
    ]


def read_tree(folder: Path, label: str) -> dict[str, bytes]:
    return {f"{label}/{p.relative_to(folder)}": p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}  # fmt: skip


def dump_tables(database: Path) -> tuple[dict[str, bytes], dict[str, int]]:
    """Every text and blob column of every table, one text per table; and the row counts."""
    texts, counts = {}, {}
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            rows = db.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: S608 (our names)
            counts[table] = len(rows)
            cells = [c if isinstance(c, bytes) else str(c).encode() for r in rows for c in r]
            texts[f"table {table}"] = b"\n".join(cells)
    return texts, counts


def seed_main(tenant: TestTenant) -> None:
    """Employees of every kind of identity and account, salaries, leave with a diagnosis."""
    one = tenant.add_employee("1", ssn=FNR, bankAccount={"country": "NO", "number": ACCOUNT},
                              compensations=[{"amount": float(SALARIES[0])}])  # fmt: skip
    tenant.add_employee(
        "2",
        ssn=DNR,
        nationality="PL",
        bankAccount={"country": "DE", "iban": IBAN},
        compensations=[{"amount": float(SALARIES[4]), "payoutPeriod": "HOURLY"}],
    )
    tenant.add_employee(
        "3",
        ssn=BAD_FNR,
        bankAccount={"country": "NO", "number": BAD_ACCOUNT},
        compensations=[{"amount": float(SALARIES[1])}],
    )  # quarantined
    sick = standard_leave_types(tenant)["01"]
    add_leave(tenant, one, sick, date(2026, 10, 5), date(2026, 10, 9), description=DIAGNOSIS)


def change_main(tenant: TestTenant) -> None:
    """A raise for employee 1 and a newcomer (whose create the faults will refuse)."""
    one = next(e for e in tenant.alexis.all("employee") if e["employeeNumber"] == "1")
    tenant.alexis.insert("compensation", {
        "employeeId": one["id"], "amount": float(SALARIES[2]), "effectiveDate": date(2025, 1, 1),
        "currency": "NOK", "payoutPeriod": "MONTHLY"})  # fmt: skip
    tenant.add_employee("4", ssn=NEWCOMER_FNR, compensations=[{"amount": float(SALARIES[3])}],
                        bankAccount={"country": "NO", "number": NEWCOMER_ACCOUNT})  # fmt: skip


class Runner:
    """Runs `hrsync` in a process of its own against the test's server; keeps its output."""

    def __init__(self, api_url: str, client_home: Path, results: Path, out: Leftovers) -> None:
        self.env = {**os.environ, "PREFECT_API_URL": api_url, "PREFECT_HOME": str(client_home),
                    "HRSYNC_RESULTS_KEY": Fernet.generate_key().decode(),
                    "PREFECT_RESULTS_LOCAL_STORAGE_PATH": str(results),
                    "PREFECT_LOGGING_LEVEL": "DEBUG", "COLUMNS": "200"}  # fmt: skip
        self.out = out

    def sync(self, tenant: TestTenant, *options: str) -> int:
        command = [str(HRSYNC), "sync", tenant.name, "--tenants-dir", str(tenant.tenants_dir),
                   *PERIOD, "--verbose", "--show-changes", *options]  # fmt: skip
        done = subprocess.run(command, env=self.env, capture_output=True, timeout=600, check=False)
        n = len(self.out.exits)
        self.out.places[f"run {n} stdout"] = done.stdout
        self.out.places[f"run {n} stderr"] = done.stderr
        self.out.exits.append(done.returncode)
        return done.returncode


def send_canary(api_url: str) -> None:
    """A log line holding a fødselsnummer-like canary, straight to the server's API."""
    line = {"name": "canary", "level": 20, "message": CANARY,
            "timestamp": datetime.now(UTC).isoformat()}  # fmt: skip
    httpx.post(f"{api_url}/logs/", json=[line], timeout=30).raise_for_status()


def run_everything(emulators: Emulators, main: TestTenant, bad: TestTenant, tmp: Path,
                   out: Leftovers) -> Path:  # fmt: skip
    server_home, client_home, results = tmp / "server-home", tmp / "client-home", tmp / "results"
    with local_server(server_home) as api_url:
        send_canary(api_url)
        runner = Runner(api_url, client_home, results, out)
        seed_main(main)
        runner.sync(main)  # quarantines employee 3
        change_main(main)
        faults = FaultRule(server_error=1.0)
        emulators.set_faults(FaultProfile(endpoints=(("POST /api/employee/v2", faults),)))
        try:
            runner.sync(main, "--only", "employees")  # every employee write fails
        finally:
            emulators.set_faults(FaultProfile())
        runner.sync(main)  # mends it
        bad.add_employee("1", ssn=int(NUMBER_FNR))
        runner.sync(bad, "--only", "employees")  # malformed answer: fails before any write
        out.places.update(read_tree(server_home, "server home (live)"))  # database and its WAL
    out.places.update(read_tree(server_home, "server home"))
    out.places.update(read_tree(client_home, "client home"))
    out.places.update(read_tree(results, "results"))
    return server_home / "prefect.db"


@pytest.fixture(scope="module")
def leftovers(hub: tuple[Emulators, Endpoints], tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[Leftovers]:  # fmt: skip
    emulators, endpoints = hub
    tmp, out = tmp_path_factory.mktemp("scan"), Leftovers()
    with pytest.MonkeyPatch.context() as env:
        main = TestTenant.create("scan", emulators, endpoints, tmp, env)
        bad = TestTenant.create("scan-bad", emulators, endpoints, tmp, env)
        database = run_everything(emulators, main, bad, tmp, out)
    tables, out.table_rows = dump_tables(database)
    out.places.update(tables)
    access = {r.token for t in (main, bad) for r in t.requests() if r.path != "/api/auth"}
    out.secrets = {FNR, DNR, NEWCOMER_FNR, BAD_FNR, NUMBER_FNR, ACCOUNT, NEWCOMER_ACCOUNT,
                   BAD_ACCOUNT, IBAN, *SALARIES, DIAGNOSIS, main.alexis_token, main.payroll_token,
                   bad.alexis_token, bad.payroll_token, *(a for a in access if a)}  # fmt: skip
    yield out


def test_the_runs_happened_as_planned(leftovers: Leftovers) -> None:
    # quarantine, write faults, mended; the malformed read fails the run or holds the record back
    assert leftovers.exits[:3] == [2, 1, 2] and leftovers.exits[3] in (1, 2)
    assert leftovers.table_rows["flow_run"] >= 6 and leftovers.table_rows["task_run"] >= 20
    assert leftovers.table_rows["log"] >= 50 and leftovers.table_rows["artifact"] >= 8
    assert leftovers.table_rows["events"] >= 50
    assert any(p.startswith("results/") for p in leftovers.places)  # kept results were written
    assert any(p.endswith("prefect.db-wal") for p in leftovers.places)


def test_the_scan_finds_what_is_there(leftovers: Leftovers) -> None:
    # The canary went in through the API like any log line: the scan must see it.
    found = [p for p, blob in leftovers.places.items() if CANARY.encode() in unwrapped(blob)]
    assert "table log" in found and any("prefect.db" in p for p in found)
    stdout = b"".join(b for p, b in leftovers.places.items() if p.endswith("stdout"))
    assert b"Held back" in stdout and b"(masked)" in stdout  # the output was captured
    assert b"salary: (set)" in b"".join(leftovers.places.values())


def test_no_personal_data_or_token_is_anywhere(leftovers: Leftovers) -> None:
    assert leaks(leftovers) == []
