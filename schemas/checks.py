"""Checks shared by the frame models: date shapes, printable text, lengths, plausible dates."""

from __future__ import annotations

from datetime import date

import pandas as pd

from schemas.text import fits, is_printable

# Choice (spec silent): a date before 1900 or more than this many years ahead is a typo (1024 for
# 2024, 2204 for 2024), never a real hire, salary or leave; nobody alive was born before 1900.
EARLIEST = date(1900, 1, 1)
YEARS_AHEAD = 5
# Said once, used by every check of a column or row that holds text from AlexisHR.
UNPRINTABLE = "*|contains control characters or invisible text (e.g. an escape, a zero-width " \
    "space, a right-to-left override)"  # fmt: skip
TOO_LONG = "*|is longer than the {max} characters 24SevenOffice and the a-melding accept"
# A calendar date as text, the whole value: pandera's `str_matches` anchors only the start.
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# The same, or empty: how payroll and AlexisHR say "no date".
ISO_DATE_OR_EMPTY = f"^$|{ISO_DATE}"


def latest_plausible(today: date | None = None) -> date:
    """The last date a start, end, salary or leave date may fall on."""
    today = today or date.today()
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


def plausible_dates(values: pd.Series[date], *, future: bool = True) -> pd.Series[bool]:
    """True where a date is missing or between 1900 and `YEARS_AHEAD` years from today."""
    last = latest_plausible() if future else date.today()
    return values.map(lambda d: d is None or d != d or EARLIEST <= d <= last).astype(bool)


def printable(values: pd.Series[str]) -> pd.Series[bool]:
    """True where a text is missing or holds no control or invisible characters."""
    return values.map(lambda v: not isinstance(v, str) or is_printable(v)).astype(bool)


def within_length(values: pd.Series[str]) -> pd.Series[bool]:
    """True where a text is missing or fits its column's payroll length (the Series' name)."""
    field = str(values.name)
    return values.map(lambda v: not isinstance(v, str) or fits(v, field)).astype(bool)
