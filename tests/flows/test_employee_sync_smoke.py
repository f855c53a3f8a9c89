from __future__ import annotations

import pytest

from tasks.engine.changes import SyncReport
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_demo_data_syncs_and_second_run_writes_nothing(tenant: TestTenant) -> None:
    tenant.seed_demo_data(size=12)

    first = tenant.employee_sync().result()
    second = tenant.employee_sync().result()

    assert isinstance(first, SyncReport)
    assert first.summary.created > 12 and first.summary.failed == 0
    assert len(tenant.payroll.employees()) == 12
    assert (second.summary.created, second.summary.updated) == (0, 0)
