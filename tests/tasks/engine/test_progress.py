"""Progress of long phases: counted as calls finish, on a display or as "n of N" log lines."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tasks.engine import progress
from tasks.engine.progress import LogTracker, gather_tracked, set_display


class Recorder:
    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done, self.closed = label, total, 0, False

    def advance(self) -> None:
        self.done += 1

    def close(self) -> None:
        self.closed = True


async def after(seconds: float, value: int) -> int:
    await asyncio.sleep(seconds)
    return value


def test_results_keep_their_order_and_every_call_counts() -> None:
    seen: list[Recorder] = []

    def display(label: str, total: int) -> Recorder:
        seen.append(Recorder(label, total))
        return seen[-1]

    set_display(display)
    try:
        calls = (after(0.01 * (5 - n), n) for n in range(5))
        results = asyncio.run(gather_tracked("reading", calls))
    finally:
        set_display(None)

    assert results == [0, 1, 2, 3, 4]
    assert [(r.label, r.total, r.done, r.closed) for r in seen] == [("reading", 5, 5, True)]


def test_a_failing_call_still_closes_the_phase() -> None:
    recorder = Recorder("writing", 2)
    set_display(lambda label, total: recorder)

    async def refused() -> int:
        raise RuntimeError("refused")

    try:
        with pytest.raises(RuntimeError):
            asyncio.run(gather_tracked("writing", [after(0, 1), refused()]))
    finally:
        set_display(None)
    assert recorder.closed


def test_without_a_display_the_phase_logs_n_of_n(caplog: pytest.LogCaptureFixture) -> None:
    assert progress._display is None
    with caplog.at_level(logging.INFO, logger="tasks.engine.progress"):
        asyncio.run(gather_tracked("writing employees", (after(0, n) for n in range(3))))

    assert [r.getMessage() for r in caplog.records][-1].startswith("writing employees: 3 of 3 (")


def test_log_lines_come_at_most_every_interval(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="tasks.engine.progress"):
        often = LogTracker("reading", 100, every=0)
        for _ in range(3):
            often.advance()
        rarely = LogTracker("reading", 100, every=3600)
        for _ in range(3):
            rarely.advance()
        rarely.close()

    messages = [r.getMessage().split(" (")[0] for r in caplog.records]
    assert messages == [
        "reading: 1 of 100", "reading: 2 of 100", "reading: 3 of 100", "reading: 3 of 100",
    ]  # fmt: skip


@pytest.mark.parametrize(("at_once", "peak_expected"), [(2, 2), (None, 6)])
def test_at_once_bounds_the_calls_under_way_so_early_ones_finish_first(
    at_once: int | None, peak_expected: int
) -> None:
    running, peak, order = 0, 0, []

    async def two_requests(n: int) -> int:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        order.append(f"start {n}")
        await asyncio.sleep(0)  # the first request
        await asyncio.sleep(0)  # the second
        running -= 1
        order.append(f"end {n}")
        return n

    calls = (two_requests(n) for n in range(6))
    assert asyncio.run(gather_tracked("x", calls, at_once=at_once)) == list(range(6))
    assert peak == peak_expected
    if at_once:
        assert order.index("end 0") < order.index("start 2")
