"""AlexisHR public API v1 client: bearer auth, query encoding, pagination, typed records."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

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
    Office,
    Team,
)
from clients.errors import NotFoundError
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
    """All rows of a list call plus the side-loaded relations, merged over every page."""

    data: list[Record] = field(default_factory=list)
    relations: dict[str, list[Record]] = field(default_factory=dict)

    def add(self, body: Mapping[str, Any]) -> None:
        """Merge one page's envelope into this result."""
        self.data.extend(body.get("data", []))
        for name, rows in (body.get("relations") or {}).items():
            known = {row.get("id") for row in self.relations.setdefault(name, [])}
            self.relations[name].extend(row for row in rows if row.get("id") not in known)


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
        """Read every matching row of `resource`, fetching pages after the first concurrently."""
        page = Page()
        if matches_nothing(filters):  # e.g. the leave of no employees: no rows, no request
            return page
        query = self._query(select, filters, sort or {"id": "asc"}, relations)
        first = await self._page(resource, query, 0)
        page.add(first)
        total, size = int(first["total"]), int(first["count"])
        if size and total > size:
            # The server's own page size drives the offsets, so a clamped limit skips nothing.
            bodies = await asyncio.gather(
                *(self._page(resource, query, offset) for offset in range(size, total, size))
            )
            for body in bodies:
                page.add(body)
        while 0 < len(page.data) < total:  # rows added while we paged: read on until complete
            body = await self._page(resource, query, len(page.data))
            if not body["data"]:
                break
            page.add(body)
        return page

    async def count(self, resource: str, filters: Filters | None = None) -> int:
        """How many records match, read from a one-row page's `total`."""
        if matches_nothing(filters):
            return 0
        params = [*self._query(["id"], filters, None, None), ("limit", "1"), ("offset", "0")]
        body = await self.request("GET", f"/{resource}", params=params)
        return int(body["total"])

    async def get(
        self, resource: str, record_id: str, *, relations: Sequence[str] | None = None
    ) -> Record | None:
        """Read one record by id; None when it does not exist."""
        params = self._query(None, None, None, relations)
        try:
            body = await self.request("GET", f"/{resource}/{record_id}", params=params)
        except NotFoundError:
            return None
        data: Record = body["data"]
        return data

    async def create(self, resource: str, fields: Mapping[str, Any]) -> Record:
        """Create a record and return it as stored."""
        body = await self.request("POST", f"/{resource}", json=dict(fields))
        data: Record = body["data"]
        return data

    async def update(self, resource: str, record_id: str, fields: Mapping[str, Any]) -> Record:
        """PATCH a record and return it as stored."""
        body = await self.request(
            "PATCH", f"/{resource}/{record_id}", json=dict(fields), idempotent=True
        )
        data: Record = body["data"]
        return data

    async def delete(self, resource: str, record_id: str) -> None:
        """Delete a record."""
        await self.request("DELETE", f"/{resource}/{record_id}")

    async def _page(self, resource: str, query: QueryParams, offset: int) -> dict[str, Any]:
        params = [*query, ("limit", str(PAGE_SIZE)), ("offset", str(offset))]
        body: dict[str, Any] = await self.request("GET", f"/{resource}", params=params)
        return body

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
        return Company.model_validate(page.data[0])
