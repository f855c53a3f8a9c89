"""24SevenOffice Lønn (payroll) API client: token exchange, typed records, upserts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from clients.errors import NotFoundError
from clients.http import HttpSettings, Pace, ServiceClient, build_http_client, error_for
from clients.payroll_models import (
    AbsenceType,
    Organization,
    PayrollAbsence,
    PayrollChild,
    PayrollEmployee,
    PayrollEmployment,
)

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


def _first(body: Any) -> Any:
    """Single-record endpoints answer a one-element array; accept a bare object as well."""
    if isinstance(body, list):
        if not body:
            raise ValueError("empty array where one record was expected")
        return body[0]
    return body


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
        body = await self.request("GET", "/employee/v2")
        return [PayrollEmployee.model_validate(row) for row in body or []]

    async def employee(self, emp_id: str) -> PayrollEmployee | None:
        """Read one employee; None when the number is unknown."""
        try:
            body = await self.request("GET", f"/employee/v2/{emp_id}")
        except NotFoundError:
            return None
        return PayrollEmployee.model_validate(_first(body)) if body else None

    async def create_employee(self, payload: Payload) -> PayrollEmployee:
        """Create an employee.

        Marked safe to repeat: a repeated create can only meet a 409 (ConflictError), never
        make a second employee, and the caller turns a 409 into an update.
        """
        body = await self.request("POST", "/employee/v2", json=dict(payload), idempotent=True)
        return PayrollEmployee.model_validate(_first(body))

    async def update_employee(self, emp_id: str, payload: Payload) -> PayrollEmployee:
        """Update the given fields of an employee; fields left out are kept."""
        body = await self.request(
            "POST", f"/employee/v2/{emp_id}", json=dict(payload), idempotent=True
        )
        return PayrollEmployee.model_validate(_first(body))

    async def employments(self, emp_id: str) -> list[PayrollEmployment]:
        """Read the employments of one employee."""
        body = await self.request("GET", f"/employment/v2/{emp_id}")
        return [PayrollEmployment.model_validate(row) for row in body or []]

    async def upsert_employments(
        self, emp_id: str, items: Sequence[Payload]
    ) -> list[PayrollEmployment]:
        """Create or update employments (keyed by `employment_id`); returns all of them."""
        keyed = all(item.get("employment_id") for item in items)
        body = await self.request(
            "POST", f"/employment/v2/{emp_id}", json=[dict(i) for i in items], idempotent=keyed
        )
        return [PayrollEmployment.model_validate(row) for row in body or []]

    async def absences(
        self, date_from: date, date_to: date, *, emp_id: str | None = None
    ) -> list[PayrollAbsence]:
        """Read absences overlapping [date_from, date_to], of one employee or all."""
        path = f"/absence/v2/{emp_id}" if emp_id else "/absence/v2"
        params = [("datefrom", date_from.isoformat()), ("dateto", date_to.isoformat())]
        body = await self.request("GET", path, params=params)
        return [PayrollAbsence.model_validate(row) for row in body or []]

    async def upsert_absence(self, payload: Payload) -> PayrollAbsence:
        """Create an absence, or update the one whose `serialNo` is given."""
        body = await self.request(
            "POST", "/absence/v2", json=dict(payload), idempotent=bool(payload.get("serialNo"))
        )
        return PayrollAbsence.model_validate(_first(body))

    async def absence_types(self) -> list[AbsenceType]:
        """Read the company's absence types."""
        body = await self.request("GET", "/absencetypes/v2")
        return [AbsenceType.model_validate(row) for row in body or []]

    async def children(self, emp_id: str) -> list[PayrollChild]:
        """Read the children registered on an employee."""
        body = await self.request("GET", f"/child/v2/{emp_id}")
        return [PayrollChild.model_validate(row) for row in body or []]

    async def upsert_child(self, payload: Payload) -> PayrollChild:
        """Create a child, or update the one whose `childId` is given."""
        body = await self.request(
            "POST", "/child/v2", json=dict(payload), idempotent=bool(payload.get("childId"))
        )
        return PayrollChild.model_validate(_first(body))

    async def organization(self) -> Organization:
        """Read the company and its sites."""
        return Organization.model_validate(await self.request("GET", "/organization/v2"))
