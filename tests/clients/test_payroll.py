"""PayrollClient against the payroll emulator: token exchange, records, upserts, rejections."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from clients.errors import AuthenticationError, ConflictError, NotFoundError, RejectedError
from clients.http import build_http_client
from clients.payroll import PayrollClient, PayrollTokenAuth
from clients.payroll_models import PayrollAbsence, PayrollChild, PayrollEmployee
from emulators.faults import FaultProfile, FaultRule
from emulators.payroll import PayrollCompany
from emulators.runtime import Emulators, Endpoints
from emulators.server import RecordedRequest
from tests.clients.conftest import PayrollTenant
from tests.clients.helpers import (
    VALID_FNR,
    VALID_IBAN,
    VALID_KONTONR,
    FakeClock,
    LogWatch,
    fast_settings,
)
from tests.emulators.payroll import test_validation as emulator_rules
from tests.emulators.payroll.helpers import seed_company, snapshot

pytestmark = pytest.mark.anyio

KARI: dict[str, Any] = {
    "empId": "1",
    "firstname": "Kari",
    "lastname": "Nordmann",
    "email": "kari@fjordlys.no",
    "personnr": VALID_FNR,
    "account": VALID_KONTONR,
    "bic": "DNBANOKK",
    "countryCode": "NO",
    "zipcode": "0155",
    "city": "OSLO",
    "salary_type": "monthly",
    "salary": "50000.00",
    "salary_valid_from": "2024-01-01",
}
OLA: dict[str, Any] = {"empId": "2", "firstname": "Ola", "lastname": "Nordmann"}
SICK = {"empId": "1", "absenceType": "01", "startDate": "2025-02-03", "endDate": "2025-02-07"}


def _lines(requests: list[RecordedRequest]) -> list[tuple[str, str, int]]:
    return [(r.method, r.path, r.status) for r in requests]


# --- token exchange ----------------------------------------------------------------------------


async def test_token_is_exchanged_before_the_first_call_and_then_reused(
    payroll: PayrollClient, payroll_tenant: PayrollTenant, emulators: Emulators
) -> None:
    await payroll.employees()
    await payroll.absence_types()
    await payroll.organization()

    log = payroll_tenant.log.seen(at_least=4)
    assert _lines(log) == [
        ("GET", "/api/auth", 200),
        ("GET", "/api/employee/v2", 200),
        ("GET", "/api/absencetypes/v2", 200),
        ("GET", "/api/organization/v2", 200),
    ]
    exchange, *calls = log
    assert (exchange.query, exchange.token) == (f"token={payroll_tenant.token}", "")
    bearer = {r.token for r in calls}
    assert len(bearer) == 1 and payroll_tenant.token not in bearer
    assert emulators.payroll.company_for_access_token(bearer.pop()) is payroll_tenant.company


async def test_expired_access_token_is_exchanged_again_after_a_401(
    payroll: PayrollClient, payroll_tenant: PayrollTenant, emulators: Emulators
) -> None:
    payroll_tenant.company.put_employee(OLA)
    await payroll.employees()
    emulators.payroll.expire_access_tokens()

    assert [e.empId for e in await payroll.employees()] == ["2"]

    log = payroll_tenant.log.seen(at_least=5)
    assert _lines(log) == [
        ("GET", "/api/auth", 200),
        ("GET", "/api/employee/v2", 200),
        ("GET", "/api/employee/v2", 401),
        ("GET", "/api/auth", 200),
        ("GET", "/api/employee/v2", 200),
    ]
    assert log[2].token == log[1].token != log[4].token


async def test_concurrent_calls_after_expiry_share_one_new_token(
    payroll: PayrollClient, payroll_tenant: PayrollTenant, emulators: Emulators
) -> None:
    payroll_tenant.company.put_employee(OLA)
    await payroll.organization()
    emulators.payroll.expire_access_tokens()

    found = await asyncio.gather(*(payroll.employee("2") for _ in range(12)))

    assert all(e is not None and e.firstname == "Ola" for e in found)
    log = payroll_tenant.log.seen(at_least=2 + 12 + 1)
    assert [r.path for r in log].count("/api/auth") == 2  # the first exchange and one renewal
    assert all(r.status in (200, 401) for r in log)


@pytest.fixture(scope="module")
def clocked() -> Iterator[tuple[Emulators, Endpoints, FakeClock]]:
    """Emulators of this module alone, on a fake clock, with one-hour access tokens."""
    clock = FakeClock(datetime.now(UTC))
    emulators = Emulators(clock=clock, token_lifetime=timedelta(hours=1))
    with emulators.serve() as endpoints:
        yield emulators, endpoints, clock


async def test_token_expired_by_the_server_clock_is_renewed_after_a_401(
    clocked: tuple[Emulators, Endpoints, FakeClock],
) -> None:
    emulators, endpoints, clock = clocked
    emulators.payroll.add_company("persistent-1", "Klokke AS").put_employee(OLA)
    log = LogWatch(emulators.payroll_app.requests)

    async with PayrollClient.connect(
        endpoints.payroll_url, "persistent-1", settings=fast_settings()
    ) as client:
        await client.employees()
        clock.advance(timedelta(hours=1, seconds=1))  # only the server's clock: expiresOn passes
        assert [e.empId for e in await client.employees()] == ["2"]

    assert _lines(log.seen(at_least=5)) == [
        ("GET", "/api/auth", 200),
        ("GET", "/api/employee/v2", 200),
        ("GET", "/api/employee/v2", 401),
        ("GET", "/api/auth", 200),
        ("GET", "/api/employee/v2", 200),
    ]


async def test_token_is_renewed_proactively_shortly_before_expiresOn(  # noqa: N802
    clocked: tuple[Emulators, Endpoints, FakeClock],
) -> None:
    emulators, endpoints, clock = clocked
    emulators.payroll.add_company("persistent-2", "Klokke AS").put_employee(OLA)
    log = LogWatch(emulators.payroll_app.requests)
    auth = PayrollTokenAuth(endpoints.payroll_url, "persistent-2", clock=clock)
    settings = fast_settings()
    http = build_http_client(endpoints.payroll_url, settings, auth=auth)

    async with PayrollClient(http, max_concurrency=settings.max_concurrency) as client:
        await client.employees()
        clock.advance(timedelta(minutes=58))  # still fresh: more than a minute left
        await client.employees()
        clock.advance(timedelta(seconds=90))  # 30 s left: renew before sending
        await client.employees()

    log_lines = _lines(log.seen(at_least=5))
    assert log_lines == [
        ("GET", "/api/auth", 200),
        ("GET", "/api/employee/v2", 200),
        ("GET", "/api/employee/v2", 200),
        ("GET", "/api/auth", 200),
        ("GET", "/api/employee/v2", 200),
    ]  # no 401: the old token was never sent after it went stale


async def test_a_short_lived_token_is_reused_until_its_last_quarter() -> None:
    # A minute's margin on an eight-second token would exchange before every request.
    clock = FakeClock(datetime.now(UTC))
    emulators = Emulators(clock=clock, token_lifetime=timedelta(seconds=8))
    emulators.payroll.add_company("persistent-short", "Kort AS").put_employee(OLA)
    log = LogWatch(emulators.payroll_app.requests)
    with emulators.serve() as endpoints:
        auth = PayrollTokenAuth(endpoints.payroll_url, "persistent-short", clock=clock)
        http = build_http_client(endpoints.payroll_url, fast_settings(), auth=auth)
        async with PayrollClient(http) as client:
            await client.employees()
            clock.advance(timedelta(seconds=5))  # 3 s left, more than the 2 s margin
            await client.employees()
            clock.advance(timedelta(seconds=1.5))  # 1.5 s left: renew before sending
            await client.employees()

        assert [r.path for r in log.seen(at_least=5)] == [
            "/api/auth",
            "/api/employee/v2",
            "/api/employee/v2",
            "/api/auth",
            "/api/employee/v2",
        ]


@dataclass(frozen=True)
class FastServerClock(FaultProfile):
    """A server clock that jumps an hour as each of the first `jumps` employee lists arrives.

    The token such a request carries has expired by the time the server checks it.
    """

    clock: FakeClock | None = None
    jumps: int = 2
    _seen: Counter[str] = field(default_factory=Counter, compare=False)

    def rule_for(self, method: str, path: str) -> FaultRule:
        """No faults; only the clock moves."""
        if self.clock is not None and (method, path) == ("GET", "/api/employee/v2"):
            self._seen[path] += 1
            if self._seen[path] <= self.jumps:
                self.clock.advance(timedelta(hours=1, seconds=1))
        return FaultRule()


async def test_a_renewed_token_that_expired_in_flight_too_is_renewed_once_more() -> None:
    clock = FakeClock(datetime.now(UTC))
    emulators = Emulators(clock=clock, token_lifetime=timedelta(hours=1))
    emulators.payroll.add_company("persistent-jumpy", "Hopp AS").put_employee(OLA)
    emulators.set_faults(FastServerClock(clock=clock))
    log = LogWatch(emulators.payroll_app.requests)
    with emulators.serve() as endpoints:
        async with PayrollClient.connect(
            endpoints.payroll_url, "persistent-jumpy", settings=fast_settings()
        ) as client:
            assert [e.empId for e in await client.employees()] == ["2"]

        assert _lines(log.seen(at_least=6)) == [
            ("GET", "/api/auth", 200),
            ("GET", "/api/employee/v2", 401),
            ("GET", "/api/auth", 200),
            ("GET", "/api/employee/v2", 401),  # the renewed token expired on its way too
            ("GET", "/api/auth", 200),
            ("GET", "/api/employee/v2", 200),
        ]


async def test_refused_persistent_token_is_an_authentication_error_without_the_token(
    endpoints: Endpoints, emulators: Emulators
) -> None:
    secret = "refused-persistent-4f1c9d2e8b7a"
    log = LogWatch(emulators.payroll_app.requests)

    async with PayrollClient.connect(
        endpoints.payroll_url, secret, settings=fast_settings()
    ) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.employees()

    error = caught.value
    assert (error.status, error.method, error.path) == (401, "GET", "/api/auth")
    assert secret not in str(error) and secret not in repr(error) and secret not in error.detail
    exchanges = [r for r in log.seen(at_least=1) if secret in r.query]
    assert _lines(exchanges) == [("GET", "/api/auth", 401)]  # not repeated, no call sent


# --- employees ---------------------------------------------------------------------------------


async def test_employee_create_get_and_list(
    payroll: PayrollClient, payroll_tenant: PayrollTenant
) -> None:
    created = await payroll.create_employee(KARI)
    await payroll.create_employee(OLA)

    assert isinstance(created, PayrollEmployee)
    assert {key: getattr(created, key) for key in KARI} == KARI
    assert await payroll.employee("1") == created
    assert [e.empId for e in await payroll.employees()] == ["1", "2"]
    assert await payroll.employee("404") is None
    assert payroll_tenant.company.employee("1")["personnr"] == VALID_FNR


async def test_duplicate_emp_id_is_a_conflict_and_changes_nothing(
    payroll: PayrollClient, payroll_tenant: PayrollTenant
) -> None:
    await payroll.create_employee(KARI)

    with pytest.raises(ConflictError) as caught:
        await payroll.create_employee({**KARI, "firstname": "Kopi"})

    assert (caught.value.status, caught.value.path) == (409, "/api/employee/v2")
    assert [e["firstname"] for e in payroll_tenant.company.employees()] == ["Kari"]


async def test_update_changes_only_the_given_fields(
    payroll: PayrollClient, payroll_tenant: PayrollTenant
) -> None:
    payroll_tenant.company.put_employee(KARI)

    updated = await payroll.update_employee("1", {"email": "kari@ny.no", "account": VALID_IBAN})

    assert (updated.email, updated.account) == ("kari@ny.no", VALID_IBAN)
    untouched = {k: v for k, v in KARI.items() if k not in ("email", "account")}
    assert {key: getattr(updated, key) for key in untouched} == untouched
    assert await payroll.employee("1") == updated


async def test_unknown_employee_in_a_path_is_not_found(payroll: PayrollClient) -> None:
    with pytest.raises(NotFoundError):
        await payroll.update_employee("77", {"email": "x@y.no"})
    with pytest.raises(NotFoundError):
        await payroll.employments("77")


# --- employments -------------------------------------------------------------------------------


async def test_employments_are_upserted_by_employment_id(
    payroll: PayrollClient, payroll_tenant: PayrollTenant
) -> None:
    payroll_tenant.company.put_employee(KARI)
    first = {
        "employment_id": "HR-1",
        "startdate": "2024-01-01",
        "employment_form": "fast",
        "employment_rate": "100",
        "working_times": "ikkeSkift",
    }

    created = await payroll.upsert_employments("1", [first])
    changed = await payroll.upsert_employments(
        "1",
        [
            {"employment_id": "HR-1", "employment_rate": "80"},
            {"employment_id": "HR-2", "startdate": "2025-01-01", "employment_form": "midlertidig"},
        ],
    )

    assert [(e.employment_id, e.employment_rate) for e in created] == [("HR-1", "100.00")]
    assert [(e.employment_id, e.employment_rate, e.primary_employment) for e in changed] == [
        ("HR-1", "80.00", "1"),
        ("HR-2", "", "0"),
    ]
    hr1 = changed[0]
    assert (hr1.startdate, hr1.employment_form, hr1.working_times) == (
        "2024-01-01",
        "fast",
        "ikkeSkift",
    )  # fields left out of the second write were kept
    assert await payroll.employments("1") == changed
    assert [e["employment_id"] for e in payroll_tenant.company.employments("1")] == ["HR-1", "HR-2"]


async def test_employment_without_id_gets_one_from_payroll(
    payroll: PayrollClient, payroll_tenant: PayrollTenant
) -> None:
    payroll_tenant.company.put_employee(KARI)

    (stored,) = await payroll.upsert_employments("1", [{"startdate": "2024-03-01"}])

    assert stored.employment_id and stored.employment_id.endswith("-1")
    assert stored.primary_employment == "1"


# --- absences ----------------------------------------------------------------------------------


async def test_absences_are_created_then_updated_by_serial_no(
    payroll: PayrollClient, payroll_tenant: PayrollTenant
) -> None:
    payroll_tenant.company.put_employee(KARI)

    created = await payroll.upsert_absence({**SICK, "percent": "50", "externalId": "leave-1"})
    updated = await payroll.upsert_absence(
        {"empId": "1", "serialNo": created.serialNo, "endDate": "2025-02-10"}
    )

    assert isinstance(created, PayrollAbsence) and created.serialNo
    assert (created.startDate, created.endDate) == ("2025-02-03 00:00:00", "2025-02-07 00:00:00")
    assert (created.percent, created.externalId, created.description) == (
        "50",
        "leave-1",
        "Sykmelding",
    )
    assert updated.serialNo == created.serialNo
    assert (updated.endDate, updated.percent) == ("2025-02-10 00:00:00", "50")
    assert len(payroll_tenant.company.absences()) == 1


async def test_absences_are_read_by_overlap_and_employee(
    payroll: PayrollClient, payroll_tenant: PayrollTenant
) -> None:
    company = payroll_tenant.company
    company.put_employee(KARI)
    company.put_employee(OLA)
    january = company.put_absence({**SICK, "startDate": "2025-01-27", "endDate": "2025-02-02"})
    march = company.put_absence({**SICK, "startDate": "2025-03-03", "endDate": "2025-03-04"})
    olas = company.put_absence({**SICK, "empId": "2", "startDate": "2025-02-01"})

    def serials(absences: list[PayrollAbsence]) -> list[str]:
        return sorted(a.serialNo for a in absences)

    february = await payroll.absences(date(2025, 2, 1), date(2025, 2, 28))
    assert serials(february) == sorted([january["serialNo"], olas["serialNo"]])
    everything = await payroll.absences(date(2025, 1, 1), date(2025, 12, 31))
    assert len(everything) == 3
    karis = await payroll.absences(date(2025, 1, 1), date(2025, 12, 31), emp_id="1")
    assert serials(karis) == sorted([january["serialNo"], march["serialNo"]])
    assert await payroll.absences(date(2025, 4, 1), date(2025, 4, 30)) == []


# --- children, absence types, organization -----------------------------------------------------


async def test_children_are_created_read_and_updated(
    payroll: PayrollClient, payroll_tenant: PayrollTenant
) -> None:
    payroll_tenant.company.put_employee(KARI)
    child = {"empId": "1", "firstname": "Per", "lastname": "Nordmann", "birthdate": "2019-05-17"}

    created = await payroll.upsert_child(child)
    renamed = await payroll.upsert_child({**child, "childId": created.childId, "firstname": "Pål"})

    assert isinstance(created, PayrollChild)
    assert (created.firstname, created.lastname, created.birthdate) == (
        "Per",
        "Nordmann",
        "2019-05-17",
    )
    # The server answers with `firstnamn`/`surname`; the model reads either spelling.
    assert {"firstnamn", "surname"} <= set(payroll_tenant.company.children("1")[0])
    assert renamed.childId == created.childId and renamed.firstname == "Pål"
    assert await payroll.children("1") == [renamed]

    sick_child = await payroll.upsert_absence(
        {**SICK, "absenceType": "02", "childId": created.childId}
    )
    assert sick_child.childId == created.childId


async def test_absence_types_and_organization(
    payroll: PayrollClient, payroll_tenant: PayrollTenant
) -> None:
    company = payroll_tenant.company

    types = await payroll.absence_types()
    organization = await payroll.organization()

    assert [t.code for t in types] == list(company.absence_types)
    vacation = next(t for t in types if t.code == "04")
    assert (vacation.category, vacation.percentage) == ("vacation", "0")
    view = company.organization.view()
    assert (organization.name, organization.orgno) == (company.name, view["orgno"])
    assert [(s.id, s.enterprise_number) for s in organization.sites] == [
        (s["id"], s["enterprise_number"]) for s in view["sites"]
    ]


# --- every validation rule: RejectedError naming the field, nothing stored ---------------------


async def _write(client: PayrollClient, path: str, body: Any) -> object:
    """Send `body` the way the client writes to `path`."""
    if path == "/api/employee/v2":
        return await client.create_employee(body)
    if path.startswith("/api/employee/v2/"):
        return await client.update_employee(path.rsplit("/", 1)[1], body)
    if path.startswith("/api/employment/v2/"):
        return await client.upsert_employments(path.rsplit("/", 1)[1], body)
    if path == "/api/absence/v2":
        return await client.upsert_absence(body)
    if path == "/api/child/v2":
        return await client.upsert_child(body)
    raise AssertionError(f"the client has no write to {path}")


# The emulator's own list of rules (each a path, a body and the field the 400 must name), minus
# what the client cannot send: organization writes, and a JSON array where an object belongs.
RULES = [
    pytest.param(*case.values, id=f"{case.values[0].split('/')[2]}:{case.id}")
    for case in (
        *emulator_rules.EMPLOYEE_CASES,
        *emulator_rules.EMPLOYMENT_CASES,
        *emulator_rules.ABSENCE_CASES,
        *emulator_rules.CHILD_CASES,
    )
    if case.id != "body-array"
]


def test_the_rules_cover_every_client_write() -> None:
    writes = {re.sub(r"/\d+$", "/{empId}", case.values[0]) for case in RULES}
    assert writes == {
        "/api/employee/v2",
        "/api/employee/v2/{empId}",
        "/api/employment/v2/{empId}",
        "/api/absence/v2",
        "/api/child/v2",
    }


@pytest.mark.parametrize(("path", "body", "field"), RULES)
async def test_each_rejected_write_names_the_field_and_changes_nothing(
    payroll: PayrollClient,
    payroll_tenant: PayrollTenant,
    path: str,
    body: Any,
    field: str,
) -> None:
    seeded: PayrollCompany = payroll_tenant.company
    seed_company(seeded)
    before = snapshot(seeded)

    with pytest.raises(RejectedError) as caught:
        await _write(payroll, path, body)

    assert caught.value.status == 400
    assert caught.value.field == field
    assert f"field '{field}' rejected" in str(caught.value)
    assert snapshot(seeded) == before
    rejected = [r for r in payroll_tenant.log.seen(at_least=2) if r.method == "POST"]
    assert [r.status for r in rejected] == [400]  # a 400 is never repeated
