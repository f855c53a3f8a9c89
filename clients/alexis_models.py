"""Pydantic wire models of the AlexisHR v1 resources hrsync reads."""

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

from clients.alexis_dates import AlexisMoment

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
            return handler(data)
        except ValidationError:
            return cls._field_by_field(data)

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


class BankAccount(BaseModel):
    """An employee's salary account as AlexisHR holds it."""

    model_config = ConfigDict(extra="ignore", frozen=True, hide_input_in_errors=True)

    bank: str | None = None
    clearing: str | None = None
    number: str | None = None
    iban: str | None = None
    bic: str | None = None
    country: str | None = None


class HomeAddress(BaseModel):
    """An employee's home address."""

    model_config = ConfigDict(extra="ignore", frozen=True, hide_input_in_errors=True)

    street: str | None = None
    postalCode: str | None = None
    city: str | None = None
    country: str | None = None


class Employee(AlexisRecord):
    """`/employee`: the person and their work and personal details."""

    companyId: str | None = None
    active: bool = True
    employeeNumber: str | None = None
    firstName: str | None = None
    lastName: str | None = None
    workEmail: str | None = None
    privateEmail: str | None = None
    ssn: str | None = None
    nationality: str | None = None
    birthDate: AlexisMoment | None = None
    hireDate: AlexisMoment | None = None
    endDate: AlexisMoment | None = None
    departmentId: str | None = None
    officeId: str | None = None
    employmentTypeId: str | None = None
    bankAccount: BankAccount | None = None
    homeAddress: HomeAddress | None = None
    updated: AlexisMoment | None = None

    def absent_fields(self) -> frozenset[str]:
        """The fields this answer did not carry, as paths (`ssn`, `bankAccount.number`).

        A field can be absent because it was not selected or the token may not see it: its
        value is unknown, not empty. An explicit `null` is present (AlexisHR says "none").
        A nested object that is absent makes each of its fields absent.

        Choice (spec silent): inside a nested object that did arrive, a missing key is unset,
        i.e. empty. AlexisHR keeps `bankAccount`/`homeAddress` as the documents they were
        saved as (the emulator does too), so an account saved without `iban` has none;
        permissions hide the whole object, not single keys of it.
        """
        absent = {name for name in type(self).model_fields if name not in self.model_fields_set}
        for name, shape in (("bankAccount", BankAccount), ("homeAddress", HomeAddress)):
            if name in absent:
                absent |= {f"{name}.{field}" for field in shape.model_fields}
        return frozenset(absent)


class Employment(AlexisRecord):
    """`/employment`: one employment contract of an employee."""

    employeeId: str
    typeId: str | None = None
    startDate: AlexisMoment | None = None
    endDate: AlexisMoment | None = None
    effectiveEndDate: AlexisMoment | None = None
    terminated: bool = False
    rate: float | None = None
    note: str | None = None
    country: str | None = None
    updated: AlexisMoment | None = None


class EmploymentType(AlexisRecord):
    """`/employment-type`: a company-defined kind of employment, named freely."""

    name: str
    maxMonths: float | None = None


class Compensation(AlexisRecord):
    """`/compensation`: one base-salary row, effective from its date.

    The salary fields may be absent (a token that may not see pay); a row without them says
    nothing about the salary, so the sync leaves payroll's salary alone.
    """

    employeeId: str
    amount: float | None = None
    effectiveDate: AlexisMoment | None = None
    currency: str | None = None
    payoutPeriod: str | None = None

    def is_complete(self) -> bool:
        """Whether the row carries every salary field (each may still be null)."""
        return {"amount", "effectiveDate", "currency", "payoutPeriod"} <= self.model_fields_set


class LeaveTypeCode(AlexisRecord):
    """The company's payroll code for a leave type (relation `leaveTypeCode`)."""

    leaveTypeId: str
    code: str


class LeaveType(AlexisRecord):
    """`/leave-type`: a company-visible kind of leave with its global kind."""

    name: str
    kind: str | None = None


class Leave(AlexisRecord):
    """`/leave`: one absence request of an employee."""

    employeeId: str
    typeId: str
    status: str
    duration: str | None = None
    startDate: AlexisMoment
    endDate: AlexisMoment
    description: str | None = None
    gradePercentage: float | None = None
    childId: str | None = None


class Child(AlexisRecord):
    """`/child`: an employee's child (needed for sick-child leave)."""

    employeeId: str
    name: str
    birthdate: AlexisMoment | None = None


class Department(AlexisRecord):
    """`/department`."""

    name: str


class Office(AlexisRecord):
    """`/office`."""

    name: str


class Team(AlexisRecord):
    """`/team`."""

    name: str


class EmployeeTeamReference(AlexisRecord):
    """`/employee-team-reference`: membership of an employee in a team."""

    teamId: str
    employeeId: str


class Company(AlexisRecord):
    """`/company`: the account the token belongs to."""

    name: str
