"""PayrollClient.payroll_runs against the payroll emulator, and a run it must refuse to read."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from clients.errors import MalformedResponseError
from clients.payroll import PayrollClient
from clients.payroll_models import PayrollRun
from tests.clients.conftest import PayrollTenant
from tests.clients.helpers import fast_settings

pytestmark = pytest.mark.anyio

# The spec's own example of GET /payrollrun/v2/ (its first record).
SPEC_EXAMPLE = {
    "payrollrunId": "44",
    "startDate": "2023-07-01 00:00:00",
    "endDate": "2023-08-01 00:00:00",
    "paymentDate": "2023-07-21 00:00:00",
    "name": "",
    "created": "2023-07-24 15:08:04",
    "locked": "0",
    "type": "Ordinary",
    "limitDate": "",
    "payrollGroup": "Grupp A",
    "payslips": "6",
}


async def test_runs_are_read_with_period_payment_date_and_lock(
    payroll: PayrollClient, payroll_tenant: PayrollTenant
) -> None:
    company = payroll_tenant.company
    october = company.add_payroll_run(date(2026, 10, 1), date(2026, 10, 31), date(2026, 10, 23))
    november = company.add_payroll_run(date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 25))
    company.lock_payroll_run(october)

    runs = await payroll.payroll_runs()

    assert [(r.payrollrunId, r.start, r.end, r.payment, r.is_locked) for r in runs] == [
        (str(november), date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 25), False),
        (str(october), date(2026, 10, 1), date(2026, 10, 31), date(2026, 10, 23), True),
    ]
    assert {r.type for r in runs} == {"Ordinary"}


def test_the_specs_example_reads_as_a_day_period() -> None:
    run = PayrollRun.model_validate(SPEC_EXAMPLE)

    assert (run.start, run.end, run.payment, run.is_locked) == (
        date(2023, 7, 1),
        date(2023, 8, 1),
        date(2023, 7, 21),
        False,
    )
    assert PayrollRun.model_validate({**SPEC_EXAMPLE, "locked": "1"}).is_locked
    bare = PayrollRun.model_validate({**SPEC_EXAMPLE, "startDate": "2023-07-01"})
    assert bare.start == date(2023, 7, 1)


@pytest.mark.parametrize(
    "broken",
    [{"startDate": "2023-13-01"}, {"endDate": ""}, {"paymentDate": "soon"}, {"startDate": None}],
)
async def test_a_run_whose_dates_cannot_be_read_fails_the_read(broken: dict[str, object]) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auth":
            return httpx.Response(
                200, json={"accessToken": "t", "expiresOn": "2099-01-01T00:00:00+01:00"}
            )
        return httpx.Response(200, json=[{**SPEC_EXAMPLE, **broken}])

    transport = httpx.MockTransport(answer)
    async with PayrollClient.connect(
        "http://payroll.test/api", "secret", settings=fast_settings(), transport=transport
    ) as client:
        with pytest.raises(MalformedResponseError) as raised:
            await client.payroll_runs()
    assert "/api/payrollrun/v2/" in str(raised.value)
