"""AlexisHR dates as AlexisHR means them, whatever the time zone of the machine reading them.

AlexisHR sends date-only values (start dates, leave days, birth dates) as UTC instants, usually
the company's local midnight (`2023-12-31T23:00:00.000Z` is 1 January in Oslo), and some clients
and old records carry a bare `YYYY-MM-DD`. Read naively, Python takes an offset-less value in the
worker's local time zone, so a worker with another `TZ` would export another day.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import BeforeValidator

_BARE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_moment(value: object) -> object:
    """A bare date as that calendar day; a date-time as an aware instant.

    Choice (spec silent): a date-time without an offset is taken as UTC, the zone every AlexisHR
    timestamp is written in (`…Z`) and the one its Node service runs in, never the zone of the
    machine reading it. Anything else goes on to pydantic's own checks unchanged.
    """
    if isinstance(value, str):
        text = value.strip()
        if _BARE_DATE.match(text):
            return date.fromisoformat(text)
        value = datetime.fromisoformat(text)
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


# An AlexisHR date or date-time field: a `date` for a bare calendar day, else an aware datetime.
AlexisMoment = Annotated[datetime | date, BeforeValidator(read_moment)]


def as_instant(value: date) -> datetime:
    """Order a bare day with instants: the day as UTC midnight (an aware datetime stays)."""
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=UTC)
