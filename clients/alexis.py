"""AlexisHR public API v1 client: bearer auth, query encoding, pagination, typed records."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter

from clients.alexis_models import (
    Child,
    Company,
    Compensation,
    Department,
    Employee,
    EmployeeTeamReference,
    Employment,
    EmploymentType,
    Leave,
    LeaveType,
    LeaveTypeCode,
    ListEnvelope,
    Office,
    OneEnvelope,
    Team,
)
from clients.errors import IncompleteReadError, NotFoundError
from clients.http import HttpSettings, Pace, QueryParams, ServiceClient, build_http_client

Scalar = str | int | float | bool | date | datetime
# {"active": True, "startDate": {"$gte": date(2024, 1, 1)}, "id": {"$in": [...]}}
Filters = Mapping[str, Scalar | Mapping[str, Scalar | Sequence[Scalar]]]
Sort = Mapping[str, str]
Record = dict[str, Any]
ModelT = TypeVar("ModelT", bound=BaseModel)

PAGE_SIZE = 500  # the largest page the API serves; real clients use it too


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


@dataclass
class Page:
    """All rows of a list call plus the side-loaded relations, merged over every page.

    Rows are kept once per id: a row seen again with the same content is dropped, one seen
    again with other content makes the read untrustworthy (`IncompleteReadError`).
    """

    data: list[Record] = field(default_factory=list)
    relations: dict[str, list[Record]] = field(default_factory=dict)
    _by_id: dict[str, Record] = field(default_factory=dict, repr=False)

    def add(self, envelope: ListEnvelope) -> str | None:
        """Merge one page; return why the read cannot be trusted, or None when it can."""
        for row in envelope.data:
            row_id = row.get("id") if isinstance(row, dict) else None
            if not isinstance(row_id, str):
                self.data.append(row)  # a null or id-less row is the quarantine's to judge
                continue
            seen = self._by_id.get(row_id)
            if seen is None:
                self._by_id[row_id] = row
                self.data.append(row)
            elif seen != row:
                return "one id came back twice with different content"
        for name, rows in (envelope.relations or {}).items():
            known = {row.get("id") for row in self.relations.setdefault(name, [])}
            self.relations[name].extend(row for row in rows if row.get("id") not in known)
        return None


_LIST = TypeAdapter(ListEnvelope)
_ONE = TypeAdapter(OneEnvelope)


class AlexisClient(ServiceClient):
    """Reads (and, for tests and seeding, writes) AlexisHR resources of one company."""

    service = "AlexisHR"

    @classmethod
    def connect(
        cls,
        base_url: str,
        token: str,
        settings: HttpSettings | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        pace: Pace | None = None,
    ) -> AlexisClient:
        """Build a client for `base_url` (ending in `/v1`) with a bearer access token."""
        settings = settings or HttpSettings()
        # A token read with a trailing newline would be an illegal header value (and httpx's
        # error would quote it); an empty one is sent as no header, which the server refuses.
        token = token.strip()
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        http = build_http_client(base_url, settings, headers=headers, transport=transport)
        return cls(http, max_concurrency=settings.max_concurrency, pace=pace)

    async def list_all(
        self,
        resource: str,
        *,
        select: Sequence[str] | None = None,
        filters: Filters | None = None,
        sort: Sort | None = None,
        relations: Sequence[str] | None = None,
    ) -> Page:
        """Read every matching row of `resource`, page by page, and check that they add up.

        Pages are ordered by the caller's sort with the id as the last key (so the order is
        total and stable) and each page starts where the rows of the previous one ended.

        Raises:
            IncompleteReadError: `total` changed between pages, fewer or more distinct rows than
                `total` arrived, or one id came twice with different content.
            MalformedResponseError: a page that is not the list envelope.
        """
        page = Page()
        if matches_nothing(filters):  # e.g. the leave of no employees: no rows, no request
            return page
        chosen = [*select, *(() if "id" in select else ("id",))] if select else None
        query = self._query(chosen, filters, {**(sort or {}), "id": (sort or {}).get("id", "asc")},
                            relations)  # fmt: skip
        first = await self._page(resource, query, 0)
        reader = _Reading(self, resource, first.total)
        await reader.accept(page, first, 0)
        if len(first.data) == PAGE_SIZE and first.total > PAGE_SIZE:
            # Full first page: fetch the rest concurrently at the offsets a full page implies;
            # a page that comes back short ends that guess and reading goes on one by one.
            offsets = range(PAGE_SIZE, first.total, PAGE_SIZE)
            bodies = await asyncio.gather(*(self._page(resource, query, o) for o in offsets))
            for offset, body in zip(offsets, bodies, strict=True):
                if offset != reader.end:
                    break
                await reader.accept(page, body, offset)
        while reader.end < reader.total:
            offset = reader.end
            await reader.accept(page, await self._page(resource, query, offset), offset)
        reader.check_complete(page)
        return page

    async def count(self, resource: str, filters: Filters | None = None) -> int:
        """How many records match, read from a one-row page's `total`."""
        if matches_nothing(filters):
            return 0
        params = [*self._query(["id"], filters, None, None), ("limit", "1"), ("offset", "0")]
        envelope = await self.read_as(_LIST, "GET", f"/{resource}", params=params)
        return envelope.total

    async def get(
        self, resource: str, record_id: str, *, relations: Sequence[str] | None = None
    ) -> Record | None:
        """Read one record by id; None when it does not exist."""
        params = self._query(None, None, None, relations)
        try:
            envelope = await self.read_as(_ONE, "GET", f"/{resource}/{record_id}", params=params)
        except NotFoundError:
            return None
        return envelope.data

    async def create(self, resource: str, fields: Mapping[str, Any]) -> Record:
        """Create a record and return it as stored."""
        envelope = await self.read_as(_ONE, "POST", f"/{resource}", json=dict(fields))
        return envelope.data

    async def update(self, resource: str, record_id: str, fields: Mapping[str, Any]) -> Record:
        """PATCH a record and return it as stored."""
        envelope = await self.read_as(
            _ONE, "PATCH", f"/{resource}/{record_id}", json=dict(fields), idempotent=True
        )
        return envelope.data

    async def delete(self, resource: str, record_id: str) -> None:
        """Delete a record."""
        await self.request("DELETE", f"/{resource}/{record_id}")

    async def _page(self, resource: str, query: QueryParams, offset: int) -> ListEnvelope:
        params = [*query, ("limit", str(PAGE_SIZE)), ("offset", str(offset))]
        return await self.read_as(_LIST, "GET", f"/{resource}", params=params)

    @staticmethod
    def _query(
        select: Sequence[str] | None,
        filters: Filters | None,
        sort: Sort | None,
        relations: Sequence[str] | None,
    ) -> QueryParams:
        params: QueryParams = []
        if select:
            params.append(("select", ",".join(select)))
        if relations:
            params.append(("relations", ",".join(relations)))
        params.extend(encode_filters(filters or {}))
        params.extend((f"sort[{name}]", order) for name, order in (sort or {}).items())
        return params

    # Typed reads. `select` is sent only where every field we model is in the resource's
    # select enum; employees carry bankAccount/homeAddress and leave carries description,
    # which are not selectable, so those are read whole.

    async def _typed(
        self, model: type[ModelT], resource: str, filters: Filters | None, select: bool
    ) -> list[ModelT]:
        fields = list(model.model_fields) if select else None
        page = await self.list_all(resource, select=fields, filters=filters)
        return [model.model_validate(row) for row in page.data]

    async def employees(self, filters: Filters | None = None) -> list[Employee]:
        """Read employees (whole records: nested bank account and address are not selectable)."""
        return await self._typed(Employee, "employee", filters, select=False)

    async def employments(self, filters: Filters | None = None) -> list[Employment]:
        """Read employments with only the fields the sync uses."""
        return await self._typed(Employment, "employment", filters, select=True)

    async def employment_types(self) -> list[EmploymentType]:
        """Read the company's employment types."""
        return await self._typed(EmploymentType, "employment-type", None, select=True)

    async def compensations(self, filters: Filters | None = None) -> list[Compensation]:
        """Read compensation rows with only the fields the sync uses."""
        return await self._typed(Compensation, "compensation", filters, select=True)

    async def leaves(self, filters: Filters | None = None) -> list[Leave]:
        """Read leave (whole records: description and childId are not selectable)."""
        return await self._typed(Leave, "leave", filters, select=False)

    async def leave(self, leave_id: str) -> Leave | None:
        """Read one leave by id; None when it was deleted."""
        row = await self.get("leave", leave_id)
        return None if row is None else Leave.model_validate(row)

    async def leave_types(self) -> tuple[list[LeaveType], list[LeaveTypeCode]]:
        """Read leave types with their side-loaded payroll codes."""
        page = await self.list_all("leave-type", relations=["leaveTypeCode"])
        codes = page.relations.get("leaveTypeCode", [])
        return (
            [LeaveType.model_validate(row) for row in page.data],
            [LeaveTypeCode.model_validate(row) for row in codes],
        )

    async def children(self, filters: Filters | None = None) -> list[Child]:
        """Read employees' children."""
        return await self._typed(Child, "child", filters, select=False)

    async def departments(self) -> list[Department]:
        """Read departments."""
        return await self._typed(Department, "department", None, select=True)

    async def offices(self) -> list[Office]:
        """Read offices."""
        return await self._typed(Office, "office", None, select=True)

    async def teams(self) -> list[Team]:
        """Read teams."""
        return await self._typed(Team, "team", None, select=True)

    async def team_references(self, filters: Filters | None = None) -> list[EmployeeTeamReference]:
        """Read team memberships."""
        return await self._typed(EmployeeTeamReference, "employee-team-reference", filters, True)

    async def company(self) -> Company:
        """Read the company the token belongs to."""
        page = await self.list_all("company")
        if not page.data:
            raise self.malformed("GET", "/company", "no company for this token")
        return Company.model_validate(page.data[0])


class _Reading:
    """The bookkeeping of one paged read: where the rows ended, and whether they add up."""

    def __init__(self, client: AlexisClient, resource: str, total: int) -> None:
        self._client = client
        self._path = client.full_path(f"/{resource}")
        self.total = total
        self.end = 0

    def _incomplete(self, detail: str) -> IncompleteReadError:
        return IncompleteReadError(self._client.service, "GET", self._path, 200, detail)

    async def accept(self, page: Page, envelope: ListEnvelope, offset: int) -> None:
        """Take one page read at `offset`, or raise if it contradicts the pages before."""
        if envelope.total != self.total:
            raise self._incomplete(
                f"total changed from {self.total} to {envelope.total} between pages"
            )
        if envelope.count != len(envelope.data):
            raise self._incomplete(
                f"a page says count {envelope.count} but holds {len(envelope.data)} rows"
            )
        if not envelope.data and offset < self.total:
            raise self._incomplete(
                f"{len(page.data)} of total {self.total} rows arrived, then an empty page"
            )
        conflict = page.add(envelope)
        if conflict:
            raise self._incomplete(conflict)
        self.end = offset + len(envelope.data)

    def check_complete(self, page: Page) -> None:
        """Raise unless exactly `total` distinct rows arrived."""
        if len(page.data) != self.total:
            raise self._incomplete(f"{len(page.data)} distinct rows of total {self.total}")
