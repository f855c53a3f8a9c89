"""Error texts of the clients carry no input values and no token, whatever a server sends."""

from __future__ import annotations

import importlib
import inspect
import json

import httpx
import pytest
from pydantic import BaseModel

from clients.alexis import AlexisClient
from clients.errors import ApiError
from clients.payroll import PayrollClient
from tests.clients.conftest import AlexisTenant
from tests.clients.helpers import fast_settings

pytestmark = pytest.mark.anyio

TOKEN = "alexis-tok-7f3c9a1b2e4d"
PERSISTENT = "payroll-persistent-9e8d7c6b5a"
FNR = "04024400951"


@pytest.mark.parametrize(
    "module", ["clients.alexis_models", "clients.alexis_records", "clients.payroll_models"]
)
def test_every_wire_model_hides_its_input_in_errors(module: str) -> None:
    models = [
        cls
        for _, cls in inspect.getmembers(importlib.import_module(module), inspect.isclass)
        if issubclass(cls, BaseModel) and cls.__module__ == module
    ]
    assert models
    assert [m.__name__ for m in models if not m.model_config.get("hide_input_in_errors")] == []


async def test_a_number_where_alexis_sends_text_is_named_without_its_value(
    alexis: AlexisClient, alexis_tenant: AlexisTenant
) -> None:
    # The probe's case: a fødselsnummer (and an account) sent as JSON numbers. The read goes on
    # (one misfit row never fails it); the row names its misfit fields, never their values.
    alexis_tenant.company.insert(
        "employee",
        {"employeeNumber": "1", "ssn": int(FNR), "bankAccount": {"number": 15034021305}},
    )

    (employee,) = await alexis.employees()

    problems = employee.wire_problems
    assert [p.split("|")[0] for p in problems] == ["ssn", "bankAccount.number"]
    for text in (*problems, str(employee), repr(employee)):
        assert str(int(FNR)) not in text and "15034021305" not in text


def echoing(request: httpx.Request) -> httpx.Response:
    """A server that quotes everything it was sent in its error body (as some do)."""
    bare = request.headers.get("Authorization", "").removeprefix("Bearer ")
    credential = bare or request.url.params.get("token", "")
    body = {
        "message": f"no company for {credential} (sent {request.headers.get('Authorization')} "
        f"to {request.url})",
        "field": "personnr",
    }
    return httpx.Response(401 if "/auth" in request.url.path else 400, json=body)


async def test_an_alexis_error_body_echoing_the_token_is_scrubbed() -> None:
    transport = httpx.MockTransport(echoing)
    async with AlexisClient.connect(
        "https://alexis.test/v1", TOKEN, fast_settings(), transport
    ) as client:
        with pytest.raises(ApiError) as raised:
            await client.company()

    error = raised.value
    for text in (str(error), repr(error), error.detail, *map(str, error.args)):
        assert TOKEN not in text and "7f3c9a1b" not in text
    assert "no company for *** (sent Bearer ***" in str(error)


async def test_a_payroll_token_exchange_echoing_the_persistent_token_is_scrubbed() -> None:
    transport = httpx.MockTransport(echoing)
    async with PayrollClient.connect(
        "https://payroll.test/api", PERSISTENT, fast_settings(), transport
    ) as client:
        with pytest.raises(ApiError) as raised:
            await client.employees()

    error = raised.value
    assert error.path == "/api/auth"
    for text in (str(error), repr(error), error.detail):
        assert PERSISTENT not in text and "9e8d7c6b" not in text


async def test_a_rejection_quoting_the_payload_keeps_personal_numbers_out() -> None:
    def quoting(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth"):
            return httpx.Response(200, json={"accessToken": "short-lived-abcdef123456",
                                             "expiresOn": "2999-01-01T00:00:00Z"})  # fmt: skip
        sent = json.loads(request.content)
        echo = f"personnr {sent['personnr']} invalid, salary {sent['salary']}, {request.headers}"
        return httpx.Response(400, json={"message": echo})

    async with PayrollClient.connect(
        "https://payroll.test/api", PERSISTENT, fast_settings(), httpx.MockTransport(quoting)
    ) as client:
        with pytest.raises(ApiError) as raised:
            await client.create_employee({"personnr": FNR, "salary": "61234.56"})

    text = str(raised.value)
    assert "personnr *** invalid" in text
    for secret in (FNR, "61234", "short-lived-abcdef123456", PERSISTENT):
        assert secret not in text
