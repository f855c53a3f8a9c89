"""Date-time values as the AlexisHR service shows them: UTC instants in JavaScript ISO format."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

# What a JavaScript `Date` accepts in practice from API clients: a calendar date, optionally with a
# time and an offset. Python's fromisoformat alone is wider (week dates, basic format), so the shape
# is checked first.
_ISO_SHAPE = re.compile(
    r"^\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def format_instant(moment: datetime) -> str:
    """Format an aware datetime as `Date.toISOString()` does: UTC, milliseconds, `Z`.

    Args:
        moment: An aware datetime (a naive one is taken as UTC).

    Returns:
        A string such as `2023-12-31T23:00:00.000Z`.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def local_midnight_utc(day: date, tz: str = "Europe/Oslo") -> str:
    """Return local midnight of `day` in `tz`, expressed as a UTC instant string.

    The AlexisHR web app stores date-only values (hire date, start date, leave days …) as the start
    of that day in the company's time zone, so 1 January in Oslo becomes `…-12-31T23:00:00.000Z`.

    Args:
        day: The calendar day.
        tz: IANA time zone of the company.

    Returns:
        The ISO string with millisecond precision and a `Z` suffix.
    """
    return format_instant(datetime.combine(day, time.min, tzinfo=ZoneInfo(tz)))


def is_date_only(text: str) -> bool:
    """Tell whether `text` is a bare `YYYY-MM-DD` calendar date."""
    return bool(_DATE_ONLY.match(text))


@lru_cache(maxsize=65536)
def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 string into an aware UTC datetime.

    A bare date means UTC midnight and a timestamp without offset is read as UTC, as a Node service
    running in UTC does with `new Date(text)`.

    Args:
        text: The ISO string.

    Returns:
        The instant in UTC.

    Raises:
        ValueError: If the text is not an ISO 8601 date or date-time.
    """
    if not _ISO_SHAPE.match(text):
        raise ValueError(f"not an ISO 8601 date-time: {text!r}")
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def stored_instant(value: object, tz: str) -> str:
    """Normalise a written date or date-time value to the stored ISO form.

    Date-only input (a `date`, or a `YYYY-MM-DD` string) becomes local midnight in `tz`, as the
    service stores such values; anything with a time is kept as that instant.

    Args:
        value: A `date`, an aware `datetime` or an ISO string.
        tz: IANA time zone of the company.

    Returns:
        The ISO string as the API returns it.

    Raises:
        ValueError: If the value is neither a date nor an ISO date-time.
    """
    if isinstance(value, datetime):
        return format_instant(value)
    if isinstance(value, date):
        return local_midnight_utc(value, tz)
    if isinstance(value, str):
        if is_date_only(value):
            return local_midnight_utc(date.fromisoformat(value), tz)
        return format_instant(parse_instant(value))
    raise ValueError(f"not a date or date-time: {value!r}")
