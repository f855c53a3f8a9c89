"""Latency, the concurrency cap and the call counter in front of a served emulator."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from emulators.latency import CALLS_PATH, endpoint
from emulators.runtime import Emulators

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_an_endpoint_folds_record_ids_and_keeps_the_route() -> None:
    assert endpoint("GET", "/api/employment/v2/1042") == "GET /api/employment/v2/{id}"
    assert endpoint("GET", "/v1/employee") == "GET /v1/employee"
    assert endpoint("POST", "/api/employee/v2") == "POST /api/employee/v2"


async def test_served_requests_wait_the_latency_and_queue_behind_the_cap() -> None:
    hub = Emulators(latency=0.05, concurrency=2)
    hub.payroll.add_company("bench-p", "Bench AS")
    with hub.serve() as urls:
        async with httpx.AsyncClient(base_url=urls.payroll_url) as http:
            started = time.monotonic()
            answers = await asyncio.gather(
                *(http.get("/auth", params={"token": "bench-p"}) for _ in range(4))
            )
            elapsed = time.monotonic() - started
    assert all(a.status_code == 200 for a in answers)
    # Four requests, two at a time, 50 ms each: at least two rounds of the latency.
    assert elapsed >= 0.1


async def test_the_call_counter_answers_per_endpoint_and_starts_over() -> None:
    hub = Emulators()
    hub.payroll.add_company("bench-p", "Bench AS")
    with hub.serve() as urls:
        root = urls.payroll_url.removesuffix("/api")
        async with httpx.AsyncClient(base_url=root) as http:
            for _ in range(3):
                await http.get("/api/auth", params={"token": "bench-p"})
            await http.get("/api/employment/v2/17")
            counted = (await http.get(CALLS_PATH)).json()
            cleared = (await http.delete(CALLS_PATH)).json()
            after = (await http.get(CALLS_PATH)).json()
    assert counted == {"GET /api/auth": 3, "GET /api/employment/v2/{id}": 1}
    assert cleared == {} and after == {}
    assert len(hub.payroll_app.requests) == 4  # the control path is not an API request
