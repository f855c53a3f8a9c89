"""Fault injection: seeded fates, endpoint rules, named and TOML profiles, each fault's shape."""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest
from starlette.types import Message, Receive, Scope, Send

from emulators.faults import ConnectionDropped, FaultInjector, FaultProfile, FaultRule
from emulators.runtime import Emulators, Endpoints

pytestmark = pytest.mark.anyio

Line = tuple[str, str, str]  # method, path, query


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def _ok(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


async def _call(injector: FaultInjector, line: Line) -> tuple[str, list[Message]]:
    """Send one request through the injector; the fault it met ("ok" for none) and the reply."""
    method, path, query = line
    scope = {"type": "http", "method": method, "path": path, "query_string": query.encode()}
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    before = Counter(injector.injected)
    try:
        await injector(scope, receive, send)
    except ConnectionDropped:
        pass
    met = injector.injected - before
    return (next(iter(met)) if met else "ok"), sent


MIXED = FaultRule(
    rate_limited=0.2, unavailable=0.15, server_error=0.15, dropped=0.1, slow=0.1, slow_seconds=0
)
MIXED_KINDS = {"rate_limited", "unavailable", "server_error", "dropped", "slow"}
LINES: list[Line] = [
    ("GET", "/v1/employee", "limit=500&offset=0"),
    ("GET", "/v1/employee", "limit=500&offset=500"),
    ("POST", "/api/absence/v2", ""),
    ("GET", "/api/employee/v2", ""),
]


async def _fates(seed: int, order: list[Line]) -> dict[tuple[Line, int], str]:
    """The fault met by the n-th occurrence of each line, sending lines in `order`."""
    injector = FaultInjector(_ok, FaultProfile(seed=seed, default=MIXED))
    seen: Counter[Line] = Counter()
    fates = {}
    for line in order:
        seen[line] += 1
        fates[(line, seen[line])], _ = await _call(injector, line)
    return fates


async def test_fates_are_fixed_by_seed_whatever_the_interleaving() -> None:
    grouped = [line for line in LINES for _ in range(12)]
    interleaved = [line for _ in range(12) for line in LINES]
    shuffled = random.Random(3).sample(grouped, len(grouped))

    first = await _fates(7, grouped)

    assert await _fates(7, interleaved) == first
    assert await _fates(7, shuffled) == first
    assert set(first.values()) == {"ok", *MIXED_KINDS}  # a real mix, so equality means something
    assert await _fates(8, grouped) != first


async def test_the_query_string_is_part_of_the_line() -> None:
    one, other = LINES[0], LINES[1]
    alone = await _fates(7, [other] * 12)

    mixed = await _fates(7, [one, other] * 12)

    assert {key: fate for key, fate in mixed.items() if key[0] == other} == alone


@pytest.mark.parametrize(
    ("roll", "kind"),
    [
        (0.0, "rate_limited"),
        (0.2499, "rate_limited"),
        (0.25, "unavailable"),
        (0.4999, "unavailable"),
        (0.5, "server_error"),
        (0.625, "dropped"),
        (0.75, "slow"),
        (0.8749, "slow"),
        (0.875, None),
        (0.9999, None),
    ],
)
def test_a_roll_maps_to_a_kind_by_cumulative_shares(roll: float, kind: str | None) -> None:
    rule = FaultRule(
        rate_limited=0.25, unavailable=0.25, server_error=0.125, dropped=0.125, slow=0.125
    )
    assert rule.pick(roll) == kind


def test_no_faults_without_shares() -> None:
    assert all(FaultRule().pick(n / 100) is None for n in range(100))


NEVER, ALWAYS_500, ALWAYS_429 = FaultRule(), FaultRule(server_error=1), FaultRule(rate_limited=1)
PATTERNED = FaultProfile(
    default=FaultRule(unavailable=1.0),
    endpoints=(
        ("POST /api/*", ALWAYS_500),
        ("* /api/absence*", ALWAYS_429),
        ("GET /v1/leave*", NEVER),
    ),
)


@pytest.mark.parametrize(
    ("method", "path", "rule"),
    [
        ("POST", "/api/absence/v2", ALWAYS_500),  # the first matching pattern wins
        ("GET", "/api/absence/v2/7", ALWAYS_429),
        ("GET", "/v1/leave", NEVER),
        ("GET", "/v1/leave-type", NEVER),
        ("GET", "/v1/employee", FaultRule(unavailable=1.0)),  # no pattern: the default
        ("PATCH", "/v1/leave/1", FaultRule(unavailable=1.0)),
    ],
)
def test_endpoint_patterns_win_over_the_default(method: str, path: str, rule: FaultRule) -> None:
    assert PATTERNED.rule_for(method, path) == rule


async def test_the_injector_applies_the_matching_rule() -> None:
    injector = FaultInjector(_ok, PATTERNED)

    fates = [
        (await _call(injector, (m, p, "")))[0]
        for m, p in [("POST", "/api/employee/v2"), ("GET", "/v1/leave"), ("GET", "/v1/employee")]
    ]

    assert fates == ["server_error", "ok", "unavailable"]


# --- named and file profiles -------------------------------------------------------------------


def test_load_reads_a_built_in_name_with_an_optional_seed() -> None:
    flaky = FaultProfile.load("flaky:7")

    assert flaky == FaultProfile(seed=7, default=FaultProfile.named("flaky").default)
    assert flaky.default.rate_limited > 0 and flaky.default.retry_after_seconds == 0
    assert FaultProfile.load("flaky").seed == 0
    assert FaultProfile.load("none") == FaultProfile()
    hostile = FaultProfile.load("hostile:2")
    assert hostile.seed == 2 and hostile.default.server_error > flaky.default.server_error


def test_an_unknown_name_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="flaky"):
        FaultProfile.load("stormy")


def test_load_reads_a_toml_profile(tmp_path: Path) -> None:
    path = tmp_path / "faults.toml"
    path.write_text(
        "seed = 42\n"
        "[default]\n"
        "rate_limited = 0.1\n"
        "retry_after_seconds = 0\n"
        "[[endpoint]]\n"
        'pattern = "POST /api/*"\n'
        "server_error = 0.5\n"
        "[[endpoint]]\n"
        'pattern = "GET /v1/leave*"\n'
        "rate_limited = 0.0\n"
    )

    profile = FaultProfile.load(str(path))

    default = FaultRule(rate_limited=0.1, retry_after_seconds=0)
    assert profile.seed == 42 and profile.default == default
    # An endpoint rule starts from the default and changes only what it names.
    assert profile.endpoints == (
        ("POST /api/*", FaultRule(rate_limited=0.1, server_error=0.5, retry_after_seconds=0)),
        ("GET /v1/leave*", FaultRule(rate_limited=0.0, retry_after_seconds=0)),
    )
    assert profile.rule_for("GET", "/v1/leave-type").rate_limited == 0.0


def test_a_misspelt_toml_field_fails_loudly(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text("[default]\nrate_limitd = 0.5\n")

    with pytest.raises(TypeError, match="rate_limitd"):
        FaultProfile.load(str(path))


# --- what each fault looks like ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "status", "kind"),
    [
        (FaultRule(rate_limited=1.0, retry_after_seconds=3), 429, "rate_limited"),
        (FaultRule(unavailable=1.0), 503, "unavailable"),
        (FaultRule(server_error=1.0), 500, "server_error"),
    ],
)
async def test_error_faults_answer_json_and_only_429_has_retry_after(
    rule: FaultRule, status: int, kind: str
) -> None:
    injector = FaultInjector(_ok, FaultProfile(default=rule))

    met, (start, body) = await _call(injector, ("GET", "/v1/employee", ""))

    headers = dict(start["headers"])
    assert (met, start["status"]) == (kind, status)
    assert headers.get(b"retry-after") == (b"3" if status == 429 else None)
    assert int(headers[b"content-length"]) == len(body["body"])
    assert json.loads(body["body"]) == {
        "statusCode": status,
        "message": "injected fault",
        "error": kind,
    }
    assert injector.injected == Counter({kind: 1})


async def test_served_faults_reach_a_client_as_sent(
    emulators: Emulators, endpoints: Endpoints
) -> None:
    rules = (
        ("GET /v1/company", FaultRule(rate_limited=1.0, retry_after_seconds=7)),
        ("GET /v1/employee", FaultRule(dropped=1.0)),
        ("GET /api/*", FaultRule(slow=1.0, slow_seconds=0.1)),
    )
    emulators.set_faults(FaultProfile(endpoints=rules))
    log = emulators.alexis_app.requests
    start = len(log)

    async with httpx.AsyncClient() as http:
        limited = await http.get(f"{endpoints.alexis_url}/company")
        with pytest.raises(httpx.RemoteProtocolError):
            await http.get(f"{endpoints.alexis_url}/employee")
        began = time.monotonic()
        slow = await http.get(f"{endpoints.payroll_url}/auth", params={"token": "nobody"})
        slow_seconds = time.monotonic() - began

    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "7")
    assert slow.status_code == 401 and slow_seconds >= 0.1  # delayed, then served normally
    deadline = time.monotonic() + 2  # the log entry follows the response
    while len(log) < start + 2 and time.monotonic() < deadline:
        time.sleep(0.002)
    assert [(r.path, r.status) for r in log[start:]] == [("/v1/company", 429), ("/v1/employee", 0)]


def test_emulators_share_one_profile_and_switch_it_together() -> None:
    flaky = FaultProfile.load("flaky:1")
    emulators = Emulators(faults=flaky)
    assert emulators.alexis_faults.profile is flaky and emulators.payroll_faults.profile is flaky

    calm = FaultProfile()
    emulators.set_faults(calm)

    assert emulators.alexis_faults.profile is calm and emulators.payroll_faults.profile is calm


# --- answers lost after the write was committed ------------------------------------------------

EMPLOYEE = {"empId": "1", "firstname": "Kari", "lastname": "Nordmann"}


def test_new_kinds_take_rolls_only_past_the_older_ones() -> None:
    rule = FaultRule(rate_limited=0.5, lost_response=0.25, late_response=0.25)

    assert [rule.pick(roll) for roll in (0.0, 0.4999, 0.5, 0.7499, 0.75, 0.9999)] == [
        "rate_limited",
        "rate_limited",
        "lost_response",
        "lost_response",
        "late_response",
        "late_response",
    ]


def test_the_lossy_profile_loses_answers_after_commit_and_hostile_does_too() -> None:
    lossy, hostile = FaultProfile.load("lossy:3"), FaultProfile.load("hostile")

    assert lossy.seed == 3
    assert lossy.default.lost_response > 0 and lossy.default.late_response > 0
    assert hostile.default.lost_response > 0 and hostile.default.late_response > 0
    assert FaultProfile.named("flaky").default.lost_response == 0  # older profiles unchanged


async def _payroll_session(emulators: Emulators, endpoints: Endpoints) -> tuple[Any, str]:
    """A fresh payroll company and an access token for it."""
    persistent = f"lost-{uuid4()}"
    company = emulators.payroll.add_company(persistent, "Lost answers AS")
    async with httpx.AsyncClient() as http:
        answer = await http.get(f"{endpoints.payroll_url}/auth", params={"token": persistent})
    return company, str(answer.json()["accessToken"])


async def test_a_lost_response_cuts_the_connection_after_the_write(
    emulators: Emulators, endpoints: Endpoints
) -> None:
    company, token = await _payroll_session(emulators, endpoints)
    rule = FaultRule(lost_response=1.0)
    emulators.set_faults(FaultProfile(endpoints=(("POST /api/employee/v2", rule),)))
    injector = emulators.payroll_faults
    before = injector.injected_at[("lost_response", "POST /api/employee/v2")]

    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}) as http:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            await http.post(f"{endpoints.payroll_url}/employee/v2", json=EMPLOYEE)
        listed = await http.get(f"{endpoints.payroll_url}/employee/v2")  # reads are not lost

    assert [e["empId"] for e in company.employees()] == ["1"]  # committed, answer lost
    assert [e["empId"] for e in listed.json()] == ["1"]
    assert injector.injected_at[("lost_response", "POST /api/employee/v2")] == before + 1


async def test_a_late_response_is_committed_before_the_client_gives_up(
    emulators: Emulators, endpoints: Endpoints
) -> None:
    company, token = await _payroll_session(emulators, endpoints)
    rule = FaultRule(late_response=1.0, late_seconds=0.6)
    emulators.set_faults(FaultProfile(endpoints=(("POST /api/employee/v2*", rule),)))
    auth = {"Authorization": f"Bearer {token}"}

    async with httpx.AsyncClient(headers=auth, timeout=0.2) as impatient:
        with pytest.raises(httpx.ReadTimeout):
            await impatient.post(f"{endpoints.payroll_url}/employee/v2", json=EMPLOYEE)
    assert [e["empId"] for e in company.employees()] == ["1"]

    async with httpx.AsyncClient(headers=auth, timeout=5) as patient:
        began = time.monotonic()
        late = await patient.post(
            f"{endpoints.payroll_url}/employee/v2/1", json={"firstname": "Kari Anne"}
        )
    assert late.status_code == 200 and time.monotonic() - began >= 0.6
    assert company.employees()[0]["firstname"] == "Kari Anne"


async def test_the_request_log_keeps_times_and_a_body_digest(
    emulators: Emulators, endpoints: Endpoints
) -> None:
    log = emulators.payroll_app.requests
    start = len(log)
    body = {"empId": "1"}

    async with httpx.AsyncClient() as http:
        for payload in (body, body, {"empId": "2"}):
            await http.post(f"{endpoints.payroll_url}/child/v2", json=payload)

    deadline = time.monotonic() + 2
    while len(log) < start + 3 and time.monotonic() < deadline:
        time.sleep(0.002)
    first, again, other = log[start : start + 3]
    assert first.status == 401  # no token: refused, but logged with its body's digest
    assert first.body_digest == again.body_digest != other.body_digest
    assert len(first.body_digest) == 64 and "empId" not in first.body_digest
    assert first.received_at <= first.answered_at <= again.received_at


async def test_a_switched_in_profile_counts_occurrences_afresh() -> None:
    profile = FaultProfile(seed=7, default=MIXED)
    injector = FaultInjector(_ok, profile)
    first = [(await _call(injector, LINES[0]))[0] for _ in range(12)]

    injector.profile = FaultProfile(seed=7, default=MIXED)

    assert [(await _call(injector, LINES[0]))[0] for _ in range(12)] == first
