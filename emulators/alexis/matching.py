"""Typed comparison of records with filters, and sorting, the way a MongoDB-backed service does."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from emulators.alexis.fieldtypes import FieldType, Kind, Resource
from emulators.alexis.state import is_object_id
from emulators.alexis.timestamps import parse_instant

SCALAR_OPERATORS = frozenset({"$eq", "$neq", "$gt", "$gte", "$lt", "$lte", "$all"})
ARRAY_OPERATORS = frozenset({"$in", "$nin", "$between"})
_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "$eq": operator.eq,
    # `$all` is in the spec's filter schema without a description; on a scalar field Mongo's
    # $all with one value is plain equality.
    "$all": operator.eq,
    "$gt": operator.gt,
    "$gte": operator.ge,
    "$lt": operator.lt,
    "$lte": operator.le,
}


@dataclass(frozen=True)
class Filter:
    """One `filters[field][$op]` condition with its values already typed for the field."""

    field: str
    operator: str
    values: tuple[Any, ...]


def typed_query_value(field_type: FieldType, raw: str) -> Any:
    """Convert a query-string value to the field's type.

    Args:
        field_type: Type of the filtered field.
        raw: The value as sent in the query string.

    Returns:
        A bool, float, aware datetime, lower-case ObjectId or string.

    Raises:
        ValueError: With a class-validator style reason, e.g. "must be a boolean value".
    """
    kind = field_type.kind
    if kind is Kind.BOOLEAN:
        if raw not in ("true", "false"):
            raise ValueError("must be a boolean value")
        return raw == "true"
    if kind is Kind.NUMBER:
        try:
            number = float(raw)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise ValueError("must be a number conforming to the specified constraints")
        return number
    if kind is Kind.DATETIME:
        try:
            return parse_instant(raw)
        except ValueError:
            raise ValueError("must be a valid ISO 8601 date string") from None
    if kind is Kind.ID:
        # Choice (spec silent): an id filter that is no ObjectId is rejected (400), as a Mongo
        # query cannot even be built from it.
        if not is_object_id(raw):
            raise ValueError("must be a mongodb id")
        return raw.lower()
    return raw


def comparable(field_type: FieldType, value: Any) -> Any:
    """Convert a stored value to the type used in comparisons; None when absent or unusable."""
    if value is None:
        return None
    kind = field_type.kind
    if kind is Kind.DATETIME:
        try:
            return parse_instant(value)
        except (TypeError, ValueError):
            return None
    if kind is Kind.NUMBER:
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        return float(value) if is_number else None
    if kind is Kind.BOOLEAN:
        return value if isinstance(value, bool) else None
    if kind is Kind.ID:
        return str(value).lower()
    return str(value)


def matches_all(resource: Resource, record: dict[str, Any], filters: Iterable[Filter]) -> bool:
    """Tell whether a record meets every filter (different filters are ANDed)."""
    return all(
        _meets(f.operator, comparable(resource.fields[f.field], record.get(f.field)), f.values)
        for f in filters
    )


def _meets(op: str, actual: Any, values: tuple[Any, ...]) -> bool:
    # Choice (spec silent): Mongo semantics, a null value fails every condition but $neq and $nin.
    if op == "$neq":
        return bool(actual != values[0])
    if op == "$nin":
        return actual not in values
    if actual is None:
        return False
    if op == "$in":
        return actual in values
    if op == "$between":
        # Choice (spec silent): both ends of $between are inclusive ($gte/$lte).
        return bool(values[0] <= actual <= values[1])
    return bool(_COMPARISONS[op](actual, values[0]))


def sort_records(
    resource: Resource, records: list[dict[str, Any]], keys: list[tuple[str, bool]]
) -> list[dict[str, Any]]:
    """Sort by several keys in order of priority; each pair is (field, descending).

    Choice (spec silent): several `sort[field]` keys apply in the order given; nulls come first
    ascending and last descending, as in MongoDB; ties and unsorted lists keep creation order.
    """
    rows = list(records)
    for name, descending in reversed(keys):
        field_type = resource.fields[name]
        rows.sort(
            key=lambda row: _sort_key(comparable(field_type, row.get(name))), reverse=descending
        )
    return rows


def _sort_key(value: Any) -> tuple[bool, Any]:
    return (False, 0) if value is None else (True, value)
