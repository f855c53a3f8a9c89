"""The payroll calendar through the real flows: locked periods are left alone, freezes hold writes.

A payroll administrator sets up and locks runs in the payroll emulator; the absence sync must
neither create, move, change nor reject an absence touching a locked run's period, and lists
each in its report. A scheduled run inside a freeze window computes and reports its change set,
writes nothing and ends in a state named `Frozen`; the next run after the window applies it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tasks.absences.calendar import CLOSED
from tests.absence_support import (
    absences_by_leave,
    add_leave,
    report_of,
    run_absences,
    skipped_notes,
    standard_leave_types,
)
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

OCT_1, OCT_31, NOV_30 = date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 30)


def today() -> date:
    """Today where the test tenant lives (Europe/Oslo): the day its freeze windows are read in."""
    return datetime.now(ZoneInfo("Europe/Oslo")).date()


def days(absence: dict[str, str]) -> tuple[str, str]:
    return absence["startDate"][:10], absence["endDate"][:10]


def test_absences_touching_a_locked_period_are_left_alone_and_reported(
    tenant: TestTenant,
) -> None:
    one = tenant.add_employee(1)
    assert tenant.employee_sync().is_completed()
    vacation = standard_leave_types(tenant)["04"]
    moved_out = add_leave(tenant, one, vacation, date(2026, 10, 5), date(2026, 10, 6))
    withdrawn = add_leave(tenant, one, vacation, date(2026, 10, 12))
    moved_in = add_leave(tenant, one, vacation, date(2026, 11, 10))
    report_of(run_absences(tenant, OCT_1, NOV_30))
    before = absences_by_leave(tenant)
    assert set(before) == {moved_out, withdrawn, moved_in}

    october = tenant.payroll.add_payroll_run(OCT_1, OCT_31, date(2026, 10, 23))
    tenant.payroll.lock_payroll_run(october)
    tenant.payroll.add_payroll_run(date(2026, 11, 1), NOV_30, date(2026, 11, 25))  # open
    created_in_closed = add_leave(tenant, one, vacation, date(2026, 10, 20))
    touching_last_day = add_leave(tenant, one, vacation, date(2026, 10, 31), date(2026, 11, 2))
    created_in_open = add_leave(tenant, one, vacation, date(2026, 11, 16))
    tenant.alexis.update("leave", moved_out, {"startDate": date(2026, 11, 3),
                                              "endDate": date(2026, 11, 4)})  # fmt: skip
    tenant.alexis.update("leave", withdrawn, {"status": "CANCELLED"})
    tenant.alexis.update("leave", moved_in, {"startDate": date(2026, 10, 21),
                                             "endDate": date(2026, 10, 21)})  # fmt: skip

    state = run_absences(tenant, OCT_1, NOV_30)

    after = absences_by_leave(tenant)
    assert set(after) == {moved_out, withdrawn, moved_in, created_in_open}
    for key in (moved_out, withdrawn, moved_in):
        assert after[key] == before[key], f"leave {key} was written into a locked period"
    assert days(after[created_in_open]) == ("2026-11-16", "2026-11-16")
    summary = report_of(state).summary
    assert (summary.created, summary.updated, summary.rejected) == (1, 0, 0)
    closed = [n for n in skipped_notes(tenant, state) if CLOSED in n]
    keys = (moved_out, withdrawn, moved_in, created_in_closed, touching_last_day)
    held = {key: n for key in keys for n in closed if f"leave {key} " in n}
    assert len(closed) == len(held) == 5, closed
    assert all(f"payroll run {october} " in n and "is locked" in n for n in closed)
    assert "(create 2026-10-20…2026-10-20)" in held[created_in_closed]
    assert "(reject " in held[withdrawn]
    assert "(move or change 2026-11-03…2026-11-04)" in held[moved_out]

    tenant.payroll.lock_payroll_run(october, locked=False)  # the administrator reopens it
    report = report_of(run_absences(tenant, OCT_1, NOV_30))

    final = absences_by_leave(tenant)
    assert days(final[moved_out]) == ("2026-11-03", "2026-11-04")
    assert days(final[moved_in]) == ("2026-10-21", "2026-10-21")
    assert final[withdrawn]["approved"] == "2"
    assert {created_in_closed, touching_last_day} <= set(final)
    assert (report.summary.created, report.summary.updated, report.summary.rejected) == (2, 2, 1)


def freeze_from_today(tenant: TestTenant, first: int, last: int) -> None:
    """Give the tenant file one dated freeze window, `first`…`last` days from today."""
    path = tenant.tenants_dir / f"{tenant.name}.toml"
    text = path.read_text().split("\n[calendar]")[0]
    now = today()
    window = (
        f"\n[calendar]\n[[calendar.freeze]]\nfrom = {now + timedelta(days=first)}\n"
        f"to = {now + timedelta(days=last)}\n"
    )
    path.write_text(text + window)


def test_a_scheduled_run_inside_a_freeze_writes_nothing_and_the_next_one_applies_it(
    tenant: TestTenant,
) -> None:
    one = tenant.add_employee(1)
    tenant.add_employee(2)
    freeze_from_today(tenant, -1, 1)
    mark = tenant.mark()

    frozen = tenant.employee_sync(scheduled=True)

    assert frozen.is_completed() and frozen.name == "Frozen"
    assert tenant.posts(mark) == [] and tenant.payroll.employees() == []
    report = report_of(frozen)
    assert report.summary.dry_run and report.summary.created == 4  # computed and reported
    assert any(n.startswith("Frozen (freeze window: ") for n in report.notes)
    assert len(report.changes) == 4

    manual = tenant.employee_sync()  # a person's run is not frozen
    assert manual.name == "Completed" and len(tenant.payroll.employees()) == 2

    vacation = standard_leave_types(tenant)["04"]
    leave = add_leave(tenant, one, vacation, today())
    period = (today() - timedelta(days=1), today() + timedelta(days=1))
    mark = tenant.mark()
    frozen = run_absences(tenant, *period, scheduled=True)
    assert frozen.name == "Frozen" and tenant.posts(mark) == []
    assert report_of(frozen).summary.created == 1 and absences_by_leave(tenant) == {}

    freeze_from_today(tenant, -5, -1)  # the window is over
    applied = run_absences(tenant, *period, scheduled=True)
    assert applied.name == "Completed"
    assert report_of(applied).summary.created == 1 and set(absences_by_leave(tenant)) == {leave}


def test_a_freeze_before_each_payment_date_holds_scheduled_runs(tenant: TestTenant) -> None:
    tenant.add_employee(1)
    path = tenant.tenants_dir / f"{tenant.name}.toml"
    path.write_text(
        path.read_text() + "\n[calendar]\n[[calendar.freeze]]\ndays_before_payment = 3\n"
    )
    now = today()
    run = tenant.payroll.add_payroll_run(
        now - timedelta(days=20), now + timedelta(days=8), now + timedelta(days=2)
    )

    frozen = tenant.employee_sync(scheduled=True)

    assert frozen.name == "Frozen" and tenant.payroll.employees() == []
    [note] = [n for n in report_of(frozen).notes if n.startswith("Frozen")]
    assert f"3 days before the payment of payroll run {run} " in note

    tenant.payroll.lock_payroll_run(run)  # locking does not move the payment date: still frozen
    assert tenant.employee_sync(scheduled=True).name == "Frozen"
