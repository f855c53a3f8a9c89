"""Errors of the API clients, sorted by how a caller recovers from them."""

from __future__ import annotations

import re
from typing import Any

# Long digit runs and IBAN-looking tokens are personal data (fødselsnummer, bank accounts) that a
# server may echo in an error text; they never reach an exception message. Identity numbers are
# also written with a hyphen after the birth date (160243-01269, Swedish 800101-1234).
_SENSITIVE = re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{8,30}\b|\b\d{6,8}-\d{4,5}\b|\d[\d .]{5,}\d")


def redact(text: str) -> str:
    """Return `text` with digit runs and IBAN-like tokens replaced by `***`."""
    return _SENSITIVE.sub("***", text)


class ApiError(Exception):
    """A call to AlexisHR or 24SevenOffice failed.

    The message names the service, method, path (never the query string, which may hold a token)
    and status; `detail` keeps the server's own words, redacted of personal data.
    """

    def __init__(
        self,
        service: str,
        method: str,
        path: str,
        status: int | None,
        detail: str = "",
        field: str | None = None,
    ) -> None:
        self.service = service
        self.method = method
        self.path = path
        self.status = status
        self.detail = redact(detail)[:300]
        self.field = field
        super().__init__(self._describe())

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuild through __init__, so an error survives pickling and copying (Prefect stores a
        # failed task's exception); the default would call __init__ with the message alone.
        args = (self.service, self.method, self.path, self.status, self.detail, self.field)
        return type(self), args, self.__dict__

    def _describe(self) -> str:
        status = f"HTTP {self.status}" if self.status is not None else "no response"
        text = f"{self.service} {self.method} {self.path} failed: {status}"
        if self.field:
            text += f", field '{self.field}' rejected"
        if self.detail:
            text += f" ({self.detail})"
        return text


class RetriableApiError(ApiError):
    """Rate limits, 5xx and network failures that outlasted the transport's retry budget.

    A later attempt (a task retry, the next scheduled run) may well succeed.
    """


class FatalApiError(ApiError):
    """The request itself is wrong or not allowed: repeating it will fail the same way."""


class AuthenticationError(FatalApiError):
    """The token was refused (401/403) even after a fresh token exchange."""


class NotFoundError(FatalApiError):
    """The addressed record does not exist (404)."""


class ConflictError(FatalApiError):
    """The record already exists (409), e.g. an employee number taken in payroll."""


class RejectedError(FatalApiError):
    """The server validated the payload and refused it (400); `field` names the culprit."""


class UntrustedReadError(ApiError):
    """A read answered, but not with something the sync may act on.

    Not retried by the transport or the read tasks: a server that answers an HTML page or a
    short list usually does so again seconds later, and the run must stop before any write.
    The next run (or a Retry) reads again.
    """


class MalformedResponseError(UntrustedReadError):
    """The answer is not what the endpoint returns: not JSON, an HTML page, another envelope."""

    def _describe(self) -> str:
        status = f"HTTP {self.status}" if self.status is not None else "no status"
        where = f"{self.service} {self.method} {self.path}"
        return f"{where} answered {status} unreadably: {self.detail}"


class IncompleteReadError(UntrustedReadError):
    """A list read does not add up against its own `total`.

    Rows missing against `total`, `total` moving between pages, or one id returned twice with
    different content.
    """

    def _describe(self) -> str:
        return f"{self.service} {self.method} {self.path} gave an incomplete list: {self.detail}"
