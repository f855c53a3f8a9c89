"""The error classes: redaction, messages, hierarchy, pickling, and sorting responses into them."""

from __future__ import annotations

import copy
import pickle
import re
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from clients.errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    FatalApiError,
    NotFoundError,
    RejectedError,
    RetriableApiError,
    error_for,
    redact,
    validation_summary,
)
from tests.clients.helpers import VALID_FNR, VALID_IBAN, VALID_KONTONR

ERROR_CLASSES = [
    ApiError,
    RetriableApiError,
    FatalApiError,
    AuthenticationError,
    NotFoundError,
    ConflictError,
    RejectedError,
]
PERSONAL = [
    VALID_FNR,
    "160243 01269",
    "160243-01269",
    "56024310189",  # D-number
    "800101-1234",  # Swedish personnummer
    "19800101-1234",
    VALID_KONTONR,
    "8601.11.17947",
    "8601 11 17947",
    VALID_IBAN,
    "SE4550000000058398257466",
    "DE89370400440532013000",
]


@pytest.mark.parametrize("number", PERSONAL)
def test_redact_masks_personal_numbers(number: str) -> None:
    masked = redact(f"value {number} is not valid for personnr")

    assert number not in masked
    assert masked == "value *** is not valid for personnr"


def test_redact_masks_every_occurrence_inside_words_too() -> None:
    masked = redact(f"personnr={VALID_FNR};account:{VALID_IBAN},again {VALID_FNR}")

    assert not re.search(r"\d{5,}", masked)
    assert masked.count("***") == 3


@pytest.mark.parametrize(
    "text",
    [
        "HTTP 400",
        "empId 42 does not exist",
        "startDate 2025-01-31 must not be before 2025-02-01",
        "field 'personnr' rejected",
        "percent must be at most 100",
        "employment_id 32553-1 is unknown",
        "",
    ],
)
def test_redact_keeps_ordinary_text(text: str) -> None:
    assert redact(text) == text


def _texts(error: ApiError) -> list[str]:
    return [str(error), repr(error), error.detail, *map(str, error.args)]


@pytest.mark.parametrize("cls", ERROR_CLASSES)
def test_no_error_text_carries_a_personal_number(cls: type[ApiError]) -> None:
    detail = "; ".join(f"bad value {number}" for number in PERSONAL)

    error = cls("24SevenOffice", "POST", "/api/employee/v2", 400, detail, "personnr")

    for text in _texts(error):
        assert not any(number in text for number in PERSONAL), text
    assert str(error).startswith("24SevenOffice POST /api/employee/v2 failed: HTTP 400")
    assert "field 'personnr' rejected" in str(error) and "bad value ***" in str(error)


@pytest.mark.parametrize("cls", ERROR_CLASSES)
def test_message_without_response_field_or_detail(cls: type[ApiError]) -> None:
    error = cls("AlexisHR", "GET", "/v1/employee", None)

    assert str(error) == "AlexisHR GET /v1/employee failed: no response"
    assert (error.status, error.field, error.detail) == (None, None, "")


def test_detail_is_cut_at_300_characters() -> None:
    error = RejectedError("svc", "POST", "/p", 400, "x" * 1000)

    assert error.detail == "x" * 300
    assert len(str(error)) < 360


@pytest.mark.parametrize("cls", ERROR_CLASSES)
def test_errors_survive_pickling_and_copying(cls: type[ApiError]) -> None:
    # Prefect keeps a failed task's exception, serialised, in the task's state.
    error = cls("24SevenOffice", "POST", "/api/absence/v2", 400, f"nr {VALID_FNR}", "startDate")

    for clone in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
        assert type(clone) is cls
        assert str(clone) == str(error)
        assert (clone.service, clone.method, clone.path, clone.status, clone.field) == (
            "24SevenOffice",
            "POST",
            "/api/absence/v2",
            400,
            "startDate",
        )
        assert clone.detail == "nr ***"


def test_hierarchy_tells_how_to_recover() -> None:
    fatal = [AuthenticationError, NotFoundError, ConflictError, RejectedError]
    assert all(issubclass(cls, FatalApiError) for cls in fatal)
    assert not issubclass(RetriableApiError, FatalApiError)
    assert all(issubclass(cls, ApiError) for cls in ERROR_CLASSES)


@pytest.mark.parametrize(
    "text",
    [
        "1 validation error for Employee\nssn\n  Input should be a valid string "
        "[type=string_type, input_value=4024400951, input_type=int]",
        "bankAccount\n  Input should be a valid dictionary [type=dict_type, "
        "input_value='DE89 3704 0044 0532 0130 00', input_type=str]",
        "amount\n  Input should be a valid number [type=float_type, input_value=[61234], "
        "input_type=list]",
        "x [type=string_type, input_value={'ssn': 'Kari 040244'}]",
    ],
)
def test_redact_drops_quoted_pydantic_input(text: str) -> None:
    masked = redact(text)

    assert "input_value=***" in masked
    for raw in ("4024400951", "DE89", "61234", "Kari", "040244"):
        assert raw not in masked


SECRET = "s3cr3t-T0ken_value.with-dots"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhY21lIn0.c2lnbmF0dXJl"


@pytest.mark.parametrize(
    "text",
    [
        f"invalid token {SECRET}",
        f"Authorization: Bearer {SECRET}",
        f"authorization={SECRET}",
        f"bearer {SECRET} refused",
        f'{{"token": "{SECRET}"}}',
        f"accessToken={SECRET}&x=1",
        f"'persistent_token': '{SECRET}'",
        f"api_key: {SECRET}",
        f"expired {JWT}",
        f"https://host/api/auth?token={SECRET}",
    ],
)
def test_redact_drops_credentials(text: str) -> None:
    masked = redact(text, secrets=[SECRET])

    assert SECRET not in masked and "T0ken" not in masked and "eyJ" not in masked
    assert "***" in masked


def test_redact_drops_an_exact_secret_without_a_keyword() -> None:
    masked = redact(f"company for x{SECRET}y not found", secrets=[SECRET, "abc"])

    assert masked == "company for x***y not found"


def test_validation_summary_names_fields_never_the_input() -> None:
    from clients.alexis_records import ListEnvelope

    with pytest.raises(ValidationError) as raised:
        ListEnvelope.model_validate(
            {"status": "success", "data": {"ssn": 4024400951}, "total": "15034021305", "count": 1}
        )

    summary = validation_summary(raised.value)
    assert summary == "data: Input should be a valid list; total: Input should be a valid integer"
    for text in (str(raised.value), repr(raised.value), summary):
        assert "4024400951" not in text and "15034021305" not in text


@pytest.mark.parametrize("record_id", ["66f0c0ffee000000000001f6", "000000000000000000000010"])
def test_record_ids_stay_readable_beside_masked_numbers(record_id: str) -> None:
    text = redact(f"leave {record_id} of 04024400951, account 1503.40.21305")

    assert text == f"leave {record_id} of ***, account ***"


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
