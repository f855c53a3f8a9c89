"""A sync's schedule in the tenant file: weekdays and a time of day, in the tenant's zone."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CRON_DAY = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 0}
_RRULE_DAY = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA",
              "sun": "SU"}  # fmt: skip
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def _time_of_day(value: str) -> str:
    if not _TIME.match(value):
        raise ValueError("must be HH:MM on a 24-hour clock, e.g. '06:00'")
    return value


def _some_days(days: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
    if not days:
        raise ValueError("name at least one weekday, or set enabled = false")
    return tuple(sorted(set(days), key=WEEKDAYS.index))


class Schedule(BaseModel):
    """`[<sync>.schedule]`: when a sync runs by itself (absent: manual runs only).

    Attributes:
        enabled: false keeps the schedule in the file but runs nothing.
        days: weekdays to run on.
        time: time of day, `HH:MM`, in the tenant's time zone (Europe/Oslo by default).
        start: the first day a scheduled run may happen. `hrsync schedule … --enable` sets it to
            the next day, so a newly enabled schedule first runs at the next day's slot, as
            AlexisHR's own integration does.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    days: Annotated[tuple[Weekday, ...], AfterValidator(_some_days)] = (
        "mon", "tue", "wed", "thu", "fri",
    )  # fmt: skip
    time: Annotated[str, AfterValidator(_time_of_day)] = "06:00"
    start: date | None = None

    @property
    def hour_minute(self) -> tuple[int, int]:
        """The slot as (hour, minute)."""
        hour, minute = self.time.split(":")
        return int(hour), int(minute)

    def cron(self) -> str:
        """`0 6 * * 1,2,3,4,5`: the slot as a cron expression (local time of the zone)."""
        hour, minute = self.hour_minute
        days = ",".join(str(_CRON_DAY[d]) for d in self.days)
        return f"{minute} {hour} * * {days}"

    def rrule(self) -> str:
        """The slot as an RFC 5545 rule starting on `start` (local time of the zone)."""
        hour, minute = self.hour_minute
        first = self.start or date(2000, 1, 1)
        days = ",".join(_RRULE_DAY[d] for d in self.days)
        return (
            f"DTSTART:{first:%Y%m%d}T{hour:02d}{minute:02d}00\n"
            f"RRULE:FREQ=WEEKLY;BYDAY={days};BYHOUR={hour};BYMINUTE={minute};BYSECOND=0"
        )

    def needs_start(self, today: date) -> bool:
        """True while the schedule may not run yet (its start lies ahead)."""
        return self.start is not None and self.start > today
