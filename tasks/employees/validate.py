"""Validate the HR frames with pandera; every failure becomes a quarantine entry."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tasks.people.steps import HrSnapshot, ValidHr
from tasks.people.validate import validate_hr_frames


@task(name="validate", cache_policy=NO_CACHE)
def validate_hr(tenant: str, hr: HrSnapshot) -> ValidHr:
    """Validate the AlexisHR frames (pandera, lazy) and quarantine what fails."""
    valid = validate_hr_frames(tenant, hr.employees, hr.employments)
    get_run_logger().info(
        "%d employees valid, %d quarantine entries", len(valid.employees), len(valid.quarantine)
    )
    return valid
