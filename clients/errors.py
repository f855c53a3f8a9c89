"""Errors of the API clients, sorted by how a caller recovers from them, and how to tell which."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import httpx
from pydantic import ValidationError

from clients.printable import visible

# Long digit runs and IBAN-looking tokens are personal data (fødselsnummer, bank accounts) that a
# server may echo in an error text; they never reach an exception message. Identity numbers are
# also written with a hyphen after the birth date (160243-01269, Swedish 800101-1234); amounts
# with decimals (61234,56 or 456.78) may be a salary.
_SENSITIVE = re.compile(
    r"\b[A-Z]{2}\d{2}[A-Z0-9]{8,30}\b|\b\d{6,8}-\d{4,5}\b|\d[\d .]{5,}\d|\b\d+[.,]\d{1,2}\b"
)
# AlexisHR record ids (24-hex ObjectIds) name records, not people: they stay readable, also
# when they happen to be all digits (as a test's ids are), so a reason can name its leave.
_KEPT_OR_SENSITIVE = re.compile(rf"(?P<kept>\b[0-9a-f]{{24}}\b)|{_SENSITIVE.pattern}")
# pydantic quotes the offending input as `input_value=…` (up to `, input_type=` or the `]`).
_INPUT_VALUE = re.compile(r"input_value=.*?(?=, input_type=|\]|$)", re.MULTILINE)
# Credentials an error body may echo: a bearer header, `token=…`/`"accessToken": "…"` pairs,
# a JWT. The key is kept (it tells what was there), the value goes.
_CREDENTIAL = re.compile(
    r"(?P<bearer>\bbearer\s+)[^\s\"',;]+"
    r"|(?P<key>\b\w*(?:token|secret|password|passwd|api_?key|authorization)[\"']?\s*[:=]\s*"
    r"[\"']?(?:bearer\s+)?)[^\s\"'&,;}]+"
    r"|\beyJ[\w-]+\.[\w-]+\.[\w-]*",
    re.IGNORECASE,
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Return `text` without personal numbers, quoted input values or credentials.

    Args:
        text: an error text from a server, a validation or an exception.
        secrets: exact values that must vanish too (the tokens of the request that failed);
            values shorter than 6 characters are ignored (they would mask ordinary words).
    """
    for secret in sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True):
        text = text.replace(secret, "***")
    text = _INPUT_VALUE.sub("input_value=***", text)
    text = _CREDENTIAL.sub(lambda m: f"{m['bearer'] or m['key'] or ''}***", text)
    return _KEPT_OR_SENSITIVE.sub(lambda m: m["kept"] or "***", text)


def validation_summary(error: ValidationError) -> str:
    """`loc: message` per error of a pydantic validation, never the input that failed.

    The wire models set `hide_input_in_errors`, so `str(error)` is safe too; this is the short
    form for a one-line failure (`error.errors()` itself still holds the raw input).
    """
    items = error.errors(include_input=False, include_url=False, include_context=False)
    parts = [f"{'.'.join(map(str, item['loc'])) or '(body)'}: {item['msg']}" for item in items]
    return redact("; ".join(parts))


def shape_errors(error: ValidationError, limit: int = 3) -> str:
    """Where a body broke its expected shape (`total: Input should be a valid integer`).

    Built from locations and pydantic's messages only, never from the input: a row may hold a
    fødselsnummer.
    """
    parts = [
        f"{'.'.join(str(p) for p in item['loc']) or 'body'}: {item['msg']}"
        for item in error.errors(include_url=False, include_input=False, include_context=False)
    ]
    more = f" (and {len(parts) - limit} more)" if len(parts) > limit else ""
    return "; ".join(parts[:limit]) + more


class ApiError(Exception):
    """A call to AlexisHR or 24SevenOffice failed.

    The message names the service, method, path (never the query string, which may hold a token)
    and status; `detail` keeps the server's own words, redacted of personal data and credentials,
    control characters escaped (`clients.printable`).
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
        self.detail = visible(redact(detail))[:300]
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


def _error_field(response: httpx.Response) -> tuple[str, str | None]:
    """Pull a human message and an offending field name out of an error body, if any."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200], None
    if not isinstance(body, dict):
        return str(body)[:200], None
    message = body.get("message", body.get("error", ""))
    if isinstance(message, list):
        message = "; ".join(str(item) for item in message)
    field_name = body.get("field")
    return str(message), str(field_name) if field_name else None


def request_secrets(request: httpx.Request) -> list[str]:
    """The credentials a request carried: its bearer token and every query value (`?token=`)."""
    scheme, _, credential = request.headers.get("Authorization", "").partition(" ")
    found = [credential.strip()] if scheme.lower() == "bearer" else []
    return found + [value for _, value in request.url.params.multi_items()]


def error_for(service: str, response: httpx.Response) -> ApiError:
    """Sort a non-2xx response into the error class a caller recovers from.

    A server may echo what it was sent; the request's own credentials are scrubbed from the
    message along with personal numbers (`redact`).
    """
    request = response.request
    message, field_name = _error_field(response)
    message = redact(message, request_secrets(request))
    status = response.status_code
    args = (service, request.method, request.url.path, status, message)
    kinds: dict[int, type[ApiError]] = {
        400: RejectedError,
        401: AuthenticationError,
        403: AuthenticationError,
        404: NotFoundError,
        409: ConflictError,
        422: RejectedError,
    }
    if status == 429 or status >= 500:
        return RetriableApiError(*args)
    return kinds.get(status, FatalApiError)(*args, field=field_name)
