"""The shape of AlexisHR answers: the list and get-one envelopes, and the tolerant record base."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    NonNegativeInt,
    PrivateAttr,
    TypeAdapter,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)

from clients.compact import share_fields_set

# What a pydantic error type means, said for a payroll administrator (never the value itself).
_WIRE_REASONS = (
    ("missing", "is missing"),
    ("model", "must be an object"),
    ("dict", "must be an object"),
    ("string", "must be text"),
    ("datetime", "must be a date"),
    ("date", "must be a date"),
    ("float", "must be a number"),
    ("int", "must be a number"),
    ("bool", "must be true or false"),
)


def _wire_reason(error_type: str) -> str:
    found = (reason for prefix, reason in _WIRE_REASONS if error_type.startswith(prefix))
    return f"{next(found, 'has the wrong type')} in AlexisHR's answer"


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    # A field's own validators (e.g. AlexisMoment's) sit in its metadata, not its annotation.
    field = model.model_fields[name]
    annotation: Any = (
        Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
    )
    return TypeAdapter(annotation)


class ListEnvelope(BaseModel):
    """The envelope of every list answer; the spec requires status, data, total and count.

    Strict: a `total` sent as text or a `data` that is an object is another answer than the
    one documented, and paging on it would guess. Rows stay untyped here (a `null` row is the
    quarantine's business, not the envelope's).
    """

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True, hide_input_in_errors=True)

    status: str
    data: list[Any]
    total: NonNegativeInt
    count: NonNegativeInt
    offset: NonNegativeInt | None = None
    relations: dict[str, list[dict[str, Any]]] | None = None


class OneEnvelope(BaseModel):
    """The envelope of a get-one answer: the record under `data`."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True, hide_input_in_errors=True)

    status: str
    data: dict[str, Any]
    relations: dict[str, Any] | None = None


class AlexisRecord(BaseModel):
    """Base of every AlexisHR record: an ObjectId and tolerance of fields we do not use.

    A row that does not fit its model (a `null` row, `homeAddress: "x"`, a date that is no date)
    never fails the read: it becomes a record whose `wire_problems` name each misfit field as
    `field|reason`, its good fields read as usual and its bad ones empty (None, or "" for a
    required text). Such a record is held back by validation, never written anywhere.
    """

    # A preview API grows fields; unknown ones are ignored rather than breaking a sync.
    model_config = ConfigDict(extra="ignore", frozen=True, hide_input_in_errors=True)

    id: str
    # Not a field: it is no part of AlexisHR's record (nor of a `select`).
    _wire_problems: tuple[str, ...] = PrivateAttr(default=())

    @property
    def wire_problems(self) -> tuple[str, ...]:
        """`field|reason` for every value of AlexisHR's answer that did not fit this model."""
        return self._wire_problems

    @model_validator(mode="wrap")
    @classmethod
    def _tolerate_misfits(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if not isinstance(data, dict):
            if isinstance(data, cls):
                return data
            return cls._misfit({}, ["record|is not a JSON object in AlexisHR's answer"])
        try:
            record = handler(data)
        except ValidationError:
            record = cls._field_by_field(data)
        share_fields_set(record)
        return record

    @classmethod
    def _field_by_field(cls, data: dict[str, Any]) -> AlexisRecord:
        values: dict[str, Any] = {}
        problems: list[str] = []
        for name, field in cls.model_fields.items():
            if name not in data:
                if field.is_required():
                    problems.append(f"{name}|{_wire_reason('missing')}")
                continue
            try:
                values[name] = _field_adapter(cls, name).validate_python(data[name])
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(part) for part in (name, *first["loc"][:1]))
                problems.append(f"{where}|{_wire_reason(first['type'])}")
        return cls._misfit(values, problems)

    @classmethod
    def _misfit(cls, values: dict[str, Any], problems: list[str]) -> AlexisRecord:
        # Required fields that could not be read are "" (text) or None, so code that only
        # looks up ids and statuses never trips over them; the problems hold the record back.
        empty: dict[str, Any] = {
            name: "" if field.annotation is str else None
            for name, field in cls.model_fields.items()
            if field.is_required() and name not in values
        }
        record = cls.model_construct(**empty, **values)
        record._wire_problems = tuple(problems)
        return record
