"""Progress of a long phase (one request per employee or record): counts and rate as it goes.

A command on a terminal installs a display (a rich progress bar); everywhere else, in `serve`
and on workers, the phase logs "n of N" lines to the run's log every few seconds.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol, TypeVar

from prefect import get_run_logger
from prefect.exceptions import MissingContextError

T = TypeVar("T")
LOG_EVERY_SECONDS = 10.0


class Tracker(Protocol):
    """One phase's progress: advanced per finished item, closed at the end."""

    def advance(self) -> None:
        """One more item done."""

    def close(self) -> None:
        """The phase ended (done or failed)."""


Display = Callable[[str, int], Tracker]
_display: Display | None = None


def set_display(display: Display | None) -> None:
    """Install (or, with None, remove) the display phases report to in this process."""
    global _display
    _display = display


def _run_logger() -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)


class LogTracker:
    """Logs `label: n of N (r/s)` at most every `every` seconds, and once at the end."""

    def __init__(self, label: str, total: int, every: float = LOG_EVERY_SECONDS) -> None:
        self.label, self.total, self.every = label, total, every
        self.logger = _run_logger()
        self.done = 0
        self.started = self.last = time.monotonic()

    def advance(self) -> None:
        """Count one item; log when the last line is old enough."""
        self.done += 1
        if time.monotonic() - self.last >= self.every:
            self._log()

    def close(self) -> None:
        """Log the final count."""
        self._log()

    def _log(self) -> None:
        self.last = time.monotonic()
        rate = self.done / max(self.last - self.started, 1e-3)
        self.logger.info("%s: %d of %d (%.0f/s)", self.label, self.done, self.total, rate)


def track(label: str, total: int) -> Tracker:
    """A tracker for a phase of `total` items, on the installed display or the run log."""
    return _display(label, total) if _display is not None else LogTracker(label, total)


async def gather_tracked(
    label: str, calls: Iterable[Awaitable[T]], at_once: int | None = None
) -> list[T]:
    """`asyncio.gather` of `calls`, reporting each finished call as progress of `label`.

    `at_once` bounds the calls under way: a call of several requests (an employee, then their
    employments) then finishes before the next starts, rather than every call's first request
    queueing ahead of every call's second, so that nothing finishes (and no progress shows)
    until all the first requests are done.
    """
    pending = list(calls)
    tracker = track(label, len(pending))
    gate = asyncio.Semaphore(at_once or max(len(pending), 1))

    async def counted(call: Awaitable[T]) -> T:
        async with gate:
            result = await call
        tracker.advance()
        return result

    try:
        return await asyncio.gather(*(counted(c) for c in pending))
    finally:
        tracker.close()
