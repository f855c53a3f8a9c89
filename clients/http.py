"""The HTTP plumbing both clients share: client construction, bounded concurrency, error sorting."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, ClassVar, Self, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from clients.errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    FatalApiError,
    MalformedResponseError,
    NotFoundError,
    RejectedError,
    RetriableApiError,
    redact,
)
from clients.transport import IDEMPOTENT, RetryPolicy, RetryTransport
from clients.urls import insecure_url_problem

QueryParams = list[tuple[str, str]]
ShapeT = TypeVar("ShapeT")


class RedactQueryStrings(logging.Filter):
    """Drop query strings from httpx's request log lines.

    The payroll token exchange carries the persistent token as `?token=`; httpx logs every
    request URL at INFO, so without this the token would reach any log that keeps INFO.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite URL arguments without their query; never drops the record."""
        if isinstance(record.args, tuple):
            record.args = tuple(
                arg.copy_with(query=None) if isinstance(arg, httpx.URL) else arg
                for arg in record.args
            )
        return True


logging.getLogger("httpx").addFilter(RedactQueryStrings())


@dataclass(frozen=True)
class HttpSettings:
    """Timeouts, concurrency and retry budget of one client.

    Attributes:
        timeout: seconds to wait for a response (read/write) per attempt.
        connect_timeout: seconds to wait for a connection per attempt.
        max_concurrency: requests in flight at once from this client.
        retry: the transport's retry policy.
    """

    timeout: float = 30.0
    connect_timeout: float = 10.0
    max_concurrency: int = 8
    retry: RetryPolicy = field(default_factory=RetryPolicy)


def build_http_client(
    base_url: str,
    settings: HttpSettings,
    *,
    headers: dict[str, str] | None = None,
    auth: httpx.Auth | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """Return an AsyncClient whose transport retries by `settings.retry`.

    Args:
        base_url: the service root, e.g. `https://api.alexishr.com/v1`.
        settings: timeouts, concurrency and retry policy.
        headers: default headers (e.g. the bearer token).
        auth: an httpx auth flow (the payroll token exchange).
        transport: the transport to wrap; defaults to a real network transport. Tests may pass
            `httpx.ASGITransport` to reach an in-process emulator.

    Raises:
        ValueError: a network transport to a plain `http://` URL of a host other than loopback
            (the token would cross the wire unencrypted).
    """
    if transport is None:
        problem = insecure_url_problem(base_url)
        if problem:
            raise ValueError(problem)
    # TLS certificates are always verified; nothing (no setting, no tenant file) turns it off.
    inner = transport or httpx.AsyncHTTPTransport(verify=True)
    timeout = httpx.Timeout(settings.timeout, connect=settings.connect_timeout, pool=None)
    return httpx.AsyncClient(
        base_url=base_url.rstrip("/"),
        transport=RetryTransport(inner, settings.retry),
        timeout=timeout,
        headers=headers,
        auth=auth,
    )


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


Pace = Callable[[], Awaitable[None]]


class ServiceClient:
    """Base of the API clients: sends requests with bounded concurrency and typed errors.

    Args:
        http: the configured httpx client.
        max_concurrency: requests in flight at once.
        pace: awaited before every request; the caller's hook for a rate limit shared with other
            processes (the clients themselves know no orchestrator).
    """

    service: ClassVar[str] = "api"

    def __init__(
        self, http: httpx.AsyncClient, *, max_concurrency: int = 8, pace: Pace | None = None
    ) -> None:
        self._http = http
        self._slots = asyncio.Semaphore(max_concurrency)
        self._pace = pace
        self._in_flight: set[asyncio.Task[Any]] = set()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams | None = None,
        json: Any = None,
        idempotent: bool = False,
    ) -> Any:
        """Send one request and return its decoded JSON body (None when empty).

        Raises:
            MalformedResponseError: a 2xx answer whose body is not JSON (an HTML page, a cut body).
            ApiError: a subclass telling whether the failure is worth retrying.
        """
        response = await self._send(method, path, params, json, idempotent)
        return self._decode(method, path, response)

    async def read_as(
        self,
        shape: TypeAdapter[ShapeT],
        method: str,
        path: str,
        *,
        params: QueryParams | None = None,
        json: Any = None,
        idempotent: bool = False,
    ) -> ShapeT:
        """Send one request and return its body validated as `shape`.

        Raises:
            MalformedResponseError: the body is not JSON, or not of the expected shape; the
                message names where the shape broke (`data`, `3.empId`), never a value.
        """
        response = await self._send(method, path, params, json, idempotent)
        body = self._decode(method, path, response)
        try:
            return shape.validate_python(body)
        except ValidationError as error:
            raise MalformedResponseError(
                self.service,
                method,
                response.request.url.path,
                response.status_code,
                shape_errors(error),
            ) from None

    def malformed(self, method: str, path: str, detail: str) -> MalformedResponseError:
        """The error for a 2xx answer that does not make sense as the endpoint's answer."""
        return MalformedResponseError(self.service, method, self.full_path(path), 200, detail)

    def full_path(self, path: str) -> str:
        """`/employee` → `/v1/employee`: the path as the server sees it (no query string)."""
        return self._http.base_url.path.rstrip("/") + path

    async def _send(
        self, method: str, path: str, params: QueryParams | None, json: Any, idempotent: bool
    ) -> httpx.Response:
        extensions = {IDEMPOTENT: True} if idempotent else None
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
        try:
            return await self._exchange(method, path, params, json, extensions)
        finally:
            self._in_flight.discard(task)

    async def _exchange(
        self,
        method: str,
        path: str,
        params: QueryParams | None,
        json: Any,
        extensions: dict[str, Any] | None,
    ) -> httpx.Response:
        async with self._slots:
            if self._pace is not None:
                await self._pace()
            try:
                response = await self._http.request(
                    method,
                    path,
                    params=tuple(params or ()),
                    json=json,
                    extensions=extensions,
                )
            except (httpx.UnsupportedProtocol, httpx.LocalProtocolError) as error:
                # The request could not even be formed (bad URL scheme, illegal header value):
                # repeating it fails the same way. No chaining: h11 quotes header values (tokens).
                raise FatalApiError(
                    self.service, method, path, None, type(error).__name__
                ) from None
            except httpx.TransportError as error:
                raise RetriableApiError(
                    self.service, method, path, None, type(error).__name__
                ) from error
        if response.is_error:
            raise error_for(self.service, response)
        return response

    def _decode(self, method: str, path: str, response: httpx.Response) -> Any:
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            # No chaining and no excerpt: the body of a gateway's page may echo the request.
            kind = response.headers.get("content-type", "no content type").split(";")[0]
            raise MalformedResponseError(
                self.service,
                method,
                response.request.url.path,
                response.status_code,
                f"the body is not JSON ({kind})",
            ) from None

    async def aclose(self) -> None:
        """Cancel requests still in flight, then close the underlying connection pool.

        When one of several concurrent reads fails, `asyncio.gather` hands on its error while
        the others still run; closing the pool under them would leave their sockets open.
        """
        current = asyncio.current_task()
        pending = [t for t in self._in_flight if t is not current and not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
