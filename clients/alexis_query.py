"""AlexisHR list queries: filters as the API's deepObject parameters, select, relations, sort."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

from clients.service import QueryParams

Scalar = str | int | float | bool | date | datetime
# {"active": True, "startDate": {"$gte": date(2024, 1, 1)}, "id": {"$in": [...]}}
Filters = Mapping[str, Scalar | Mapping[str, Scalar | Sequence[Scalar]]]
Sort = Mapping[str, str]


def _encode(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def encode_filters(filters: Filters) -> QueryParams:
    """Encode filters as the API's deepObject query: `filters[field][$op]=value`."""
    params: QueryParams = []
    for name, condition in filters.items():
        if not isinstance(condition, Mapping):
            params.append((f"filters[{name}][$eq]", _encode(condition)))
            continue
        for operator, operand in condition.items():
            key = f"filters[{name}][{operator}]"
            if isinstance(operand, Sequence) and not isinstance(operand, str):
                if not operand and operator != "$nin":
                    # Nothing would be sent, so the condition would vanish and `$in: []` would
                    # match every row (list_all and count answer it without asking instead).
                    raise ValueError(f"{key} needs at least one value")
                params.extend((f"{key}[]", _encode(item)) for item in operand)
            else:
                params.append((key, _encode(operand)))
    return params


def matches_nothing(filters: Filters | None) -> bool:
    """Tell whether `filters` can match no row: some field is `$in` an empty list."""
    return any(
        isinstance(condition, Mapping)
        and isinstance(operand := condition.get("$in"), Sequence)
        and not isinstance(operand, str)
        and not operand
        for condition in (filters or {}).values()
    )


def build_query(
    select: Sequence[str] | None,
    filters: Filters | None,
    sort: Sort | None,
    relations: Sequence[str] | None,
) -> QueryParams:
    """The query parameters of a list or get-one call (without limit and offset)."""
    params: QueryParams = []
    if select:
        params.append(("select", ",".join(select)))
    if relations:
        params.append(("relations", ",".join(relations)))
    params.extend(encode_filters(filters or {}))
    params.extend((f"sort[{name}]", order) for name, order in (sort or {}).items())
    return params
