"""Payroll runs of the payroll emulator: set up and locked by the administrator, read over HTTP."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from emulators.payroll.errors import PayrollValidationError
from emulators.payroll.state import PayrollCompany

pytestmark = pytest.mark.anyio


async def test_runs_are_listed_newest_first_in_the_specs_wire_form(
    api: httpx.AsyncClient, company: PayrollCompany
) -> None:
    june = company.add_payroll_run(date(2025, 6, 1), date(2025, 6, 30), date(2025, 6, 23))
    extra = company.add_payroll_run(
        date(2025, 6, 12), date(2025, 6, 13), date(2025, 6, 12), type="Extra", name="Extra run"
    )
    company.lock_payroll_run(extra)

    response = await api.get("/api/payrollrun/v2/")

    assert response.status_code == 200
    assert response.json() == [
        {
            "payrollrunId": str(extra),
            "startDate": "2025-06-12 00:00:00",
            "endDate": "2025-06-13 00:00:00",
            "paymentDate": "2025-06-12 00:00:00",
            "name": "Extra run",
            "created": "2025-03-10 09:00:00",  # the fake clock, in Oslo time
            "locked": "1",
            "type": "Extra",
            "limitDate": "",
            "payrollGroup": "",
            "payslips": "0",
        },
        {
            "payrollrunId": str(june),
            "startDate": "2025-06-01 00:00:00",
            "endDate": "2025-06-30 00:00:00",
            "paymentDate": "2025-06-23 00:00:00",
            "name": "",
            "created": "2025-03-10 09:00:00",
            "locked": "0",
            "type": "Ordinary",
            "limitDate": "",
            "payrollGroup": "",
            "payslips": "0",
        },
    ]


async def test_one_run_by_id_is_a_one_element_array_and_unknown_is_404(
    api: httpx.AsyncClient, company: PayrollCompany
) -> None:
    run = company.add_payroll_run(date(2025, 7, 1), date(2025, 7, 31), date(2025, 7, 25))
    company.lock_payroll_run(run)
    company.lock_payroll_run(run, locked=False)  # an administrator may open it again

    [found] = (await api.get(f"/api/payrollrun/v2/{run}")).json()

    assert (found["payrollrunId"], found["locked"]) == (str(run), "0")
    assert (await api.get("/api/payrollrun/v2/999")).status_code == 404
    assert (await api.get("/api/payrollrun/v2/x")).status_code == 400


async def test_a_company_without_runs_lists_none_and_runs_need_a_token(
    api: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    assert (await api.get("/api/payrollrun/v2/")).json() == []
    del client.headers["Authorization"]
    assert (await client.get("/api/payrollrun/v2/")).status_code == 401


def test_a_run_must_not_end_before_it_starts_nor_have_an_unknown_type(
    company: PayrollCompany,
) -> None:
    with pytest.raises(PayrollValidationError):
        company.add_payroll_run(date(2025, 7, 31), date(2025, 7, 1), date(2025, 7, 25))
    with pytest.raises(PayrollValidationError):
        company.add_payroll_run(date(2025, 7, 1), date(2025, 7, 31), date(2025, 7, 25), type="X")
    assert company.payroll_runs() == []
