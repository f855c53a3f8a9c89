"""Time validate, transform and diff of the employee sync in-process (no HTTP, no Prefect).

HR frames come from the emulator seed read through the real AlexisHR client over an in-process
transport; past `--seed-size` employees the read frames are tiled with fresh ids and numbers
(seeding and reading 100 000 employees would time the emulator, not the pipeline). Payroll
frames are made from the target: empty (first pass), equal (no change), 1 % changed.
Usage: .venv/bin/python bench/pipeline_steps.py [SIZE ...]
"""

from __future__ import annotations

import asyncio
import gc
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from config.tenants import load_tenant
from emulators.runtime import Emulators
from emulators.seed.company import seed_company
from tasks.employees.diff import build_change_set
from tasks.employees.extract import read_hr
from tasks.employees.steps import PayrollSnapshot, PayrollTarget
from tasks.employees.transform import build_payroll_target
from tasks.engine.connections import Transports, attached, connections
from tasks.people.steps import HrSnapshot
from tasks.people.validate import validate_hr_frames

SEED_SIZE = 1_000
TENANT_FILE = """
[alexis]
base_url = "http://127.0.0.1:1/v1"
token = "env:HRSYNC_BENCH_ALEXIS_TOKEN"
[payroll]
base_url = "http://127.0.0.1:2/v1"
token = "env:HRSYNC_BENCH_PAYROLL_TOKEN"
"""


def seeded_hr(size: int) -> HrSnapshot:
    """Seed an in-memory AlexisHR with `size` employees and read them through the client."""
    os.environ.update(HRSYNC_BENCH_ALEXIS_TOKEN="bench-a", HRSYNC_BENCH_PAYROLL_TOKEN="bench-p")
    hub = Emulators()
    company = hub.alexis.add_company("bench-a", "Bench AS")
    seed_company(company, size=size, seed=3, domain="bench.example.no",
                 anchor=date(2026, 11, 26), defects=False)  # fmt: skip
    hub.payroll.add_company("bench-p", "Bench AS")

    async def read() -> HrSnapshot:
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "bench.toml").write_text(TENANT_FILE)
            tenant = load_tenant("bench", Path(folder))
            transports = Transports(alexis=hub.alexis_transport(),
                                    payroll=hub.payroll_transport())  # fmt: skip
            with attached(transports):
                async with connections(tenant) as apis:
                    return await read_hr(apis.alexis, tenant)

    return asyncio.run(read())


def _copy(frame: pd.DataFrame, n: int, ids: list[str]) -> pd.DataFrame:
    """Copy `n` of the frame: new AlexisHR ids (suffixed) and employee numbers (offset)."""
    out = frame.copy()
    for column in ids:
        out[column] = out[column].map(lambda v: v if pd.isna(v) else f"{v}-{n}")
    offset = n * 1_000_000
    numbers = pd.to_numeric(out["employeeNumber"], errors="coerce") + offset
    out["employeeNumber"] = numbers.map(lambda v: str(int(v)) if pd.notna(v) else v)
    if "workEmail" in out:
        out["workEmail"] = out["workEmail"].map(lambda v: v if pd.isna(v) else f"{n}.{v}")
    return out


def tiled(hr: HrSnapshot, size: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """HR employee and employment frames of `size` employees, made of copies of `hr`."""
    base = len(hr.employees)
    copies = -(-size // base)
    employees = pd.concat([_copy(hr.employees, n, ["id"]) for n in range(copies)])
    employments = pd.concat([_copy(hr.employments, n, ["id", "employeeId"]) for n in range(copies)])
    employees = employees.iloc[:size].reset_index(drop=True)
    kept = employments["employeeId"].isin(set(employees["id"]))
    return employees, employments[kept].reset_index(drop=True)


def payroll_like(target: PayrollTarget, changed: float) -> PayrollSnapshot:
    """Payroll holding the target (as payroll answers: "" where no value), `changed` edited."""
    employees = target.employees.fillna("").astype("str")
    employments = target.employments.fillna("").astype("str")
    step = int(1 / changed) if changed else 0
    if step:
        employees.loc[::step, "firstname"] = "Edited"
        employments.loc[::step, "employment_rate"] = "12.50"
    return PayrollSnapshot(employees=employees, employments=employments)


def timed(call: Callable[[], Any]) -> tuple[Any, float]:
    gc.collect()  # each step pays for its own garbage, not the last one's
    started = time.perf_counter()
    return call(), time.perf_counter() - started


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(size: int, seed_size: int) -> None:
    print(f"peak RSS after imports {peak_rss_mb():.0f} MB")
    hr, seconds = timed(lambda: seeded_hr(min(size, seed_size)))
    print(f"seeded and read {len(hr.employees)} employees in {seconds:.1f}s; "
          f"peak RSS so far {peak_rss_mb():.0f} MB")  # fmt: skip
    employees, employments = tiled(hr, size)
    del hr
    valid, t_validate = timed(lambda: validate_hr_frames("bench", employees, employments))
    target, t_transform = timed(lambda: build_payroll_target("bench", valid))
    empty = PayrollSnapshot(
        employees=target.employees.iloc[:0], employments=target.employments.iloc[:0]
    )
    per = 1e6 / size
    print(f"{size} employees: validate {t_validate * per:.0f} µs/employee, "
          f"transform {t_transform * per:.0f} µs/employee "
          f"({len(target.employees)} mapped, {len(target.quarantine)} quarantined); "
          f"peak RSS {peak_rss_mb():.0f} MB")  # fmt: skip
    passes = (("first pass", 0.0, True), ("no change", 0.0, False), ("1 % change", 0.01, False))
    for name, changed, first in passes:
        current = empty if first else payroll_like(target, changed)
        changes, t_diff = timed(partial(build_change_set, "bench", target, current))
        print(f"{size} employees, {name}: diff {t_diff * per:.0f} µs/employee, "
              f"{len(changes.writes())} writes of {len(changes.records)} records; "
              f"peak RSS {peak_rss_mb():.0f} MB")  # fmt: skip
        del changes, current


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["10000"]:
        run(int(arg), SEED_SIZE)
