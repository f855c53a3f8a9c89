"""The httpx client both API clients are built on, and what of their traffic reaches logs."""

from __future__ import annotations

import logging
import ssl

import httpx
import pytest

from clients.alexis import AlexisClient
from clients.errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    RejectedError,
    RetriableApiError,
)
from clients.http import HttpSettings, RedactQueryStrings, build_http_client, verified_tls
from clients.payroll import PayrollClient
from clients.transport import RetryPolicy, RetryTransport
from emulators.runtime import Emulators
from tests.clients.helpers import (
    SERVER_ERROR,
    UNAVAILABLE,
    VALID_FNR,
    VALID_KONTONR,
    FirstRequestsFail,
    fast_settings,
)

pytestmark = pytest.mark.anyio


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


async def test_every_client_shares_one_verifying_tls_context() -> None:
    async with (
        build_http_client("https://a.test/v1", HttpSettings()) as first,
        build_http_client("https://b.test/api", HttpSettings()) as second,
    ):
        contexts = [
            c._transport._inner._pool._ssl_context  # type: ignore[attr-defined]
            for c in (first, second)
        ]
    assert contexts[0] is contexts[1] is verified_tls()
    assert verified_tls().verify_mode == ssl.CERT_REQUIRED and verified_tls().check_hostname


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
