"""What confirming creates tells the run's log, whichever pipeline re-read payroll."""

from __future__ import annotations

from prefect import get_run_logger

from tasks.engine.changes import ChangeSet


def creates(changes: ChangeSet) -> int:
    """How many records the change set creates."""
    return sum(1 for r in changes.records if r.action == "create")


def log_confirmed(before: ChangeSet, after: ChangeSet) -> None:
    """Say in the run's log how many creates the re-read confirmed and how many it found."""
    planned, confirmed = creates(before), creates(after)
    get_run_logger().info(
        "%d create(s) confirmed, %d found in payroll after all", confirmed, planned - confirmed
    )
