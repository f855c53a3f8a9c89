"""24SevenOffice Lønn (payroll) API client: token exchange, typed records, upserts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from clients.errors import NotFoundError, error_for, shape_errors
from clients.http import HttpSettings, build_http_client
from clients.payroll_models import (
    AbsenceType,
    Organization,
    PayrollAbsence,
    PayrollChild,
    PayrollEmployee,
    PayrollEmployment,
    PayrollRun,
)
from clients.service import Pace, ServiceClient

Payload = Mapping[str, Any]
# Renew a little before the announced expiry, so a request never leaves with a dying token:
# a minute, or a quarter of a shorter lifetime (a margin as long as the lifetime would mean an
# exchange before every request).
_EXPIRY_MARGIN = timedelta(seconds=60)
_MARGIN_SHARE = 0.25
_RESENDS_AFTER_401 = 2


class PayrollTokenAuth(httpx.Auth):
    """Exchanges the persistent token for a temporary one, and again on expiry or a 401."""

    requires_response_body = True

    def __init__(
        self,
        base_url: str,
        persistent_token: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._exchange_url = f"{base_url.rstrip('/')}/auth"
        self._persistent_token = persistent_token
        self._clock = clock
        self._access_token: str | None = None
        self._expires: datetime | None = None
        self._margin = _EXPIRY_MARGIN
        self._lock: asyncio.Lock | None = None

    def _fresh(self) -> bool:
        if self._access_token is None or self._expires is None:
            return False
        return self._clock() < self._expires - self._margin

    def _accept(self, response: httpx.Response) -> None:
        if response.is_error:
            error = error_for("24SevenOffice", response)
            # The exchange URL carries the persistent token: name the path only.
            error.path = httpx.URL(self._exchange_url).path
            raise error
        body = response.json()
        self._access_token = str(body["accessToken"])
        self._expires = datetime.fromisoformat(str(body["expiresOn"]))
        if self._expires.tzinfo is None:  # spec silent; treat a naive time as UTC
            self._expires = self._expires.replace(tzinfo=UTC)
        lifetime = max(self._expires - self._clock(), timedelta(0))
        self._margin = min(_EXPIRY_MARGIN, lifetime * _MARGIN_SHARE)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Attach a valid bearer token; exchange first when needed, and again after a 401.

        A 401 is answered before anything is processed, so resending is safe for any request.
        The first resend takes a token another request renewed meanwhile, if any; that one can
        have expired too while this request waited in the server's queue, so the last resend
        goes with a token exchanged just for it.
        """
        self._lock = self._lock or asyncio.Lock()
        sent_with: str | None = None
        for send in range(_RESENDS_AFTER_401 + 1):
            async with self._lock:
                last = send == _RESENDS_AFTER_401
                if last or self._access_token == sent_with or not self._fresh():
                    self._accept((yield self._exchange_request()))
                sent_with = self._access_token
            request.headers["Authorization"] = f"Bearer {sent_with}"
            response = yield request
            if response.status_code != 401:
                return

    def _exchange_request(self) -> httpx.Request:
        return httpx.Request("GET", self._exchange_url, params={"token": self._persistent_token})


# Choice (spec silent): the payroll API documents no pagination and no count for any list, so
# a list read cannot be checked against a total here. Lists must be JSON arrays of records (an
# empty body or an object is no list); how plausible a list is (an empty employee list for a
# company that had employees) is judged by the run, which knows the last run's counts.
_EMPLOYEES = TypeAdapter(list[PayrollEmployee])
_EMPLOYMENTS = TypeAdapter(list[PayrollEmployment])
_ABSENCES = TypeAdapter(list[PayrollAbsence])
_ABSENCE_TYPES = TypeAdapter(list[AbsenceType])
_CHILDREN = TypeAdapter(list[PayrollChild])
# Single-record endpoints answer a one-element array; a bare object is accepted as well.
_ONE_EMPLOYEE = TypeAdapter(list[PayrollEmployee] | PayrollEmployee)
_ONE_ABSENCE = TypeAdapter(list[PayrollAbsence] | PayrollAbsence)
_ONE_CHILD = TypeAdapter(list[PayrollChild] | PayrollChild)
_ORGANIZATION = TypeAdapter(Organization)
_PAYROLL_RUNS = TypeAdapter(list[PayrollRun])

RecordT = TypeVar("RecordT")


class PayrollClient(ServiceClient):
    """Reads and writes one 24SevenOffice payroll company."""

    service = "24SevenOffice"

    @classmethod
    def connect(
        cls,
        base_url: str,
        persistent_token: str,
        settings: HttpSettings | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        pace: Pace | None = None,
    ) -> PayrollClient:
        """Build a client for `base_url` (ending in `/api`) from the persistent access token."""
        settings = settings or HttpSettings()
        auth = PayrollTokenAuth(base_url, persistent_token)
        http = build_http_client(base_url, settings, auth=auth, transport=transport)
        return cls(http, max_concurrency=settings.max_concurrency, pace=pace)

    async def employees(self) -> list[PayrollEmployee]:
        """Read every employee of the company."""
        return await self.read_as(_EMPLOYEES, "GET", "/employee/v2")

    async def employee(self, emp_id: str) -> PayrollEmployee | None:
        """Read one employee; None when the number is unknown."""
        path = f"/employee/v2/{emp_id}"
        try:
            body = await self.request("GET", path)
        except NotFoundError:
            return None
        return self._one(_ONE_EMPLOYEE, "GET", path, body) if body else None

    async def create_employee(self, payload: Payload) -> PayrollEmployee:
        """Create an employee.

        Marked safe to repeat: a repeated create can only meet a 409 (ConflictError), never
        make a second employee; the caller decides whether the record behind a 409 is its own.
        """
        body = await self.request("POST", "/employee/v2", json=dict(payload), idempotent=True)
        return self._one(_ONE_EMPLOYEE, "POST", "/employee/v2", body)

    async def update_employee(self, emp_id: str, payload: Payload) -> PayrollEmployee:
        """Update the given fields of an employee; fields left out are kept."""
        path = f"/employee/v2/{emp_id}"
        body = await self.request("POST", path, json=dict(payload), idempotent=True)
        return self._one(_ONE_EMPLOYEE, "POST", path, body)

    async def employments(self, emp_id: str) -> list[PayrollEmployment]:
        """Read the employments of one employee."""
        return await self.read_as(_EMPLOYMENTS, "GET", f"/employment/v2/{emp_id}")

    async def upsert_employments(
        self, emp_id: str, items: Sequence[Payload]
    ) -> list[PayrollEmployment]:
        """Create or update employments (keyed by `employment_id`); returns all of them."""
        keyed = all(item.get("employment_id") for item in items)
        return await self.read_as(
            _EMPLOYMENTS,
            "POST",
            f"/employment/v2/{emp_id}",
            json=[dict(i) for i in items],
            idempotent=keyed,
        )

    async def absences(
        self, date_from: date, date_to: date, *, emp_id: str | None = None
    ) -> list[PayrollAbsence]:
        """Read absences overlapping [date_from, date_to], of one employee or all."""
        path = f"/absence/v2/{emp_id}" if emp_id else "/absence/v2"
        params = [("datefrom", date_from.isoformat()), ("dateto", date_to.isoformat())]
        return await self.read_as(_ABSENCES, "GET", path, params=params)

    async def upsert_absence(self, payload: Payload) -> PayrollAbsence:
        """Create an absence, or update the one whose `serialNo` is given."""
        body = await self.request(
            "POST", "/absence/v2", json=dict(payload), idempotent=bool(payload.get("serialNo"))
        )
        return self._one(_ONE_ABSENCE, "POST", "/absence/v2", body)

    async def absence_types(self) -> list[AbsenceType]:
        """Read the company's absence types."""
        return await self.read_as(_ABSENCE_TYPES, "GET", "/absencetypes/v2")

    async def children(self, emp_id: str) -> list[PayrollChild]:
        """Read the children registered on an employee."""
        return await self.read_as(_CHILDREN, "GET", f"/child/v2/{emp_id}")

    async def upsert_child(self, payload: Payload) -> PayrollChild:
        """Create a child, or update the one whose `childId` is given."""
        body = await self.request(
            "POST", "/child/v2", json=dict(payload), idempotent=bool(payload.get("childId"))
        )
        return self._one(_ONE_CHILD, "POST", "/child/v2", body)

    async def organization(self) -> Organization:
        """Read the company and its sites."""
        return await self.read_as(_ORGANIZATION, "GET", "/organization/v2")

    async def payroll_runs(self) -> list[PayrollRun]:
        """Read the company's payroll runs (lønnskjøringer): periods, payment dates, locks."""
        return await self.read_as(_PAYROLL_RUNS, "GET", "/payrollrun/v2/")

    def _one(
        self, shape: TypeAdapter[list[RecordT] | RecordT], method: str, path: str, body: Any
    ) -> RecordT:
        """The one record of a single-record answer (an array of one, or a bare object)."""
        try:
            parsed = shape.validate_python(body)
        except ValidationError as error:
            raise self.malformed(method, path, shape_errors(error)) from None
        if isinstance(parsed, list):
            if not parsed:
                raise self.malformed(method, path, "an empty array where one record was expected")
            return parsed[0]
        return parsed
