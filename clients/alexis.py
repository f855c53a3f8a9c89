"""AlexisHR public API v1 client: bearer auth, paged reads of typed records."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
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
    Office,
    Team,
)
from clients.alexis_paging import Page, PagedRead, Record
from clients.alexis_query import Filters, Sort, build_query, matches_nothing
from clients.alexis_records import ListEnvelope, OneEnvelope
from clients.errors import NotFoundError
from clients.http import HttpSettings, build_http_client
from clients.service import Pace, QueryParams, ServiceClient

ModelT = TypeVar("ModelT", bound=BaseModel)

PAGE_SIZE = 500  # the largest page the API serves; real clients use it too
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
        order = {**(sort or {}), "id": (sort or {}).get("id", "asc")}
        query = build_query(chosen, filters, order, relations)
        first = await self._page(resource, query, 0)
        reader = PagedRead(self.service, self.full_path(f"/{resource}"), first.total)
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
        params = [*build_query(["id"], filters, None, None), ("limit", "1"), ("offset", "0")]
        envelope = await self.read_as(_LIST, "GET", f"/{resource}", params=params)
        return envelope.total

    async def get(
        self, resource: str, record_id: str, *, relations: Sequence[str] | None = None
    ) -> Record | None:
        """Read one record by id; None when it does not exist."""
        params = build_query(None, None, None, relations)
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
