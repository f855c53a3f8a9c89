"""The terminal display of long phases: a rich progress bar with counts and rate."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from cli.console import console
from tasks.engine.progress import Tracker, set_display


class RateColumn(ProgressColumn):
    """Items per second."""

    def render(self, task: Task) -> Text:
        """`42/s`, once rich has a rate."""
        return Text(f"{task.speed:.0f}/s" if task.speed else "", style="progress.data.speed")


class BarTracker:
    """One phase as one bar, removed when the phase ends."""

    def __init__(self, progress: Progress, task: TaskID) -> None:
        self.progress, self.task = progress, task

    def advance(self) -> None:
        """One more item done."""
        self.progress.advance(self.task)

    def close(self) -> None:
        """The phase ended: its bar goes."""
        self.progress.remove_task(self.task)


@contextmanager
def progress_bars(prefix: str) -> Iterator[None]:
    """Show the phases of the block as bars labelled `prefix: phase` (only on a terminal)."""
    if not console.is_terminal:
        yield
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               RateColumn(), TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=console, transient=True) as progress:

        def display(label: str, total: int) -> Tracker:
            return BarTracker(progress, progress.add_task(f"{prefix}: {label}", total=total))

        set_display(display)
        try:
            yield
        finally:
            set_display(None)
