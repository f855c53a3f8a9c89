"""Frame building blocks: typed frames from rows, local days of AlexisHR dates, misfit lines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
import pandera.pandas as pa


def local_date(value: date | None, zone: ZoneInfo) -> date | None:
    """The calendar day of an AlexisHR date-only value in the tenant's time zone.

    AlexisHR stores a date as local midnight expressed in UTC (1 January in Oslo arrives as
    `2023-12-31T23:00:00.000Z`); cutting the string would give the wrong day. A bare date is
    that day already. Instants are always aware (`clients.alexis_dates`), so the worker's own
    time zone never enters.
    """
    if isinstance(value, datetime):
        return value.astimezone(zone).date()
    return value


def wire_lines(problems: Iterable[str], prefix: str = "") -> list[str]:
    """`field|reason` lines of a record's misfits, the field under `prefix` (`compensation.`)."""
    return [f"{prefix}{p}" for p in problems]


def typed_frame(
    rows: Sequence[Mapping[str, object]], model: type[pa.DataFrameModel]
) -> pd.DataFrame:
    """Build the frame with the dtypes its pandera model declares (validation checks, not casts).

    Columns are cast even when there are no rows, so an empty run validates like a full one.
    """
    schema = model.to_schema()
    frame = pd.DataFrame(rows, columns=list(schema.columns))
    for name, column in schema.columns.items():
        kind = str(column.dtype)
        if kind.startswith(("str", "string")):  # pandera names `Series[str]` string[python]
            frame[name] = frame[name].astype("str")
        elif kind.startswith("float"):
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
        elif kind == "bool":
            frame[name] = frame[name].astype(bool)
    return frame
