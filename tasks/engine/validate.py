"""Validation failures (pandera, lazy) and the quarantine entries that name their employee."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from schemas.text import MAX_LENGTHS, is_printable
from tasks.engine.changes import QuarantineEntry

# pandera's built-in checks (`str_matches('^$|…')`), said plainly; their names may hold a `|`.
_BUILT_IN_REASONS = {
    "not_nullable": "is required",
    "str_matches": "has the wrong format",
    "str_length": "has the wrong length",
    "isin": "is not one of the allowed values",
}


# Our own checks are named `field|reason` (see schemas/hr.py); `*` is the failing column, and
# `{max}` in a reason is that column's longest allowed text.
_OWN_CHECK = re.compile(r"^(?P<field>[\w.*]+)\|(?P<reason>.+)$", re.DOTALL)


WIRE = "wire"  # the column of a record's misfits (see clients.alexis_records.AlexisRecord)


# The longest employee number a report shows; longer or unprintable ones are named by id.
_LABEL_LENGTH = 20


@dataclass(frozen=True)
class Failure:
    """One failing row: its index, the field and the reason (never the value)."""

    row: Hashable
    field: str
    reason: str


def failures(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> list[Failure]:
    """Validate `frame` lazily and return each (row, field, reason) once.

    Raises:
        RuntimeError: when the frame's shape itself is wrong (a missing column or dtype): a
            defect of hrsync, not of one employee's data.
    """
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    shape_errors = cases[cases["index"].isna()]
    if not shape_errors.empty:
        broken = sorted(set(shape_errors["column"].astype(str)))
        raise RuntimeError(f"{model.__name__} frame is malformed in column(s) {broken}")
    found: dict[tuple[Hashable, str, str], None] = {}
    for column, check, row in zip(cases["column"], cases["check"], cases["index"], strict=True):
        own = _OWN_CHECK.match(str(check))
        if own:
            field = str(column) if own["field"] == "*" else own["field"]
            reason = own["reason"].replace("{max}", str(MAX_LENGTHS.get(field, "")))
        else:
            name = str(check).partition("(")[0]
            field, reason = str(column), _BUILT_IN_REASONS.get(name, f"fails {name}")
        found[(row, field, reason)] = None
    return [Failure(row, field, reason) for row, field, reason in found]


def wire_failures(frame: pd.DataFrame) -> list[Failure]:
    """The misfits AlexisHR's answer had, one failure per `field|reason` line of `wire`."""
    found = []
    for row, lines in frame[WIRE].items():
        if isinstance(lines, str):
            for line in lines.splitlines():
                field, _, reason = line.partition("|")
                found.append(Failure(row, field, reason))
    return found


def all_failures(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> list[Failure]:
    """Misfits first, then the model's checks for the rows that were read whole.

    A misfit row's empty fields would only repeat what its misfits already say.
    """
    misfits = wire_failures(frame)
    broken = {f.row for f in misfits}
    return misfits + [f for f in failures(model, frame) if f.row not in broken]


def quarantine_entries(
    tenant: str,
    found: list[Failure],
    who: Callable[[Hashable], str],
    system: str = "AlexisHR",
) -> list[QuarantineEntry]:
    """Turn failures into entries, naming each employee through `who(row)`."""
    return [QuarantineEntry(tenant, who(f.row), f.field, f.reason, system) for f in found]


def employee_label(number: object, alexis_id: object, record: str = "employee") -> str:
    """The employee number, or the AlexisHR id when the number is missing or unshowable."""
    if isinstance(number, str) and number.strip():
        shown = number.strip()
        if len(shown) <= _LABEL_LENGTH and is_printable(shown):
            return shown
    if isinstance(alexis_id, str) and alexis_id.strip():
        return f"AlexisHR id {alexis_id}"
    return f"an unreadable AlexisHR {record} record"
