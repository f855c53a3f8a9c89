"""The payroll calendar: payroll runs read once per run, near-payment runs, freeze windows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from prefect import get_run_logger, task
from prefect.client.schemas.objects import State
from prefect.states import Completed

from clients.payroll import PayrollClient
from clients.payroll_models import PayrollRun
from schemas.calendar import CalendarSettings, FreezeWindow
from schemas.tenant import TenantConfig
from tasks.engine.changes import SyncReport
from tasks.engine.reads import READ_OPTIONS

ORDINARY = "Ordinary"


def tenant_today(config: TenantConfig) -> date:
    """Today in the tenant's zone: payroll's calendar days are the company's own."""
    return datetime.now(ZoneInfo(config.timezone)).date()


def describe(run: PayrollRun) -> str:
    """`payroll run 44 (Ordinary, 2026-11-01…2026-11-30, paid 2026-11-25)` for a report."""
    details = [p for p in (run.type, run.name) if p] + [f"{run.start}…{run.end}"]
    if run.payment:
        details.append(f"paid {run.payment}")
    return f"payroll run {run.payrollrunId} ({', '.join(details)})"


def open_run_near_payment(runs: Sequence[PayrollRun], today: date, days: int) -> PayrollRun | None:
    """The open Ordinary run paid within `days` days of `today` (the soonest), else None.

    Choice (spec silent): only Ordinary runs count (the issue's "ordinary run"; extra and
    vacation runs pay what was typed into them, not the synced master data); a run whose
    payment date has passed is not "near payment"; `days` 0 turns the rule off (a run paid
    today counts with any positive `days`).
    """
    if days <= 0:
        return None
    near = [
        run
        for run in runs
        if run.type == ORDINARY
        and not run.is_locked
        and run.payment is not None
        and today <= run.payment <= today + timedelta(days=days)
    ]
    return min(near, key=lambda run: (run.payment or today, run.payrollrunId), default=None)


def near_payment_note(run: PayrollRun) -> str:
    """The report's note naming the payroll run risky changes would affect."""
    return (
        f"{describe(run)} is open and near its payment date: risky changes would affect it, "
        "so they are held for approval"
    )


@dataclass(frozen=True)
class NearPayment:
    """The open payroll run near its payment date that this run's risky changes would affect."""

    run: PayrollRun | None = None

    @property
    def holds(self) -> bool:
        """Whether risky changes wait for approval whatever the thresholds say."""
        return self.run is not None

    @property
    def note(self) -> str | None:
        """The report's note naming the payroll run, None when no run is near payment."""
        return near_payment_note(self.run) if self.run is not None else None


def payment_near(
    config: TenantConfig, runs: Sequence[PayrollRun], today: date | None = None
) -> NearPayment:
    """The tenant's open Ordinary run paid within `[calendar] hold_days_before_payment`."""
    days = config.calendar.hold_days_before_payment
    return NearPayment(open_run_near_payment(runs, today or tenant_today(config), days))


def window_today(
    window: FreezeWindow, runs: Sequence[PayrollRun], today: date
) -> tuple[date, date, str] | None:
    """The span of `window` containing `today` (first day, last day, what it is), if any."""
    if window.start is not None and window.end is not None:
        if window.start <= today <= window.end:
            return window.start, window.end, "freeze window"
        return None
    before = timedelta(days=window.days_before_payment or 0)
    for run in runs:
        paid = run.payment
        if paid is not None and paid - before <= today <= paid:
            what = f"{window.days_before_payment} days before the payment of {describe(run)}"
            return paid - before, paid, what
    return None


def active_freeze(
    settings: CalendarSettings, runs: Sequence[PayrollRun], today: date
) -> str | None:
    """What freezes `today` (`freeze window 2026-12-20…2027-01-03`), or None when nothing does."""
    for window in settings.freeze:
        span = window_today(window, runs, today)
        if span is not None:
            first, last, what = span
            return f"{what}: {first}…{last}"
    return None


def freeze_note(
    config: TenantConfig, runs: Sequence[PayrollRun], scheduled: bool, today: date | None = None
) -> str:
    """The note of a run that must write nothing now (`""` when it may write).

    Only scheduled runs are frozen: a person who starts a run (`hrsync sync`, a Quick run, a
    custom run in the UI) chose to write during the window. The deployments' schedules pass
    `scheduled=true` to the flow, so any run Prefect starts from a schedule is frozen.
    """
    if not scheduled:
        return ""
    why = active_freeze(config.calendar, runs, today or tenant_today(config))
    if why is None:
        return ""
    return (
        f"Frozen ({why}): the change set was computed and reported, nothing was written; "
        "the first run after the window applies it"
    )


@task(name="extract-payroll-runs", **READ_OPTIONS)
async def extract_payroll_runs(payroll: PayrollClient) -> tuple[PayrollRun, ...]:
    """Read payroll's runs once for the sync run (locked periods, payment dates)."""
    runs = tuple(await payroll.payroll_runs())
    locked = sum(run.is_locked for run in runs)
    get_run_logger().info("read %d payroll run(s), %d locked", len(runs), locked)
    return runs


def frozen_state(report: SyncReport, note: str) -> State[SyncReport]:
    """The final state of a frozen run: Completed, named `Frozen`, the report as its result."""
    return Completed(name="Frozen", message=note, data=report)
