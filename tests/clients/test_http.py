"""Shared HTTP plumbing: error sorting, client construction, concurrency, and what reaches logs."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
import pytest

from clients.alexis import AlexisClient
from clients.errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    FatalApiError,
    NotFoundError,
    RejectedError,
    RetriableApiError,
)
from clients.http import (
    HttpSettings,
    RedactQueryStrings,
    ServiceClient,
    build_http_client,
    error_for,
)
from clients.payroll import PayrollClient
from clients.transport import RetryPolicy, RetryTransport
from emulators.faults import FaultProfile, FaultRule
from emulators.runtime import Emulators, Endpoints
from tests.clients.conftest import AlexisTenant
from tests.clients.helpers import (
    SERVER_ERROR,
    UNAVAILABLE,
    VALID_FNR,
    VALID_KONTONR,
    FirstRequestsFail,
    fast_settings,
)

pytestmark = pytest.mark.anyio


# --- error_for ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, RejectedError),
        (401, AuthenticationError),
        (403, AuthenticationError),
        (404, NotFoundError),
        (405, FatalApiError),
        (409, ConflictError),
        (418, FatalApiError),
        (422, RejectedError),
        (429, RetriableApiError),
        (500, RetriableApiError),
        (502, RetriableApiError),
        (503, RetriableApiError),
        (504, RetriableApiError),
    ],
)
def test_error_for_sorts_statuses_by_recovery(status: int, kind: type[ApiError]) -> None:
    request = httpx.Request("POST", "https://payroll.test/api/employee/v2?token=s3cr3t-token")
    body = {"error": "personnr is not valid", "field": "personnr"}

    error = error_for("24SevenOffice", httpx.Response(status, json=body, request=request))

    assert type(error) is kind
    assert (error.service, error.method, error.path, error.status) == (
        "24SevenOffice",
        "POST",
        "/api/employee/v2",
        status,
    )
    assert error.detail == "personnr is not valid"
    assert error.field == (None if kind is RetriableApiError else "personnr")
    assert "s3cr3t" not in str(error) and "token" not in str(error)


@pytest.mark.parametrize(
    ("body", "detail", "field"),
    [
        (
            {"statusCode": 400, "message": ["name must be a string", "x should not exist"]},
            "name must be a string; x should not exist",
            None,
        ),
        ({"statusCode": 404, "message": "Not Found", "error": "Not Found"}, "Not Found", None),
        (
            {"error": "enddate must not be before startdate", "field": "enddate", "index": 1},
            "enddate must not be before startdate",
            "enddate",
        ),  # fmt: skip
        ({"error": f"personnr {VALID_FNR} is taken"}, "personnr *** is taken", None),
        (["not", "an", "object"], "['not', 'an', 'object']", None),
        ("<html>Bad gateway</html>", "<html>Bad gateway</html>", None),
        ("", "", None),
    ],
)
def test_error_for_reads_both_services_error_bodies(body: Any, detail: str, field: str) -> None:
    request = httpx.Request("POST", "https://x.test/p")
    response = (
        httpx.Response(400, text=body, request=request)
        if isinstance(body, str)
        else httpx.Response(400, json=body, request=request)
    )

    error = error_for("svc", response)

    assert (error.detail, error.field) == (detail, field)


# --- client construction -----------------------------------------------------------------------


async def test_build_http_client_wraps_the_transport_with_the_policy() -> None:
    policy = RetryPolicy(max_attempts=2)
    settings = HttpSettings(timeout=3.0, connect_timeout=1.5, retry=policy)

    async with build_http_client("https://api.test/v1/", settings, headers={"X-Test": "1"}) as http:
        assert str(http.base_url) == "https://api.test/v1/"  # one slash, not two
        assert http.timeout == httpx.Timeout(3.0, connect=1.5, pool=None)
        assert http.headers["X-Test"] == "1"
        transport = http._transport
        assert isinstance(transport, RetryTransport) and transport.policy is policy
        assert http.build_request("GET", "/employee").url == "https://api.test/v1/employee"


async def test_alexis_token_is_trimmed_and_an_empty_one_sends_no_header(
    endpoints: Endpoints, alexis_tenant: AlexisTenant
) -> None:
    async with AlexisClient.connect(
        endpoints.alexis_url, f"  {alexis_tenant.token}\n", settings=fast_settings()
    ) as client:
        assert (await client.company()).id == alexis_tenant.company.id
    async with AlexisClient.connect(endpoints.alexis_url, " ", settings=fast_settings()) as client:
        assert "Authorization" not in client._http.headers
        with pytest.raises(AuthenticationError):
            await client.company()


async def test_a_request_httpx_cannot_form_is_fatal_and_quotes_no_header(
    endpoints: Endpoints,
) -> None:
    secret = "Bearer s3cr3t-token\n"  # an illegal header value (h11 quotes it in its error)
    http = build_http_client(
        endpoints.alexis_url, fast_settings(), headers={"Authorization": secret}
    )

    async with ServiceClient(http) as client:
        with pytest.raises(FatalApiError) as caught:
            await client.request("GET", "/company")
    async with ServiceClient(build_http_client("ftp://files.test", fast_settings())) as client:
        with pytest.raises(FatalApiError) as unsupported:
            await client.request("GET", "/company")

    error = caught.value
    assert type(error) is FatalApiError and error.detail == "LocalProtocolError"
    assert error.__cause__ is None and error.__suppress_context__
    assert "s3cr3t" not in str(error)
    assert unsupported.value.detail == "UnsupportedProtocol"


class InFlight(httpx.AsyncBaseTransport):
    """A real network transport that notes the most requests it had in flight at once."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._now = 0
        self.most = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._now += 1
        self.most = max(self.most, self._now)
        try:
            return await self._inner.handle_async_request(request)
        finally:
            self._now -= 1

    async def aclose(self) -> None:
        await self._inner.aclose()


@pytest.mark.parametrize(("limit", "most"), [(2, 2), (6, 6)])
async def test_concurrency_is_bounded_per_client(
    endpoints: Endpoints,
    alexis_tenant: AlexisTenant,
    emulators: Emulators,
    limit: int,
    most: int,
) -> None:
    # Each answer takes 0.1 s, so six calls at once overlap unless the client holds them back.
    slow = FaultRule(slow=1.0, slow_seconds=0.1)
    emulators.set_faults(FaultProfile(endpoints=(("GET /v1/company", slow),)))
    settings = HttpSettings(max_concurrency=limit, retry=fast_settings().retry)
    transport = InFlight()

    async with AlexisClient.connect(
        endpoints.alexis_url, alexis_tenant.token, settings=settings, transport=transport
    ) as client:
        await asyncio.gather(*(client.company() for _ in range(6)))

    assert transport.most == most


async def test_pace_is_awaited_before_each_call_and_can_hold_it_back(
    endpoints: Endpoints, alexis_tenant: AlexisTenant
) -> None:
    paced = 0

    async def pace() -> None:
        nonlocal paced
        paced += 1

    async def unreachable() -> None:
        raise RuntimeError("rate limit store unreachable")

    async with AlexisClient.connect(
        endpoints.alexis_url, alexis_tenant.token, settings=fast_settings(), pace=pace
    ) as client:
        await client.company()
        await client.departments()
        assert await client.get("department", "0" * 24) is None
    async with AlexisClient.connect(
        endpoints.alexis_url, alexis_tenant.token, settings=fast_settings(), pace=unreachable
    ) as client:
        with pytest.raises(RuntimeError, match="unreachable"):
            await client.company()

    assert paced == 3
    assert len(alexis_tenant.requests(at_least=3)) == 3  # the refused call sent nothing


# --- no token or personal number in any log line -----------------------------------------------


def test_redact_query_strings_filter_is_installed_and_strips_queries() -> None:
    assert any(isinstance(f, RedactQueryStrings) for f in logging.getLogger("httpx").filters)
    url = httpx.URL("https://payroll.test/api/auth?token=s3cr3t")
    record = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, 'HTTP Request: %s %s "%s"', ("GET", url, 200), None
    )

    assert RedactQueryStrings().filter(record) is True
    assert record.getMessage() == 'HTTP Request: GET https://payroll.test/api/auth "200"'


KARI = {
    "empId": "1",
    "firstname": "Kari",
    "lastname": "Nordmann",
    "personnr": VALID_FNR,
    "account": VALID_KONTONR,
}


def _record_texts(record: logging.LogRecord) -> list[str]:
    texts = [record.getMessage(), repr(record.args), record.exc_text or ""]
    if record.exc_info and record.exc_info[1] is not None:
        texts.append(str(record.exc_info[1]))
    return texts


async def test_no_token_or_personal_number_reaches_any_log_or_error_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "hrsync.clients"):
        caplog.set_level(logging.DEBUG, logger=name)
    persistent, refused, alexis_token = "persistent-7d1e5a", "refused-c0ffee42", "alexis-5eb2a9"
    emulators = Emulators()
    emulators.payroll.add_company(persistent, "Lekk AS")
    hr = emulators.alexis.add_company(alexis_token, "Lekk AS")
    hr.insert("employee", {"firstName": "Kari", "ssn": VALID_FNR})
    # Retries of the exchange and of a write carrying personal data are logged too.
    emulators.set_faults(FirstRequestsFail(pattern="*", fault=UNAVAILABLE))
    errors: list[ApiError] = []
    settings = fast_settings()

    with emulators.serve() as endpoints:
        async with (
            PayrollClient.connect(endpoints.payroll_url, persistent, settings) as payroll,
            AlexisClient.connect(endpoints.alexis_url, alexis_token, settings) as alexis,
        ):
            await payroll.create_employee(KARI)
            await payroll.update_employee("1", {"account": VALID_KONTONR})
            assert (await payroll.employee("1")).personnr == VALID_FNR  # type: ignore[union-attr]
            emulators.payroll.expire_access_tokens()
            await payroll.employees()  # a 401, and the token exchanged again
            assert (await alexis.employees())[0].ssn == VALID_FNR
            for call in (
                payroll.create_employee(KARI),
                payroll.update_employee("1", {"personnr": "16024301268"}),
                payroll.employments("404"),
            ):
                with pytest.raises(ApiError) as caught:
                    await call
                errors.append(caught.value)
            emulators.set_faults(
                FirstRequestsFail(pattern="GET /v1/*", times=99, fault=SERVER_ERROR)
            )
            with pytest.raises(RetriableApiError) as outage:
                await alexis.company()
            errors.append(outage.value)
        async with PayrollClient.connect(endpoints.payroll_url, refused, settings) as stranger:
            with pytest.raises(AuthenticationError) as caught_auth:
                await stranger.employees()
            errors.append(caught_auth.value)

    access_tokens = {r.token for r in emulators.payroll_app.requests if r.token}
    assert len(access_tokens) == 2  # the first and the renewed one
    secrets = [persistent, refused, alexis_token, *access_tokens, VALID_FNR, VALID_KONTONR]
    for record in caplog.records:
        for text in _record_texts(record):
            assert not any(secret in text for secret in secrets), (record.name, text)
    for error in errors:
        for text in (str(error), repr(error)):
            assert not any(secret in text for secret in secrets), text
    # The test saw what it guards: httpx's request lines, including the exchange, at INFO, the
    # retries, and httpcore's DEBUG traces.
    names = {record.name for record in caplog.records}
    assert {"httpx", "hrsync.clients"} <= names and any(n.startswith("httpcore") for n in names)
    assert any("/api/auth" in r.getMessage() for r in caplog.records if r.name == "httpx")
    assert [type(e) for e in errors] == [
        ConflictError,
        RejectedError,
        NotFoundError,
        RetriableApiError,
        AuthenticationError,
    ]
