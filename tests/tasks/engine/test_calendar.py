"""The payroll calendar's rules: open runs near payment, freeze windows, the tenant settings."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from clients.payroll_models import PayrollRun
from schemas.calendar import CalendarSettings, FreezeWindow
from tasks.engine.calendar import active_freeze, describe, open_run_near_payment

TODAY = date(2026, 11, 20)


def run(run_id: str, paid: date, *, locked: bool = False, type: str = "Ordinary") -> PayrollRun:
    return PayrollRun(
        payrollrunId=run_id,
        startDate=f"{paid:%Y-%m}-01 00:00:00",
        endDate=f"{paid:%Y-%m}-28 00:00:00",
        paymentDate=f"{paid} 00:00:00",
        locked="1" if locked else "0",
        type=type,
    )


def test_the_soonest_open_ordinary_run_within_the_days_is_near_payment() -> None:
    later, sooner = run("45", date(2026, 11, 25)), run("44", date(2026, 11, 23))

    assert open_run_near_payment([later, sooner], TODAY, 5) == sooner
    assert open_run_near_payment([later, sooner], TODAY, 3) == sooner
    assert open_run_near_payment([later, sooner], TODAY, 2) is None  # 23rd is 3 days away
    assert open_run_near_payment([run("1", TODAY)], TODAY, 1) is not None  # the payment day
    assert open_run_near_payment([run("1", TODAY)], TODAY, 0) is None  # 0: the rule is off


@pytest.mark.parametrize(
    "other",
    [
        run("44", date(2026, 11, 23), locked=True),
        run("44", date(2026, 11, 23), type="Extra"),
        run("44", date(2026, 11, 19)),  # paid yesterday
    ],
)
def test_locked_extra_and_past_runs_are_not_near_payment(other: PayrollRun) -> None:
    assert open_run_near_payment([other], TODAY, 5) is None


def test_a_dated_window_includes_both_ends() -> None:
    window = FreezeWindow.model_validate({"from": date(2026, 11, 18), "to": TODAY})
    settings = CalendarSettings(freeze=(window,))

    assert active_freeze(settings, [], TODAY) == "freeze window: 2026-11-18…2026-11-20"
    assert active_freeze(settings, [], date(2026, 11, 21)) is None
    assert active_freeze(CalendarSettings(), [], TODAY) is None


def test_a_window_before_payment_spans_the_n_days_up_to_each_payment_date() -> None:
    settings = CalendarSettings(freeze=(FreezeWindow(days_before_payment=3),))
    runs = [run("44", date(2026, 11, 23)), run("43", date(2026, 10, 23))]

    assert "payroll run 44 " in (active_freeze(settings, runs, TODAY) or "")
    assert active_freeze(settings, runs, date(2026, 11, 23)) is not None
    assert active_freeze(settings, runs, date(2026, 11, 19)) is None
    assert active_freeze(settings, runs, date(2026, 11, 24)) is None


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"from": date(2026, 1, 2)},
        {"from": date(2026, 1, 2), "to": date(2026, 1, 1)},
        {"from": date(2026, 1, 2), "to": date(2026, 1, 3), "days_before_payment": 2},
        {"days_before_payment": -1},
        {"days": 3},
    ],
)
def test_a_freeze_window_is_either_dated_or_before_payment(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        FreezeWindow.model_validate(fields)


def test_a_run_is_described_by_id_type_period_and_payment() -> None:
    assert describe(run("44", date(2026, 11, 23))) == (
        "payroll run 44 (Ordinary, 2026-11-01…2026-11-28, paid 2026-11-23)"
    )
