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

from pydantic import PlainValidator
from pydantic_core import PydanticCustomError

_BARE_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_NOT_A_DATE = "Input should be a valid date or date-time"


def read_moment(value: object) -> date:
    """A bare date as that calendar day; a date-time as an aware instant.

    Choice (spec silent): a date-time without an offset is taken as UTC, the zone every AlexisHR
    timestamp is written in (`…Z`) and the one its Node service runs in, never the zone of the
    machine reading it. Anything else (a number, a malformed text) is no date; the error never
    quotes the value (it may be personal data sent in the wrong field).
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            value = (
                date.fromisoformat(text) if _BARE_DATE.match(text) else datetime.fromisoformat(text)
            )
        except ValueError:
            raise PydanticCustomError("datetime_parsing", _NOT_A_DATE) from None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return value
    raise PydanticCustomError("datetime_type", _NOT_A_DATE)


# An AlexisHR date or date-time field: a `date` for a bare calendar day, else an aware datetime.
AlexisMoment = Annotated[datetime | date, PlainValidator(read_moment)]


def as_instant(value: date) -> datetime:
    """Order a bare day with instants: the day as UTC midnight (an aware datetime stays)."""
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=UTC)
