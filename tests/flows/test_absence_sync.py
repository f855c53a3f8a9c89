"""The absence sync end to end: real flow, real clients, both emulators on loopback.

Each test seeds its own tenant, syncs the employees into payroll, runs the absence sync and checks
the payroll emulator's absences, the emulators' request logs and the run's report. Expected values
are written out by hand from the issue's rules.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tasks.absences.extract import MOVED_WINDOW
from tests.absence_support import (
    absences_by_leave,
    add_child,
    add_leave,
    alexis_queries,
    report_of,
    run_absences,
    run_summary,
    skipped_notes,
    standard_leave_types,
)
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

OSLO = ZoneInfo("Europe/Oslo")
OCT_1, OCT_31 = date(2026, 10, 1), date(2026, 10, 31)
NOV_1, NOV_30 = date(2026, 11, 1), date(2026, 11, 30)


def day_of(absence: dict[str, Any], field: str) -> str:
    """An absence date as the day written (payroll answers `YYYY-MM-DD 00:00:00`)."""
    return str(absence[field])[:10]


def dates_of(absence: dict[str, Any]) -> tuple[str, str]:
    return day_of(absence, "startDate"), day_of(absence, "endDate")


def test_a_period_exports_exactly_the_approved_leave_of_the_chosen_employees_and_types(
    tenant: TestTenant,
) -> None:
    one, two, three = (tenant.add_employee(n) for n in (1, 2, 3))
    tenant.employee_sync()
    types = standard_leave_types(tenant)
    vacation, sick = types["04"], types["01"]
    wanted = {
        add_leave(tenant, one, vacation, date(2026, 10, 5), date(2026, 10, 9)): "1",
        add_leave(tenant, one, vacation, date(2026, 10, 12), status="CONFIRMED"): "1",
        add_leave(tenant, one, vacation, date(2026, 10, 13), status="approved"): "1",
        # overlapping the period's first and last day
        add_leave(tenant, one, vacation, date(2026, 9, 28), date(2026, 10, 1)): "1",
        add_leave(tenant, two, vacation, date(2026, 10, 30), date(2026, 11, 3)): "2",
    }
    for status in ("PENDING", "DENIED", "CANCELLED"):
        add_leave(tenant, one, vacation, date(2026, 10, 20), status=status)
    add_leave(tenant, one, vacation, date(2026, 9, 21), date(2026, 9, 30))  # before the period
    add_leave(tenant, two, vacation, date(2026, 11, 2))  # after it
    add_leave(tenant, one, sick, date(2026, 10, 21))  # another type
    add_leave(tenant, two, sick, date(2026, 10, 21))
    add_leave(tenant, three, vacation, date(2026, 10, 5))  # another employee

    state = run_absences(tenant, OCT_1, OCT_31, employees=["1", "2"], absence_types=["04"])

    absences = absences_by_leave(tenant)
    assert {k: a["empId"] for k, a in absences.items()} == wanted
    assert {a["absenceType"] for a in absences.values()} == {"04"}
    assert report_of(state).summary.created == len(wanted)
    [leave_query] = alexis_queries(tenant, "/v1/leave")
    pushed = [v for k, v in leave_query if k == "filters[employeeId][$in][]"]
    assert sorted(pushed) == sorted([one["id"], two["id"]])


def test_without_filters_all_employees_and_the_tenants_types_are_exported(
    tenant: TestTenant,
) -> None:
    one, two = tenant.add_employee(1), tenant.add_employee(2)
    tenant.employee_sync()
    types = standard_leave_types(tenant)
    vacation = {
        add_leave(tenant, one, types["04"], date(2026, 10, 5)),
        add_leave(tenant, two, types["04"], date(2026, 10, 6)),
    }
    sick = add_leave(tenant, two, types["01"], date(2026, 10, 7))

    run_absences(tenant, OCT_1, OCT_31)
    assert set(absences_by_leave(tenant)) == {*vacation, sick}
    [leave_query] = alexis_queries(tenant, "/v1/leave")
    assert not [k for k, _ in leave_query if k.startswith("filters[employeeId]")]


def test_the_tenants_types_are_the_default_absence_types(
    emulators: Any, endpoints: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    only_sick = TestTenant.create(
        "absence-default-types", emulators, endpoints, tmp_path, monkeypatch,
        extra='[absences]\ntypes = ["01"]\n',
    )  # fmt: skip
    one = only_sick.add_employee(1)
    only_sick.employee_sync()
    types = standard_leave_types(only_sick)
    sick = add_leave(only_sick, one, types["01"], date(2026, 10, 5))
    add_leave(only_sick, one, types["04"], date(2026, 10, 6))

    run_absences(only_sick, OCT_1, OCT_31)
    assert set(absences_by_leave(only_sick)) == {sick}
    run_absences(only_sick, OCT_1, OCT_31, absence_types=["04", "01"])  # a parameter wins
    assert len(absences_by_leave(only_sick)) == 2


def test_a_second_run_writes_nothing(tenant: TestTenant) -> None:
    one = tenant.add_employee(1)
    child = add_child(tenant, one, "Ola Nordmann", date(2018, 3, 4))
    tenant.employee_sync()
    types = standard_leave_types(tenant)
    add_leave(tenant, one, types["04"], date(2026, 10, 5), date(2026, 10, 9))
    add_leave(tenant, one, types["01"], date(2026, 10, 12), gradePercentage=50)
    add_leave(tenant, one, types["02"], date(2026, 10, 14), childId=child)
    add_leave(tenant, one, types["06"], date(2026, 10, 19), date(2027, 3, 31))
    first = report_of(run_absences(tenant, OCT_1, OCT_31))
    before = tenant.payroll.absences()
    mark = tenant.mark()

    second = report_of(run_absences(tenant, OCT_1, OCT_31))

    assert first.summary.created == 5  # four absences and the child
    assert tenant.posts(mark) == []
    assert (second.summary.created, second.summary.updated, second.summary.unchanged) == (0, 0, 4)
    # Nothing new: payroll's absences are read for the period only.
    reads = [r.query for r in tenant.requests(mark) if r.path == "/api/absence/v2"]
    assert reads == ["datefrom=2026-10-01&dateto=2026-10-31"]
    assert tenant.payroll.absences() == before


def test_new_dates_update_the_same_payroll_absence(tenant: TestTenant) -> None:
    one = tenant.add_employee(1)
    tenant.employee_sync()
    vacation = standard_leave_types(tenant)["04"]
    leave = add_leave(tenant, one, vacation, date(2026, 10, 5), date(2026, 10, 9))
    run_absences(tenant, OCT_1, OCT_31)
    [created] = tenant.payroll.absences()

    tenant.alexis.update("leave", leave, {"startDate": date(2026, 10, 12),
                                          "endDate": date(2026, 10, 14)})  # fmt: skip
    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    [updated] = tenant.payroll.absences()
    assert updated["serialNo"] == created["serialNo"]
    assert updated["externalId"] == leave
    assert dates_of(updated) == ("2026-10-12", "2026-10-14")
    assert updated["numberOfDays"] == "3"
    assert (report.summary.created, report.summary.updated) == (0, 1)


def test_a_leave_moved_out_of_the_period_is_still_updated(tenant: TestTenant) -> None:
    one = tenant.add_employee(1)
    tenant.employee_sync()
    vacation = standard_leave_types(tenant)["04"]
    leave = add_leave(tenant, one, vacation, date(2026, 10, 26), date(2026, 10, 30))
    run_absences(tenant, OCT_1, OCT_31)
    [created] = tenant.payroll.absences()

    tenant.alexis.update("leave", leave, {"startDate": date(2026, 11, 9),
                                          "endDate": date(2026, 11, 13)})  # fmt: skip
    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    [moved] = tenant.payroll.absences()
    assert (moved["serialNo"], moved["approved"]) == (created["serialNo"], "1")
    assert dates_of(moved) == ("2026-11-09", "2026-11-13")
    assert report.summary.updated == 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("bystanders", "moved_read"),
    [(0, "GET /api/absence/v2"), (4, "GET /api/absence/v2/1")],
    ids=["company-wide by year", "the owner alone"],
)
def test_a_leave_moved_into_the_period_updates_its_absence_of_another_month(
    tenant: TestTenant, bystanders: int, moved_read: str
) -> None:
    one = tenant.add_employee(1)
    for number in range(2, 2 + bystanders):
        tenant.add_employee(number)
    tenant.employee_sync()
    vacation = standard_leave_types(tenant)["04"]
    leave = add_leave(tenant, one, vacation, date(2026, 10, 5), date(2026, 10, 9))
    run_absences(tenant, OCT_1, OCT_31)
    [created] = tenant.payroll.absences()

    tenant.alexis.update("leave", leave, {"startDate": date(2026, 11, 16),
                                          "endDate": date(2026, 11, 17)})  # fmt: skip
    mark = tenant.mark()
    report = report_of(run_absences(tenant, NOV_1, NOV_30))

    # One employee of five owns the moved leave: read alone; the only employee: read by year.
    reads = [f"{r.method} {r.path}" for r in tenant.requests(mark) if "datefrom=2024" in r.query]
    assert set(reads) == {moved_read}
    [moved] = tenant.payroll.absences()  # no second absence for the same leave
    assert (moved["serialNo"], moved["externalId"]) == (created["serialNo"], leave)
    assert dates_of(moved) == ("2026-11-16", "2026-11-17")
    assert moved["numberOfDays"] == "2"
    assert (report.summary.created, report.summary.updated) == (0, 1)


@pytest.mark.parametrize(
    ("bystanders", "confirm_read"),
    [(0, "GET /api/absence/v2"), (4, "GET /api/absence/v2/1")],
    ids=["company-wide by year", "the owner alone"],
)
def test_a_first_export_confirms_its_creates_in_the_fewest_reads(
    tenant: TestTenant, bystanders: int, confirm_read: str
) -> None:
    one = tenant.add_employee(1)
    for number in range(2, 2 + bystanders):
        tenant.add_employee(number)
    tenant.employee_sync()
    leave = add_leave(tenant, one, standard_leave_types(tenant)["04"], date(2026, 10, 5),
                      date(2026, 10, 9))  # fmt: skip
    mark = tenant.mark()

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    # The confirmation reads from two years before the leave (the moved read, from two years
    # before the period): by year when every employee owns a create, else by owner.
    since = f"datefrom={(date(2026, 10, 5) - MOVED_WINDOW).isoformat()}"
    reads = [f"{r.method} {r.path}" for r in tenant.requests(mark) if since in r.query]
    assert set(reads) == {confirm_read}
    [created] = tenant.payroll.absences()
    assert created["externalId"] == leave
    assert report.summary.created == 1


WITHDRAWALS = ("CANCELLED", "DENIED", "deleted")


def withdraw(tenant: TestTenant, leave: str, how: str) -> None:
    if how == "deleted":
        assert tenant.alexis.delete("leave", leave)
    else:
        tenant.alexis.update("leave", leave, {"status": how})


@pytest.mark.slow
def test_withdrawn_leave_sets_its_absence_to_rejected(tenant: TestTenant) -> None:
    one = tenant.add_employee(1)
    tenant.employee_sync()
    vacation = standard_leave_types(tenant)["04"]
    leaves = {how: add_leave(tenant, one, vacation, date(2026, 10, 5 + n))
              for n, how in enumerate(WITHDRAWALS)}  # fmt: skip
    kept = add_leave(tenant, one, vacation, date(2026, 10, 19))
    run_absences(tenant, OCT_1, OCT_31)
    before = absences_by_leave(tenant)

    for how, leave in leaves.items():
        withdraw(tenant, leave, how)
    state = run_absences(tenant, OCT_1, OCT_31)

    after = absences_by_leave(tenant)
    for how, leave in leaves.items():
        changed = {k: v for k, v in after[leave].items() if before[leave][k] != v}
        assert changed.keys() - {"lastChanged"} == {"approved"}, how
        assert changed["approved"] == "2", how
    assert after[kept] == before[kept]
    report = report_of(state)
    assert report.summary.rejected == 3
    assert sorted((r["record"], r["action"]) for r in report.changes) == sorted(
        (f"absence {leave}", "reject") for leave in leaves.values()
    )
    assert "3 absence(s) set to rejected in payroll" in run_summary(tenant, state)

    # Approved again, a leave's absence is approved again; the rejected ones are left alone.
    tenant.alexis.update("leave", leaves["CANCELLED"], {"status": "APPROVED"})
    mark = tenant.mark()
    run_absences(tenant, OCT_1, OCT_31)
    assert tenant.posts(mark) == ["POST /api/absence/v2"]
    final = absences_by_leave(tenant)
    assert final[leaves["CANCELLED"]]["approved"] == "1"
    assert final[leaves["CANCELLED"]]["serialNo"] == before[leaves["CANCELLED"]]["serialNo"]
    assert {final[leaves[how]]["approved"] for how in ("DENIED", "deleted")} == {"2"}


@pytest.mark.slow
def test_a_run_for_another_month_leaves_absences_outside_it_untouched(
    tenant: TestTenant,
) -> None:
    one = tenant.add_employee(1)
    tenant.employee_sync()
    vacation = standard_leave_types(tenant)["04"]
    changed = add_leave(tenant, one, vacation, date(2026, 10, 5), date(2026, 10, 9))
    deleted = add_leave(tenant, one, vacation, date(2026, 10, 19))
    november = add_leave(tenant, one, vacation, date(2026, 11, 16))
    run_absences(tenant, OCT_1, OCT_31)
    october = absences_by_leave(tenant)
    assert set(october) == {changed, deleted}
    tenant.alexis.update("leave", changed, {"description": "Høstferie"})
    tenant.alexis.delete("leave", deleted)

    mark = tenant.mark()
    report = report_of(run_absences(tenant, NOV_1, NOV_30))

    after = absences_by_leave(tenant)
    assert {k: after[k] for k in october} == october
    assert set(after) == {changed, deleted, november}
    assert (report.summary.created, report.summary.updated, report.summary.rejected) == (1, 0, 0)
    reads = [r for r in tenant.requests(mark) if r.path == "/api/absence/v2"]
    assert reads[0].query == "datefrom=2026-11-01&dateto=2026-11-30"  # the period's absences


def test_a_hand_entered_absence_is_never_touched(tenant: TestTenant) -> None:
    one = tenant.add_employee(1)
    tenant.employee_sync()
    by_hand = tenant.payroll.put_absence(
        {"empId": "1", "startDate": "2026-10-05", "endDate": "2026-10-09", "absenceType": "01",
         "comment": "Legetime", "approved": "1"}
    )  # fmt: skip
    leave = add_leave(tenant, one, standard_leave_types(tenant)["01"], date(2026, 10, 5),
                      date(2026, 10, 9), description="Influensa")  # fmt: skip

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    absences = {a["serialNo"]: a for a in tenant.payroll.absences()}
    assert absences.pop(by_hand["serialNo"]) == by_hand
    [synced] = absences.values()
    # The description stays in AlexisHR (health data); the comment is the leave type's name.
    assert (synced["externalId"], synced["comment"]) == (leave, "Sick leave")
    assert (report.summary.created, report.summary.rejected) == (1, 0)


@pytest.mark.slow
def test_sick_child_leave_registers_the_child_once_and_names_it(tenant: TestTenant) -> None:
    one, two, three = (tenant.add_employee(n) for n in (1, 2, 3))
    ola = add_child(tenant, one, "Ola Nordmann", date(2018, 3, 4))
    kari = add_child(tenant, three, "Kari", date(2019, 6, 1))
    tenant.employee_sync()
    known = tenant.payroll.put_child(
        {"empId": "3", "firstname": "Kari", "lastname": "Hansen", "birthdate": "2019-06-01"}
    )
    sick_child = standard_leave_types(tenant)["02"]
    first = add_leave(tenant, one, sick_child, date(2026, 10, 5), childId=ola)
    childless = add_leave(tenant, two, sick_child, date(2026, 10, 5))
    of_kari = add_leave(tenant, three, sick_child, date(2026, 10, 6), childId=kari)

    state = run_absences(tenant, OCT_1, OCT_31)

    [child] = tenant.payroll.children("1")
    assert (child["firstnamn"], child["surname"], child["birthdate"]) == (
        "Ola", "Nordmann", "2018-03-04",
    )  # fmt: skip
    absences = absences_by_leave(tenant)
    assert absences[first]["childId"] == child["childId"]
    assert absences[of_kari]["childId"] == known["childId"]  # already in payroll: reused
    assert tenant.payroll.children("3") == [known]
    assert childless not in absences
    assert "employee 2: 1 leave(s) skipped, sick-child leave names no child in AlexisHR" in (
        skipped_notes(tenant, state)
    )

    again = add_leave(tenant, one, sick_child, date(2026, 10, 20), childId=ola)
    mark = tenant.mark()
    run_absences(tenant, OCT_1, OCT_31)

    assert tenant.payroll.children("1") == [child]
    assert "POST /api/child/v2" not in tenant.posts(mark)
    assert absences_by_leave(tenant)[again]["childId"] == child["childId"]


def test_parental_leave_starts_its_parental_benefit_period_with_the_leave(
    tenant: TestTenant,
) -> None:
    one = tenant.add_employee(1)
    tenant.employee_sync()
    leave = add_leave(tenant, one, standard_leave_types(tenant)["06"], date(2026, 10, 5),
                      date(2027, 3, 31), gradePercentage=80)  # fmt: skip

    run_absences(tenant, OCT_1, OCT_31)

    absence = absences_by_leave(tenant)[leave]
    assert absence["startdateParental"] == "2026-10-05"
    assert dates_of(absence) == ("2026-10-05", "2027-03-31")
    assert (absence["absenceType"], absence["percent"]) == ("06", "80")


def test_percent_comes_from_the_grade_where_the_type_takes_one(tenant: TestTenant) -> None:
    one = tenant.add_employee(1)
    tenant.employee_sync()
    types = standard_leave_types(tenant)
    half_sick = add_leave(tenant, one, types["01"], date(2026, 10, 5), date(2026, 10, 16),
                          gradePercentage=50)  # fmt: skip
    full_sick = add_leave(tenant, one, types["01"], date(2026, 10, 19))
    vacation = add_leave(tenant, one, types["04"], date(2026, 10, 26), gradePercentage=50)

    run_absences(tenant, OCT_1, OCT_31)

    absences = absences_by_leave(tenant)
    assert absences[half_sick]["percent"] == "50"
    assert absences[full_sick]["percent"] == "100"
    assert absences[vacation]["percent"] == "100"  # vacation takes no percentage


def test_vacation_counts_its_working_days(tenant: TestTenant) -> None:
    one = tenant.add_employee(1)
    tenant.employee_sync()
    vacation = standard_leave_types(tenant)["04"]
    may_17_week = add_leave(tenant, one, vacation, date(2024, 5, 13), date(2024, 5, 19))
    easter = add_leave(tenant, one, vacation, date(2024, 3, 25), date(2024, 4, 5))
    half_day = add_leave(tenant, one, vacation, date(2024, 4, 8), duration="half_day")

    state = run_absences(tenant, date(2024, 3, 1), date(2024, 5, 31))

    absences = absences_by_leave(tenant)
    assert absences[may_17_week]["numberOfDays"] == "4"  # Friday 17 May 2024 is a holiday
    # Maundy Thursday, Good Friday, Easter Monday 2024: 28 and 29 March, 1 April.
    assert absences[easter]["numberOfDays"] == "7"
    # Payroll counts whole days: a half-day vacation sends no count rather than a day too many.
    assert absences[half_day]["numberOfDays"] == ""
    assert report_of(state).summary.quarantined == 0


@pytest.mark.slow
def test_leave_of_quarantined_employees_and_of_employees_not_in_payroll_is_skipped(
    tenant: TestTenant,
) -> None:
    one, two = tenant.add_employee(1), tenant.add_employee(2)
    tenant.employee_sync()
    vacation = standard_leave_types(tenant)["04"]
    earlier = add_leave(tenant, two, vacation, date(2026, 10, 1))
    run_absences(tenant, OCT_1, OCT_31)
    three = tenant.add_employee(3)  # after the employee sync: not in payroll yet
    tenant.alexis.update("employee", two["id"], {"ssn": "12345678901"})  # fails mod-11
    kept = add_leave(tenant, one, vacation, date(2026, 10, 5))
    add_leave(tenant, two, vacation, date(2026, 10, 5))
    add_leave(tenant, three, vacation, date(2026, 10, 5))
    add_leave(tenant, three, vacation, date(2026, 10, 12))

    state = run_absences(tenant, OCT_1, OCT_31)

    absences = absences_by_leave(tenant)
    assert set(absences) == {earlier, kept}
    assert absences[earlier]["approved"] == "1"  # still approved in AlexisHR: not rejected
    notes = skipped_notes(tenant, state)
    assert "employee 2: 2 leave(s) skipped, the employee is quarantined" in notes
    assert "employee 3: 2 leave(s) skipped, the employee is not in payroll yet" in notes
    report = report_of(state)
    assert [(q["employee"], q["field"]) for q in report.quarantine] == [("2", "ssn")]
    assert report.summary.skipped == len(notes) == 2


def test_a_period_without_leave_completes_and_writes_nothing(tenant: TestTenant) -> None:
    one = tenant.add_employee(1)
    tenant.employee_sync()
    add_leave(tenant, one, standard_leave_types(tenant)["04"], date(2026, 9, 7))
    mark = tenant.mark()

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    assert tenant.posts(mark) == []
    assert (report.summary.created, report.summary.unchanged, report.summary.failed) == (0, 0, 0)


def test_a_tenant_in_another_time_zone_converts_dates_in_its_zone(
    emulators: Any, endpoints: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    # Local midnight in Auckland is the previous day in UTC and in Oslo.
    tenant = TestTenant.create("absence-auckland", emulators, endpoints, tmp_path, monkeypatch,
                               timezone="Pacific/Auckland")  # fmt: skip
    tenant.alexis.timezone = "Pacific/Auckland"  # the company stores its dates in its zone
    one = tenant.add_employee(1)
    tenant.employee_sync()
    vacation = standard_leave_types(tenant)["04"]
    first_days = add_leave(tenant, one, vacation, date(2026, 10, 1), date(2026, 10, 2))
    last_day = add_leave(tenant, one, vacation, date(2026, 10, 31))
    add_leave(tenant, one, vacation, date(2026, 9, 30))  # the day before the period
    add_leave(tenant, one, vacation, date(2026, 11, 2))  # after it
    stored = tenant.alexis.get("leave", first_days)
    assert stored is not None and stored["startDate"].startswith("2026-09-30T")

    run_absences(tenant, OCT_1, OCT_31)

    absences = absences_by_leave(tenant)
    assert set(absences) == {first_days, last_day}
    assert dates_of(absences[first_days]) == ("2026-10-01", "2026-10-02")
    assert absences[first_days]["numberOfDays"] == "2"
    assert dates_of(absences[last_day]) == ("2026-10-31", "2026-10-31")


def test_absences_of_an_employee_leaving_the_tenants_scope_are_left_alone(
    emulators: Any, endpoints: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    tenant = TestTenant.create("absence-active-scope", emulators, endpoints, tmp_path,
                               monkeypatch, extra='[scope]\nactive = "active"\n')  # fmt: skip
    one, two = tenant.add_employee(1), tenant.add_employee(2)
    tenant.employee_sync()
    vacation = standard_leave_types(tenant)["04"]
    leaves = [add_leave(tenant, e, vacation, date(2026, 10, 5)) for e in (one, two)]
    run_absences(tenant, OCT_1, OCT_31)
    before = absences_by_leave(tenant)
    tenant.alexis.update("employee", two["id"], {"active": False})  # offboarded
    mark = tenant.mark()

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    assert tenant.posts(mark) == []
    assert absences_by_leave(tenant) == before
    assert set(before) == set(leaves)
    assert report.summary.rejected == 0


def oslo_day(stored: str) -> date:
    """The calendar day of an AlexisHR date-only value of an Oslo company."""
    return datetime.fromisoformat(stored.replace("Z", "+00:00")).astimezone(OSLO).date()


@pytest.mark.slow
def test_the_demo_company_syncs_every_approved_leave_once(tenant: TestTenant) -> None:
    tenant.seed_demo_data(size=15)
    tenant.employee_sync()
    period = (date(2026, 10, 1), date(2026, 11, 30))

    state = run_absences(tenant, *period)

    approved = {
        leave["id"]
        for leave in tenant.alexis.all("leave")
        if leave["status"] in ("APPROVED", "CONFIRMED")
        and oslo_day(leave["startDate"]) <= period[1]
        and oslo_day(leave["endDate"]) >= period[0]
    }
    exported = set(absences_by_leave(tenant))
    skipped = sum(int(n.split(": ")[1].split(" ")[0]) for n in skipped_notes(tenant, state))
    assert exported <= approved
    assert len(approved) == len(exported) + skipped
    assert report_of(state).summary.failed == 0
    mark = tenant.mark()
    second = report_of(run_absences(tenant, *period))
    assert tenant.posts(mark) == []
    assert second.summary.unchanged == len(exported)
