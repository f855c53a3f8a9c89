"""CPU cost per HTTP request of the clients and emulators together, on loopback.

The emulators are served in this process (threads), so `time.process_time` counts the client's and
the emulators' CPU together: the figure to cut when a sync of 100 000 employees is CPU-bound.
Usage: .venv/bin/python bench/request_overhead.py [N] [--profile]
(--profile: clients and emulators in one thread over ASGI, cProfile's top functions by own time)
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import pstats
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from clients.alexis import AlexisClient
from clients.payroll import PayrollClient
from emulators.runtime import Emulators, Endpoints
from emulators.seed.company import seed_company

# Valid example numbers of the vendor spec; the emulator checks their digits, not uniqueness.
FNR = "16024301269"
KONTONR = "86011117947"
CONCURRENCY = 8
LOCAL = ("http://alexis.local/v1", "http://payroll.local/api")


def employee(number: int) -> dict[str, Any]:
    return {
        "empId": str(number), "firstname": f"Ansatt{number}", "lastname": "Benk",
        "email": f"a{number}@bench.example.no", "postaddress": "Storgata 1", "zipcode": "0155",
        "city": "OSLO", "countryCode": "NO", "personnr": FNR, "account": KONTONR,
        "bic": "DNBANOKK", "salary_type": "monthly", "salary": "50000",
        "salary_valid_from": "2024-01-01", "vacation_days": "25",
    }  # fmt: skip


def employment(number: int) -> dict[str, Any]:
    return {
        "employment_id": f"HR-{number}", "startdate": "2024-01-01", "employment_form": "fast",
        "employment_rate": "100", "working_times": "ikkeSkift",
    }  # fmt: skip


async def timed(label: str, count: int, calls: Callable[[int], Awaitable[Any]]) -> None:
    slots = asyncio.Semaphore(CONCURRENCY)

    async def one(n: int) -> None:
        async with slots:
            await calls(n)

    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one(n) for n in range(1, count + 1)))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<28} {count:>6} requests  wall {wall / count * 1e6:>7.0f} µs  "
          f"cpu {cpu / count * 1e6:>7.0f} µs per request")  # fmt: skip


async def run(hub: Emulators, size: int, urls: Endpoints | None) -> None:
    # No URLs: through the in-process ASGI transports, so one thread (and one profile) holds both
    # the clients and the emulators; only uvicorn and the sockets are left out.
    alexis_url, payroll_url = (urls.alexis_url, urls.payroll_url) if urls else LOCAL
    async with (
        PayrollClient.connect(
            payroll_url, "bench-p", transport=None if urls else hub.payroll_transport()
        ) as payroll,
        AlexisClient.connect(
            alexis_url, "bench-a", transport=None if urls else hub.alexis_transport()
        ) as alexis,
    ):
        await payroll.organization()  # the token exchange, outside the timing
        await timed("payroll create_employee", size, lambda n: payroll.create_employee(employee(n)))
        await timed("payroll upsert_employments", size,
                    lambda n: payroll.upsert_employments(str(n), [employment(n)]))  # fmt: skip
        await timed("payroll employments GET", size, lambda n: payroll.employments(str(n)))
        pages = max(1, -(-size // 500))
        started = time.process_time()
        rows = sum([len((await alexis.list_all("employee")).data) for _ in range(3)])
        cpu = time.process_time() - started
        print(f"{'alexis employee list_all':<28} {rows:>6} rows      3 reads of ~{pages} pages, "
              f"cpu {cpu / 3 * 1e3:.0f} ms per read")  # fmt: skip


def main(argv: list[str]) -> None:
    size = int(next((a for a in argv if a.isdigit()), "2000"))
    os.environ.setdefault("PYTHONHASHSEED", "0")
    hub = Emulators()
    company = hub.alexis.add_company("bench-a", "Bench AS")
    seed_company(company, size=size, seed=3, domain="bench.example.no",
                 anchor=date(2026, 11, 26), defects=False)  # fmt: skip
    hub.payroll.add_company("bench-p", "Bench AS")
    if "--profile" not in argv:
        with hub.serve() as urls:
            asyncio.run(run(hub, size, urls))
        return
    # cProfile sees one thread: served emulators run in uvicorn's, so profile through ASGI.
    profiler = cProfile.Profile()
    profiler.enable()
    asyncio.run(run(hub, size, None))
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main(sys.argv[1:])
