from __future__ import annotations
from datetime import date
import pytest
from tests.absence_support import *  # noqa
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_probe(tenant: TestTenant) -> None:
    e1 = tenant.add_employee(1)
    e2 = tenant.add_employee("0099")
    tenant.employee_sync()
    vac = add_leave_type(tenant, "Vacation", "VACATION")
    sick = add_leave_type(tenant, "Sick leave", "SICK_LEAVE")
    add_leave(tenant, e1, vac, date(2024, 5, 13), date(2024, 5, 19))
    add_leave(tenant, e1, sick, date(2024, 5, 21), gradePercentage=50, status="confirmed")
    add_leave(tenant, e2, sick, date(2024, 5, 21))
    st = run_absences(tenant, date(2024, 5, 1), date(2024, 5, 31))
    print(report_of(st))
    print(run_summary(tenant, st))
    print(tenant.payroll.absences())
    print([(r.method, r.path, r.query) for r in tenant.requests()])
