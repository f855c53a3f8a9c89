"""The five generic operations (list, get, create, update, delete) behind every resource route."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from emulators.alexis.errors import bad_request, not_found
from emulators.alexis.fieldtypes import Resource
from emulators.alexis.matching import matches_all, sort_records
from emulators.alexis.query import parse_list_query, parse_one_query
from emulators.alexis.state import AlexisCompany, is_object_id
from emulators.alexis.validation import validate_body

QueryItems = Iterable[tuple[str, str]]


def list_records(company: AlexisCompany, resource: Resource, items: QueryItems) -> dict[str, Any]:
    """Answer `GET /v1/{resource}` with the list envelope."""
    query = parse_list_query(resource, items)
    keys = list(query.sort)
    if query.filters:
        records = company.records(resource.name)
        matching = [r for r in records if matches_all(resource, r, query.filters)]
        ordered = sort_records(resource, matching, keys)
    else:  # a full read, page after page: the table's order as of its last write
        ordered = company.ordered(
            resource.name, query.sort, lambda rows: sort_records(resource, rows, keys)
        )
    if raw := company.raw_rows.get(resource.name):  # a test's malformed rows, as they are
        ordered = [*ordered, *raw]
    page = ordered[query.offset : query.offset + query.limit]
    return {
        "status": "ok",
        "data": [_project(resource, record, query.select) for record in page],
        "total": len(ordered),
        "count": len(page),
        "offset": query.offset,
        "relations": _side_load(company, resource, page, query.relations, one=False),
    }


def get_record(
    company: AlexisCompany, resource: Resource, record_id: str, items: QueryItems
) -> dict[str, Any]:
    """Answer `GET /v1/{resource}/{id}` with the get-one envelope."""
    query = parse_one_query(resource, items)
    record = _find(company, resource, record_id)
    return {
        "status": "ok",
        "data": _project(resource, record, query.select),
        "relations": _side_load(company, resource, [record], query.relations, one=True),
    }


def create_record(company: AlexisCompany, resource: Resource, body: object) -> dict[str, Any]:
    """Answer `POST /v1/{resource}` (201) with the created record."""
    fields = validate_body(resource, body, creating=True)
    return {"status": "ok", "data": company.insert(resource.name, fields)}


def update_record(
    company: AlexisCompany, resource: Resource, record_id: str, body: object, *, replace: bool
) -> dict[str, Any]:
    """Answer `PATCH` (merge) or `PUT` (replace) on `/v1/{resource}/{id}`."""
    # Pipes run before the handler: a bad id or body is a 400 even when the record is missing.
    _check_id(record_id)
    fields = validate_body(resource, body, creating=False)
    _find(company, resource, record_id)
    if replace:
        # Choice (spec silent): PUT resets every writable field it leaves out to its default
        # (null for most), keeping id, companyId and read-only fields.
        for name in resource.update:
            if name in resource.fields and name not in fields:
                fields[name] = resource.defaults.get(name)
    return {"status": "ok", "data": company.update(resource.name, record_id, fields)}


def delete_record(company: AlexisCompany, resource: Resource, record_id: str) -> None:
    """Answer `DELETE /v1/{resource}/{id}` (204).

    Choice (spec silent): deletes are hard and do not cascade (an employee's employments stay).
    """
    _find(company, resource, record_id)
    company.delete(resource.name, record_id)


def _check_id(record_id: str) -> None:
    # Choice (spec silent): a path id that is no ObjectId is a 400, as a NestJS + Mongo service
    # validating its params with @IsMongoId does (without that pipe Mongo's CastError would be a
    # 500, which a documented API would not leave in); a well-formed unknown id is a 404.
    if not is_object_id(record_id):
        raise bad_request(["id must be a mongodb id"])


def _find(company: AlexisCompany, resource: Resource, record_id: str) -> dict[str, Any]:
    _check_id(record_id)
    record = company.stored(resource.name, record_id)
    if record is None:
        raise not_found()
    return record


def _project(
    resource: Resource, record: dict[str, Any], select: tuple[str, ...] | None
) -> dict[str, Any]:
    """Keep the selected fields (`id` always) in the resource's field order."""
    if select is None or not isinstance(record, dict):
        return record
    wanted = {"id", *select}
    return {name: record.get(name) for name in resource.fields if name in wanted}


def _side_load(
    company: AlexisCompany,
    resource: Resource,
    records: list[dict[str, Any]],
    names: tuple[str, ...],
    *,
    one: bool,
) -> dict[str, Any]:
    """Collect the related records of the returned rows, keyed by relation name.

    Choice (spec silent): each related record appears once even when several rows point at it,
    and joins use the full rows, so `select` need not include the `…Id` fields.
    """
    loaded: dict[str, Any] = {}
    for name in names:
        relation = resource.relations[name]
        keys = {r.get(relation.local_key) for r in records if isinstance(r, dict)} - {None}
        related = [
            candidate
            for candidate in company.records(relation.target)
            if candidate.get(relation.remote_key) in keys
        ]
        if one and relation.single_in_get_one:
            # Choice (spec silent): a leave type without a code gets `null` here.
            loaded[name] = related[0] if related else None
        else:
            loaded[name] = related
    return loaded
