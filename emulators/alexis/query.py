"""Parsing of select, relations, filters, sort, limit and offset from the raw query string."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from emulators.alexis.errors import bad_request
from emulators.alexis.fieldtypes import Resource
from emulators.alexis.matching import ARRAY_OPERATORS, SCALAR_OPERATORS, Filter, typed_query_value

# Choice (spec silent): page size. Real clients page with limit=500 successfully and nothing
# documents a default or a cap. An omitted limit (or limit=0, which Mongo reads as "no limit")
# returns a page of 500; a larger limit is clamped to 500 without an error, so `count` (rows in
# this page) is the truth a client must page on. An offset beyond `total` gives an empty page
# with the real `total`, as skip() past the end does.
MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 500

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")
_INTEGER = re.compile(r"^-?\d+$")

# One query entry after splitting its key: (brackets after the name, value).
_Entry = tuple[list[str], str]


@dataclass(frozen=True)
class OneQuery:
    """What a get-one request asks for."""

    select: tuple[str, ...] | None = None
    relations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListQuery(OneQuery):
    """What a list request asks for."""

    filters: tuple[Filter, ...] = ()
    sort: tuple[tuple[str, bool], ...] = ()
    limit: int = DEFAULT_PAGE_SIZE
    offset: int = 0


@dataclass
class _Parsed:
    entries: dict[str, list[_Entry]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def parse_one_query(resource: Resource, items: Iterable[tuple[str, str]]) -> OneQuery:
    """Parse the query of `GET /v1/{resource}/{id}`; raise a 400 ApiError listing every problem."""
    parsed = _group(items, allowed=("select", "relations"))
    query = OneQuery(
        select=_parse_select(resource, parsed),
        relations=_parse_relations(resource, parsed),
    )
    if parsed.errors:
        raise bad_request(parsed.errors)
    return query


def parse_list_query(resource: Resource, items: Iterable[tuple[str, str]]) -> ListQuery:
    """Parse the query of `GET /v1/{resource}`; raise a 400 ApiError listing every problem."""
    parsed = _group(items, allowed=("select", "relations", "filters", "sort", "limit", "offset"))
    limit = _parse_count("limit", parsed)
    query = ListQuery(
        select=_parse_select(resource, parsed),
        relations=_parse_relations(resource, parsed),
        filters=_parse_filters(resource, parsed),
        sort=_parse_sort(resource, parsed),
        limit=min(limit, MAX_PAGE_SIZE) if limit else DEFAULT_PAGE_SIZE,
        offset=_parse_count("offset", parsed) or 0,
    )
    if parsed.errors:
        raise bad_request(parsed.errors)
    return query


def _group(items: Iterable[tuple[str, str]], allowed: tuple[str, ...]) -> _Parsed:
    # Choice (spec silent): unknown query parameters are rejected like unknown body properties
    # (NestJS ValidationPipe with forbidNonWhitelisted), in class-validator's wording.
    parsed = _Parsed()
    for key, value in items:
        match = _KEY.match(key)
        name = match.group(1) if match else key
        if not match or name not in allowed:
            parsed.errors.append(f"property {name} should not exist")
            continue
        parsed.entries.setdefault(name, []).append((_SEGMENT.findall(match.group(2)), value))
    return parsed


def _comma_list(entries: list[_Entry]) -> list[str]:
    return [part for _, value in entries for part in value.split(",") if part]


def _parse_select(resource: Resource, parsed: _Parsed) -> tuple[str, ...] | None:
    if "select" not in parsed.entries:
        return None
    names = _comma_list(parsed.entries["select"])
    if any(name not in resource.selectable for name in names):
        allowed = ", ".join(resource.selectable)
        parsed.errors.append(f"each value in select must be one of the following values: {allowed}")
    return tuple(names) or None


def _parse_relations(resource: Resource, parsed: _Parsed) -> tuple[str, ...]:
    if "relations" not in parsed.entries:
        return ()
    if not resource.relations:
        parsed.errors.append("property relations should not exist")
        return ()
    names = _comma_list(parsed.entries["relations"])
    if any(name not in resource.relations for name in names):
        allowed = ", ".join(resource.relations)
        parsed.errors.append(
            f"each value in relations must be one of the following values: {allowed}"
        )
        return ()
    return tuple(dict.fromkeys(names))


def _parse_filters(resource: Resource, parsed: _Parsed) -> tuple[Filter, ...]:
    # (field, operator) -> [(sent as an array item, value)]
    grouped: dict[tuple[str, str], list[tuple[bool, str]]] = {}
    for path, value in parsed.entries.get("filters", []):
        operator, rest = (path[1], path[2:]) if len(path) > 1 else ("$eq", [])
        if not path or len(rest) > 1 or (rest and not (rest[0] == "" or rest[0].isdigit())):
            parsed.errors.append("filters must be an object of filters[field][$operator]")
            continue
        grouped.setdefault((path[0], operator), []).append((bool(rest), value))
    built = (_build_filter(resource, key, values, parsed.errors) for key, values in grouped.items())
    return tuple(f for f in built if f is not None)


def _build_filter(
    resource: Resource, key: tuple[str, str], values: list[tuple[bool, str]], errors: list[str]
) -> Filter | None:
    name, operator = key
    if name not in resource.selectable:
        errors.append(f"filters.property {name} should not exist")
        return None
    if operator not in SCALAR_OPERATORS | ARRAY_OPERATORS:
        errors.append(f"filters.{name}.property {operator} should not exist")
        return None
    where = f"filters.{name}.{operator}"
    raws = [raw for _, raw in values]
    # Choice (spec silent): `filters[f][$in]=v` without `[]` counts as a one-element array.
    if operator in SCALAR_OPERATORS and (len(values) != 1 or values[0][0]):
        errors.append(f"{where} must be a string")
        return None
    if operator == "$between" and len(raws) != 2:
        errors.append(f"{where} must contain exactly 2 elements")
        return None
    try:
        typed = tuple(typed_query_value(resource.fields[name], raw) for raw in raws)
    except ValueError as reason:
        errors.append(f"{where} {reason}")
        return None
    return Filter(name, operator, typed)


def _parse_sort(resource: Resource, parsed: _Parsed) -> tuple[tuple[str, bool], ...]:
    keys: dict[str, bool] = {}
    for path, direction in parsed.entries.get("sort", []):
        if len(path) != 1:
            parsed.errors.append("sort must be an object of sort[field]=asc|desc")
        elif path[0] not in resource.selectable:
            parsed.errors.append(f"sort.property {path[0]} should not exist")
        elif direction not in ("asc", "desc"):
            parsed.errors.append(f"sort.{path[0]} must be one of the following values: asc, desc")
        else:
            keys[path[0]] = direction == "desc"
    return tuple(keys.items())


def _parse_count(name: str, parsed: _Parsed) -> int | None:
    entries = parsed.entries.get(name)
    if not entries:
        return None
    (path, value), *others = entries
    if others or path or not _INTEGER.match(value):
        parsed.errors.append(f"{name} must be an integer number")
        return None
    if int(value) < 0:
        parsed.errors.append(f"{name} must not be less than 0")
        return None
    return int(value)
