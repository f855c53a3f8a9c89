"""Identity numbers on both sides: who a payroll employee is, beyond their number."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from clients.alexis_models import Employee
from clients.payroll_models import PayrollEmployee
from schemas import conversions as c
from tasks.engine.diff import Row


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""  # a missing value is NaN


def identity_keys(row: Row) -> set[str]:
    """The identity numbers of a payroll employee row, comparable across systems."""
    keys = set()
    personnr = "".join(ch for ch in _text(row.get("personnr")) if ch.isdigit())
    if personnr:
        keys.add(f"personnr {personnr}")
    international = _text(row.get("internationalID.ID")).upper()
    if international:
        keys.add(f"{_text(row.get('internationalID.countryCode')).upper()} {international}")
    return keys


def listing(owners: Iterable[str]) -> str:
    """Employee numbers, sorted as numbers and comma-separated, for a reason text."""
    return ", ".join(sorted(set(owners), key=lambda n: (len(n), n)))


def hr_identity(employee: Employee) -> set[str]:
    """An AlexisHR employee's identity numbers, as the mapping table writes them to payroll."""
    return identity_keys({
        "personnr": c.norwegian_id(employee.ssn) or "",
        "internationalID.ID": c.id_digits(employee.ssn) or "",
        "internationalID.countryCode": c.country(employee.nationality) or "",
    })  # fmt: skip


def payroll_identity(employee: PayrollEmployee) -> set[str]:
    """A payroll employee's identity numbers."""
    international = employee.internationalID
    return identity_keys({"personnr": employee.personnr, "internationalID.ID": international.ID,
                          "internationalID.countryCode": international.countryCode})  # fmt: skip


def payload_identity(payload: Mapping[str, Any]) -> set[str]:
    """The identity numbers a payroll employee payload (a create's body) carries."""
    international = payload.get("internationalID")
    nested = international if isinstance(international, Mapping) else {}
    return identity_keys({
        "personnr": payload.get("personnr"),
        "internationalID.ID": nested.get("ID"),
        "internationalID.countryCode": nested.get("countryCode"),
    })  # fmt: skip


class PayrollPeople:
    """Payroll's employees by identity number and by number, for the absence sync's checks."""

    def __init__(self, payroll: Sequence[PayrollEmployee]) -> None:
        self.keys = {p.empId: payroll_identity(p) for p in payroll}
        self.owners: dict[str, set[str]] = defaultdict(set)
        for number, keys in self.keys.items():
            for key in keys:
                self.owners[key].add(number)

    def other_person(self, number: str, employee: Employee) -> str | None:
        """Why payroll's employee `number` may not be this AlexisHR employee (None: it is them).

        For the absence sync, which reads no employments: a leave goes to the payroll employee
        of the number only when that employee carries the person's identity number, and no
        other payroll employee does (a renumbered or doubled person). Until the employee sync
        has written a corrected identity number, the person's leave waits.
        """
        keys = hr_identity(employee)
        elsewhere = {n for key in keys for n in self.owners.get(key, ())} - {number}
        if elsewhere:
            return (f"is the identity number of payroll employee {listing(elsewhere)}, not of "
                    f"employee {number}; their leave is held back so it is not paid to another "
                    "payroll employee (a renumbered or doubled person)")  # fmt: skip
        theirs = self.keys.get(number, set())
        # Without identity numbers on both sides nothing tells them apart; an identity number
        # found under another number above is the case that matters.
        if keys and theirs and not keys & theirs:
            return (
                f"does not match the identity number payroll has for employee {number}; "
                "their leave is held back until the employee sync has run or they agree"
            )
        return None
