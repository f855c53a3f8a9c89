"""Building blocks of the resource table: field types, relations and the Resource record."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from typing import Any

from emulators.alexis.codes import COUNTRY_CODES, CURRENCY_CODES


class Kind(StrEnum):
    """How a field's values are validated, compared and sorted."""

    ID = "id"
    STRING = "string"
    BOOLEAN = "boolean"
    NUMBER = "number"
    DATETIME = "datetime"
    ENUM = "enum"
    OBJECT = "object"
    ANY = "any"


@dataclass(frozen=True)
class FieldType:
    """The type of one field; `shape` lists the keys of a nested object (None = free-form)."""

    kind: Kind
    choices: tuple[str, ...] = ()
    shape: Mapping[str, FieldType] | None = None


def _enum(values: str | tuple[str, ...]) -> FieldType:
    return FieldType(Kind.ENUM, tuple(values.split()) if isinstance(values, str) else values)


_SCALARS: dict[str, FieldType] = {
    "id": FieldType(Kind.ID),
    "str": FieldType(Kind.STRING),
    "bool": FieldType(Kind.BOOLEAN),
    "num": FieldType(Kind.NUMBER),
    "dt": FieldType(Kind.DATETIME),
    "obj": FieldType(Kind.OBJECT),
    "any": FieldType(Kind.ANY),
}


def fields(spec: str, types: Mapping[str, FieldType] | None = None) -> dict[str, FieldType]:
    """Parse `"name:type name:type"` (type codes of TYPES) into field types, in order."""
    known = types or TYPES
    return {name: known[code] for name, code in (item.split(":") for item in spec.split())}


TYPES: dict[str, FieldType] = {
    **_SCALARS,
    "country": _enum(COUNTRY_CODES),
    "currency": _enum(CURRENCY_CODES),
    "payout_period": _enum("HOURLY DAILY WEEKLY BI_WEEKLY MONTHLY QUARTERLY ANNUAL"),
    "payout_frequency": _enum("WEEK BI_WEEKLY MONTH"),
    "salary_schedule": _enum("ADVANCE DELAYED"),
    "leave_status": _enum("PENDING DENIED CANCELLED APPROVED CONFIRMED"),
    "leave_duration": _enum("minutes half_day one_day longer"),
    "leave_kind": _enum("SICK_LEAVE PARENTAL_LEAVE VACATION OFF_DUTY CHILDCARE"),
    "minimum_duration": _enum("DAY HALF_DAY HOUR MINUTE"),
    "system_role": _enum("admin anonymous"),
    "tax": FieldType(Kind.OBJECT, shape=fields("table:num column:num", _SCALARS)),
    "bank_account": FieldType(
        Kind.OBJECT,
        shape=fields("bank:str clearing:str number:str iban:str bic:str country:str", _SCALARS),
    ),
    # Request shape; responses add `location` (a GeoJSON-like point) that clients cannot write.
    "home_address": FieldType(
        Kind.OBJECT, shape=fields("street:str postalCode:str city:str country:str", _SCALARS)
    ),
}


@dataclass(frozen=True)
class Relation:
    """A side-loaded relation: records of `target` whose `remote_key` equals our `local_key`."""

    target: str
    local_key: str
    remote_key: str = "id"
    # The spec types leave-type's `leaveTypeCode` as one object in get-one (array in lists).
    single_in_get_one: bool = False


def names(spec: str) -> tuple[str, ...]:
    """Split a space-separated list of field or relation names."""
    return tuple(spec.split())


@dataclass(frozen=True)
class Resource:
    """One resource: its response fields and what clients may select, filter, sort and write."""

    name: str
    fields: Mapping[str, FieldType]
    selectable: tuple[str, ...] = ()  # the spec's select enum; filters and sort use the same list
    relations: Mapping[str, Relation] = dataclass_field(default_factory=dict)
    create: tuple[str, ...] = ()
    create_required: tuple[str, ...] = ()
    update: tuple[str, ...] = ()
    update_required: tuple[str, ...] = ()
    # Body properties the service accepts but never returns (e.g. userId on employment).
    write_only: Mapping[str, FieldType] = dataclass_field(default_factory=dict)
    defaults: Mapping[str, Any] = dataclass_field(default_factory=dict)
    read_only: bool = False
    routed: bool = True  # False for tables that exist only behind a relation

    def body_type(self, name: str) -> FieldType:
        """Return the type of a request-body field."""
        return self.fields[name] if name in self.fields else self.write_only[name]
