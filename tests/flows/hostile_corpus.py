"""The hostile-input corpus's kinds of records and the reasons they must be held back with.

Every kind plants one bad record (or, for duplicates, the pair that collides) into a tenant
beside valid employees and leave. The expected field and reason are written out by hand from
the issue's rules; the reason is matched as a substring of the report's reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

OCT_1, OCT_31 = date(2026, 10, 1), date(2026, 10, 31)
TRIED: list[str] = []  # the kinds the session's tests tried, printed at its end (conftest.py)

NUMBER = "must be a positive whole number"
LOOK_ALIKE = "look-alike digits"
DUPLICATE = "is used by more than one employee"
CONTROL = "control characters or invisible text"
NORWEGIAN_ID = "a Norwegian national needs an 11-digit fødselsnummer or D-number"
SOME_ID = "needs an international id"
OBJECT = "must be an object in AlexisHR's answer"
TEXT = "must be text in AlexisHR's answer"
NOT_NUMBER = "must be a number in AlexisHR's answer"
NOT_DATE = "must be a date in AlexisHR's answer"
NOT_RECORD = "is not a JSON object in AlexisHR's answer"
PLAUSIBLE = "must be after 1900 and at most 5 years ahead"
BORN = "must be after 1900 and not in the future"


def too_long(limit: int) -> str:
    """The reason of a text longer than `limit` characters."""
    return f"is longer than the {limit} characters 24SevenOffice and the a-melding accept"


@dataclass(frozen=True)
class EmployeeKind:
    """A bad employee record (or a colliding pair) for the employee sync.

    Attributes:
        numbers: the employee number(s) planted; None for the next free plain number.
        hr: keyword arguments of `TestTenant.add_employee` that make it bad.
        corrupt: raw JSON values written over the stored record afterwards, by resource
            (`employee`, `employment`, `compensation`, `employment-type`).
        raw_row: a raw row answered in the list of this resource instead of an employee.
        field, reason: what the quarantine must say.
        by_id: named by AlexisHR id (no showable employee number); `label` names it otherwise.
    """

    hr: dict[str, Any] = field(default_factory=dict)
    numbers: tuple[str, ...] | None = None
    corrupt: dict[str, dict[str, Any]] = field(default_factory=dict)
    raw_row: tuple[str, Any] | None = None
    field: str = ""
    reason: str = ""
    by_id: bool = False
    label: str | None = None


@dataclass(frozen=True)
class LeaveKind:
    """A bad leave (or a leave of a bad record) of a valid, synced employee.

    Attributes:
        leave: fields of the AlexisHR leave replacing the defaults (vacation, 5-9 Oct 2026).
        code: the payroll code of the leave's type (`02` for sick child leave).
        child: fields of the leave's child (sick-child leave), when it has one.
        corrupt: raw JSON values written over the stored `leave`, `child` or `leave-type`.
        number: an employee number of its own (the employee itself is the bad record).
    """

    field: str
    reason: str
    leave: dict[str, Any] = field(default_factory=dict)
    code: str = "04"
    child: dict[str, Any] | None = None
    corrupt: dict[str, dict[str, Any]] = field(default_factory=dict)
    number: str | None = None
