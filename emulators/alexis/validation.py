"""Validation of create and update bodies, worded like NestJS's ValidationPipe (class-validator)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from emulators.alexis.errors import bad_request
from emulators.alexis.fieldtypes import FieldType, Kind, Resource
from emulators.alexis.state import is_object_id
from emulators.alexis.timestamps import parse_instant

_TYPE_MESSAGES = {
    Kind.STRING: "must be a string",
    Kind.ID: "must be a mongodb id",
    Kind.BOOLEAN: "must be a boolean value",
    Kind.NUMBER: "must be a number conforming to the specified constraints",
    Kind.DATETIME: "must be a valid ISO 8601 date string",
    Kind.OBJECT: "must be an object",
}


def validate_body(resource: Resource, body: object, *, creating: bool) -> dict[str, Any]:
    """Check a request body against the create or update DTO of a resource.

    Choice (spec silent): unknown properties are rejected (whitelist + forbidNonWhitelisted),
    every problem is reported at once in class-validator's default wording, and a missing
    required property gets "x should not be empty" plus its type message.

    Args:
        resource: The resource written to.
        body: The decoded JSON body.
        creating: True for POST, False for PATCH/PUT.

    Returns:
        The fields to store: the body without write-only properties (e.g. `userId`).

    Raises:
        ApiError: 400 with the list of messages.
    """
    if not isinstance(body, dict):
        raise bad_request(["body must be an object"])
    allowed = resource.create if creating else resource.update
    required = resource.create_required if creating else resource.update_required
    errors = [f"property {name} should not exist" for name in body if name not in allowed]
    for name in allowed:
        field_type = resource.body_type(name)
        if name in body and (body[name] is not None or name in required):
            errors.extend(_check(name, field_type, body[name]))
        elif name in required:
            # Choice (spec silent): null is accepted for optional properties (@IsOptional lets
            # null through) and clears the stored value.
            errors.append(f"{name} should not be empty")
            errors.extend(_check(name, field_type, None))
    if errors:
        raise bad_request(errors)
    return {name: value for name, value in body.items() if name in resource.fields}


def _check(path: str, field_type: FieldType, value: Any) -> list[str]:
    """Return the messages for one value (empty when it is valid)."""
    kind = field_type.kind
    if kind is Kind.ANY:
        return []
    if kind is Kind.ENUM:
        if value in field_type.choices:
            return []
        return [f"{path} must be one of the following values: {', '.join(field_type.choices)}"]
    if not _has_type(kind, value):
        return [f"{path} {_TYPE_MESSAGES[kind]}"]
    if kind is Kind.OBJECT and field_type.shape is not None:
        return _check_nested(path, field_type.shape, value)
    return []


def _check_nested(path: str, shape: Mapping[str, FieldType], value: dict[str, Any]) -> list[str]:
    errors = [f"{path}.property {key} should not exist" for key in value if key not in shape]
    for key, field_type in shape.items():
        if value.get(key) is not None:
            errors.extend(_check(f"{path}.{key}", field_type, value[key]))
    return errors


def _has_type(kind: Kind, value: Any) -> bool:
    if kind is Kind.STRING:
        return isinstance(value, str)
    if kind is Kind.ID:
        return is_object_id(value)
    if kind is Kind.BOOLEAN:
        return isinstance(value, bool)
    if kind is Kind.NUMBER:
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        return is_number and math.isfinite(value)
    if kind is Kind.DATETIME:
        return isinstance(value, str) and _is_iso(value)
    return isinstance(value, dict)


def _is_iso(text: str) -> bool:
    try:
        parse_instant(text)
    except ValueError:
        return False
    return True
