"""In-memory store of the emulated AlexisHR service: companies, their tokens and their records."""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable, Hashable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from emulators.alexis.fieldtypes import Kind, Resource
from emulators.alexis.resources import RESOURCES
from emulators.alexis.timestamps import format_instant, parse_instant, stored_instant

OBJECT_ID = re.compile(r"^[0-9a-fA-F]{24}$")
_NOT_DIGIT = re.compile(r"[^\d+]")
_HALF_DAY = timedelta(hours=12)


def is_object_id(value: object) -> bool:
    """Tell whether `value` is a 24-hex MongoDB ObjectId string."""
    return isinstance(value, str) and bool(OBJECT_ID.match(value))


class AlexisState:
    """All companies of the emulated service, and which bearer token reaches which company."""

    def __init__(self, *, clock: Callable[[], datetime] | None = None, id_seed: int = 0) -> None:
        self._clock = clock or (lambda: datetime.now(UTC))
        self._id_seed = id_seed
        self._id_counter = 0
        self._tokens: dict[str, str] = {}
        self._lock = threading.RLock()
        self.companies: dict[str, AlexisCompany] = {}

    def now(self) -> datetime:
        """Return the current instant from the injected clock."""
        return self._clock()

    def new_object_id(self) -> str:
        """Return the next deterministic ObjectId: 8 hex digits of the seed, 16 of a counter.

        Ids grow with creation order, as real ObjectIds (time-prefixed) do.
        """
        with self._lock:
            self._id_counter += 1
            return f"{self._id_seed & 0xFFFFFFFF:08x}{self._id_counter:016x}"

    def add_company(self, token: str, name: str, *, company_id: str | None = None) -> AlexisCompany:
        """Register an empty company, reachable with `token`, and its `company` record.

        Args:
            token: Bearer token that will reach this company.
            name: Company name.
            company_id: Fixed ObjectId, or None to generate one.

        Returns:
            The new company.
        """
        new_id = company_id or self.new_object_id()
        if not is_object_id(new_id) or new_id in self.companies:
            raise ValueError(f"company id {new_id!r} is not a free 24-hex ObjectId")
        company = AlexisCompany(self, new_id, name)
        self.companies[new_id] = company
        company.insert("company", {"id": new_id, "name": name})
        self.add_token(token, new_id)
        return company

    def add_token(self, token: str, company_id: str) -> None:
        """Let another bearer token reach an existing company."""
        if company_id not in self.companies:
            raise KeyError(f"unknown company {company_id!r}")
        if self._tokens.get(token, company_id) != company_id:
            raise ValueError("token already belongs to another company")
        self._tokens[token] = company_id

    def company_for_token(self, token: str) -> AlexisCompany | None:
        """Return the company a bearer token belongs to, or None for an unknown token."""
        company_id = self._tokens.get(token)
        return self.companies.get(company_id) if company_id else None


class AlexisCompany:
    """One company's records, table by table, kept as the JSON the API returns."""

    def __init__(self, state: AlexisState, company_id: str, name: str) -> None:
        self.id = company_id
        self.name = name
        # Date-only values written without a time are stored as local midnight of this zone.
        self.timezone = "Europe/Oslo"
        self._state = state
        self._lock = threading.RLock()
        self._tables: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in RESOURCES}
        # Raw JSON rows answered after the records of every list call, as they are (tests of
        # malformed answers: a `null` row, a string where a record belongs).
        self.raw_rows: dict[str, list[Any]] = {}
        # Writes per table, and the orders full reads asked for as of a write count: paging a
        # table reuses its order until the next write, as a database reads an index (sorting
        # 100 000 records for each of 200 pages made the emulator, not the client, the cost).
        self._writes: dict[str, int] = dict.fromkeys(RESOURCES, 0)
        self._orders: dict[tuple[str, Hashable], tuple[int, list[dict[str, Any]]]] = {}

    def insert(self, resource: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Store a new record directly (seeding, and the create endpoint after validation).

        Assigns `id` unless given, `companyId`, `created`/`updated` where the resource has them,
        and the fields the service derives (age, sanitized phones, baseAmount, employeeNumber).
        Date values may be `date`/`datetime` objects or ISO strings; bare dates become local
        midnight in UTC.

        Args:
            resource: Resource name, e.g. "employee", or the internal "leave-type-code".
            fields: Field values by API name.

        Returns:
            A copy of the stored record.
        """
        spec = _resource(resource)
        values = self._normalise(spec, fields)
        with self._lock:
            table = self._tables[resource]
            record_id = (values.pop("id", None) or self._state.new_object_id()).lower()
            if not is_object_id(record_id) or record_id in table:
                raise ValueError(f"{resource} id {record_id!r} is not a free 24-hex ObjectId")
            # Choice (spec silent): every response field is present; unset optional ones are null
            # rather than left out, so `select` and filters see the same shape for every record.
            record: dict[str, Any] = dict.fromkeys(spec.fields)
            record.update(spec.defaults)
            record.update(values, id=record_id)
            self._stamp(spec, record, values, creating=True)
            _derive(spec, record, values, self._state.now())
            if resource == "employee":
                self._complete_employee(record)
            table[record_id] = record
            self._writes[resource] += 1
            return copy.deepcopy(record)

    def corrupt(self, resource: str, record_id: str, fields: dict[str, Any]) -> None:
        """Overwrite fields of a stored record with raw JSON values, bypassing every check.

        For tests of answers the real service should never give (`homeAddress: "x"`, a date
        that is no date); the record keeps its place in lists, filters and sorting.
        """
        with self._lock:
            table = self._tables[_resource(resource).name]
            table[record_id.lower()] = {**table[record_id.lower()], **copy.deepcopy(fields)}
            self._writes[_resource(resource).name] += 1

    def get(self, resource: str, record_id: str) -> dict[str, Any] | None:
        """Return a copy of one record, or None."""
        record = self.stored(resource, record_id)
        return copy.deepcopy(record) if record is not None else None

    def stored(self, resource: str, record_id: str) -> dict[str, Any] | None:
        """Return the stored record itself (read-only view for the HTTP layer), or None."""
        return self._tables[_resource(resource).name].get(record_id.lower())

    def update(self, resource: str, record_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Change fields of a record and bump `updated` (unless `fields` sets it).

        Raises:
            KeyError: If the record does not exist.
        """
        spec = _resource(resource)
        values = self._normalise(spec, fields)
        record_id = record_id.lower()
        if values.pop("id", record_id).lower() != record_id:
            raise ValueError("the id of a record cannot change")
        with self._lock:
            table = self._tables[resource]
            # Copy-on-write: a response being serialised keeps a consistent old version.
            record = {**table[record_id], **values}
            self._stamp(spec, record, values, creating=False)
            _derive(spec, record, values, self._state.now())
            table[record_id] = record
            self._writes[resource] += 1
            return copy.deepcopy(record)

    def delete(self, resource: str, record_id: str) -> bool:
        """Remove a record; return whether it existed."""
        with self._lock:
            name = _resource(resource).name
            self._writes[name] += 1
            return self._tables[name].pop(record_id.lower(), None) is not None

    def all(self, resource: str) -> list[dict[str, Any]]:
        """Return copies of every record of a resource, in insertion order."""
        return copy.deepcopy(self.records(resource))

    def records(self, resource: str) -> list[dict[str, Any]]:
        """Return the stored records themselves (read-only view for the HTTP layer)."""
        with self._lock:
            return list(self._tables[_resource(resource).name].values())

    def ordered(
        self,
        resource: str,
        order: Hashable,
        sort: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
    ) -> list[dict[str, Any]]:
        """Every stored record in `order` (a key naming the sort), sorted by `sort` once per write.

        The list is shared: callers slice it and never change it.
        """
        name = _resource(resource).name
        with self._lock:
            writes = self._writes[name]
            kept = self._orders.get((name, order))
            if kept is None or kept[0] != writes:
                kept = (writes, sort(list(self._tables[name].values())))
                self._orders[(name, order)] = kept
            return kept[1]

    def _normalise(self, spec: Resource, fields: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(fields) - set(spec.fields))
        if unknown:
            raise ValueError(f"{spec.name} has no fields {unknown}")
        values = copy.deepcopy(fields)
        for name, value in values.items():
            if spec.fields[name].kind is Kind.DATETIME and value is not None:
                values[name] = stored_instant(value, self.timezone)
        if "companyId" in spec.fields:
            # Choice (spec silent): a companyId in a body (compensation, team reference) is
            # overridden; a token can only ever write into its own company.
            values["companyId"] = self.id
        if isinstance(values.get("homeAddress"), dict):
            # Choice (spec silent): nested objects are replaced whole on write (Mongo $set of the
            # sub-document); the response-only geocoded `location` starts as null.
            values["homeAddress"].setdefault("location", None)
        return values

    def _stamp(
        self, spec: Resource, record: dict[str, Any], values: dict[str, Any], *, creating: bool
    ) -> None:
        now = format_instant(self._state.now())
        if creating and "created" in spec.fields and "created" not in values:
            record["created"] = now
        if "updated" in spec.fields and "updated" not in values:
            record["updated"] = now

    def _complete_employee(self, record: dict[str, Any]) -> None:
        """Fill the employee fields the response schema requires but a create may leave out."""
        if record["userId"] is None:
            record["userId"] = self._state.new_object_id()  # every employee has a login user
        if record["employeeNumber"] is None:
            record["employeeNumber"] = self._next_employee_number()

    def _next_employee_number(self) -> str:
        # Choice (spec silent): employeeNumber is required in responses, so one left out gets the
        # next free integer of the company, as HR systems usually number employees.
        numbers = [
            int(number)
            for record in self._tables["employee"].values()
            if isinstance(number := record.get("employeeNumber"), str) and number.isdigit()
        ]
        return str(max(numbers, default=0) + 1)


def _resource(name: str) -> Resource:
    try:
        return RESOURCES[name]
    except KeyError:
        raise ValueError(f"unknown AlexisHR resource {name!r}") from None


def _derive(spec: Resource, record: dict[str, Any], values: dict[str, Any], now: datetime) -> None:
    """Fill fields the service computes, unless this write set them explicitly."""
    if spec.name == "employee":
        for phone in ("workPhone", "privatePhone"):
            if phone in values and f"{phone}Sanitized" not in values:
                raw = record[phone]
                record[f"{phone}Sanitized"] = _NOT_DIGIT.sub("", raw) if raw else None
        if "birthDate" in values and "age" not in values:
            record["age"] = _age(record["birthDate"], now)
    if spec.name == "compensation" and {"amount", "exchangeRate"} & set(values):
        if "baseAmount" not in values and record["amount"] is not None:
            record["baseAmount"] = record["amount"] * (record["exchangeRate"] or 1)


def _age(birth_date: str | None, now: datetime) -> int | None:
    # Choice (spec silent): age is computed when birthDate is written, from the birth day in the
    # stored instant's local calendar (local midnight lands on the previous UTC day).
    if birth_date is None:
        return None
    born: date = (parse_instant(birth_date).astimezone(UTC) + _HALF_DAY).date()
    today = now.date()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
