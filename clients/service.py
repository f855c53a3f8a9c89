"""The base of both API clients: bounded concurrency, pacing, typed errors and typed bodies."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, ClassVar, Self, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from clients.errors import (
    FatalApiError,
    MalformedResponseError,
    RetriableApiError,
    error_for,
    shape_errors,
)
from clients.transport import IDEMPOTENT

QueryParams = list[tuple[str, str]]
ShapeT = TypeVar("ShapeT")
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
        self.max_concurrency = max_concurrency
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
                    # None, not an empty tuple: httpx then skips merging (and re-parsing) the URL.
                    params=tuple(params) if params else None,
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
