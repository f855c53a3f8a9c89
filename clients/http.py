"""The httpx client both API clients are built on: timeouts, TLS, the retrying transport."""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass, field
from functools import cache

import httpx

from clients.transport import RetryPolicy, RetryTransport
from clients.urls import insecure_url_problem


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


@cache
def verified_tls() -> ssl.SSLContext:
    """The process's one certificate-verifying TLS context (httpx's default: certifi's CAs).

    Building a context parses the whole CA bundle (~30 ms); a sync opens several clients and
    `hrsync serve` many, and a context is safe to share between them.
    """
    return httpx.create_ssl_context(verify=True)


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
    inner = transport or httpx.AsyncHTTPTransport(verify=verified_tls())
    timeout = httpx.Timeout(settings.timeout, connect=settings.connect_timeout, pool=None)
    return httpx.AsyncClient(
        base_url=base_url.rstrip("/"),
        transport=RetryTransport(inner, settings.retry),
        timeout=timeout,
        headers=headers,
        auth=auth,
    )
