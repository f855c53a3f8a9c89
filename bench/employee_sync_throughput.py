"""Time the employee sync's steps for growing companies, against the emulators on loopback.

Runs the plain functions under the Prefect tasks (no orchestration overhead), twice per size:
the first pass creates everything, the second finds nothing to change.
Usage: .venv/bin/python bench/employee_sync_throughput.py [SIZE ...]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from config.tenants import load_tenant
from emulators.runtime import Emulators
from emulators.seed.company import seed_company
from tasks.employees.diff import build_change_set
from tasks.employees.extract import read_hr, read_payroll
from tasks.employees.load import write_changes
from tasks.employees.transform import build_payroll_target
from tasks.engine.connections import connections
from tasks.people.validate import validate_hr_frames

TENANT_FILE = """
[alexis]
base_url = "{alexis}"
token = "env:HRSYNC_BENCH_ALEXIS_TOKEN"
[payroll]
base_url = "{payroll}"
token = "env:HRSYNC_BENCH_PAYROLL_TOKEN"
"""


def timed(label: str, timings: dict[str, float], call: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = call()
    timings[label] = time.perf_counter() - started
    return result


async def one_pass(folder: Path) -> dict[str, float]:
    tenant = load_tenant("bench", folder)
    timings: dict[str, float] = {}

    async def stage(label: str, call: Callable[[], Awaitable[Any]]) -> Any:
        started = time.perf_counter()
        result = await call()
        timings[label] = time.perf_counter() - started
        return result

    async with connections(tenant) as apis:
        hr = await stage("extract AlexisHR", lambda: read_hr(apis.alexis, tenant))
        payroll = await stage("extract payroll", lambda: read_payroll(apis.payroll))
        valid = timed("validate", timings, lambda: validate_hr_frames("bench", hr.employees,
                                                                      hr.employments))  # fmt: skip
        target = timed("transform", timings, lambda: build_payroll_target("bench", valid))
        changes = timed("diff", timings, lambda: build_change_set("bench", target, payroll))
        await stage("load", lambda: write_changes(apis.payroll, changes))
    timings["writes"] = len(changes.writes())
    return timings


def main(sizes: list[int]) -> None:
    os.environ.update(HRSYNC_BENCH_ALEXIS_TOKEN="bench-a", HRSYNC_BENCH_PAYROLL_TOKEN="bench-p")
    for size in sizes:
        hub = Emulators()
        company = hub.alexis.add_company("bench-a", "Bench AS")
        anchor = date(2026, 11, 26)
        seed_company(company, size=size, seed=3, domain="bench.example.no", anchor=anchor,
                     defects=False)  # fmt: skip
        hub.payroll.add_company("bench-p", "Bench AS")
        with hub.serve() as urls, tempfile.TemporaryDirectory() as folder:
            text = TENANT_FILE.format(alexis=urls.alexis_url, payroll=urls.payroll_url)
            (Path(folder) / "bench.toml").write_text(text)
            for name in ("first pass", "second pass"):
                timings = asyncio.run(one_pass(Path(folder)))
                steps = ", ".join(f"{k} {v:.2f}s" for k, v in timings.items() if k != "writes")
                total = sum(v for k, v in timings.items() if k != "writes")
                print(f"{size:>5} employees, {name}: {int(timings['writes'])} writes, "
                      f"{total:.2f}s ({steps})")  # fmt: skip


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
