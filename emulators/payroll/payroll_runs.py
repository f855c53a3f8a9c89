"""Payroll runs (lønnskjøringer): made and locked by a payroll administrator, read over the API."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from emulators.payroll.errors import PayrollNotFoundError, PayrollValidationError

RUN_TYPES = ("Ordinary", "Until now", "Extra", "Vacation")
# Choice (spec silent): run ids count from 1 per company; the spec's examples show 42–44.
FIRST_RUN_ID = 1


def _day(value: date) -> str:
    # The spec's examples answer dates with a time of day, although the text says YYYY-MM-DD.
    return f"{value.isoformat()} 00:00:00"


@dataclass(frozen=True)
class PayrollRunRecord:
    """One payroll run as the administrator set it up."""

    run_id: int
    start: date
    end: date
    payment: date
    created: str
    type: str = "Ordinary"
    name: str = ""
    locked: bool = False
    payroll_group: str = ""
    payslips: int = 0

    def to_wire(self) -> dict[str, str]:
        """The run as `GET /payrollrun/v2/` answers it: every value a string, locked `0`/`1`."""
        return {
            "payrollrunId": str(self.run_id),
            "startDate": _day(self.start),
            "endDate": _day(self.end),
            "paymentDate": _day(self.payment),
            "name": self.name,
            "created": self.created,
            "locked": "1" if self.locked else "0",
            "type": self.type,
            "limitDate": "",
            "payrollGroup": self.payroll_group,
            "payslips": str(self.payslips),
        }


@dataclass
class PayrollRunBook:
    """A company's payroll runs; only the administrator (the state API) changes them."""

    runs: dict[int, PayrollRunRecord] = field(default_factory=dict)
    next_id: int = FIRST_RUN_ID

    def add(self, run: PayrollRunRecord) -> int:
        """Set up a run (its `run_id` is replaced by the next free one); the id."""
        if run.end < run.start:
            raise PayrollValidationError("endDate", "the period must not end before it starts")
        if run.type not in RUN_TYPES:
            raise PayrollValidationError("type", f"type must be one of {', '.join(RUN_TYPES)}")
        self.runs[self.next_id] = replace(run, run_id=self.next_id)
        self.next_id += 1
        return self.next_id - 1

    def lock(self, run_id: int, locked: bool = True) -> None:
        """Lock (or, as an administrator may, unlock) a run."""
        self.runs[run_id] = replace(self.get(run_id), locked=locked)

    def get(self, run_id: int) -> PayrollRunRecord:
        """One run; PayrollNotFoundError when there is none with that id."""
        if run_id not in self.runs:
            raise PayrollNotFoundError(f"Payroll run {run_id} not found")
        return self.runs[run_id]

    def listing(self) -> list[dict[str, str]]:
        """Every run, newest first as in the spec's example (44, 43, 42)."""
        return [self.runs[i].to_wire() for i in sorted(self.runs, reverse=True)]
