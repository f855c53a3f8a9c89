"""Helpers of the fault and crash tests: a twin tenant, payroll state to compare, run loops."""

from __future__ import annotations

import fnmatch
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from prefect.client.schemas.objects import State

from emulators.faults import FaultProfile, FaultRule
from emulators.payroll import PayrollCompany
from emulators.runtime import Emulators, Endpoints
from emulators.server import RecordedRequest
from tests.absence_support import add_child, add_leave, run_absences
from tests.support import TestTenant

# The seeded leave lies around 2026-11-26 (the demo generator's anchor).
PERIOD = (date(2026, 9, 1), date(2027, 2, 28))
SEED_SIZE = 12


def seeded_pair(
    name: str,
    emulators: Emulators,
    endpoints: Endpoints,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extra: str = "",
) -> tuple[TestTenant, TestTenant]:
    """A seeded tenant for a fault-free reference run, and a twin reading the same AlexisHR.

    The twin has a payroll company of its own, so its state can be compared with the
    reference's field by field: both come from one AlexisHR company (same ids, same data).
    """
    reference = TestTenant.create(f"{name}-ref", emulators, endpoints, tmp_path, monkeypatch)
    reference.seed_demo_data(size=SEED_SIZE)
    add_sick_children(reference)
    twin = TestTenant.create(name, emulators, endpoints, tmp_path, monkeypatch, extra=extra)
    upper = name.upper().replace("-", "_")
    monkeypatch.setenv(f"HRSYNC_{upper}_ALEXIS_TOKEN", reference.alexis_token)
    twin.alexis, twin.alexis_token = reference.alexis, reference.alexis_token
    return reference, twin


def add_sick_children(tenant: TestTenant) -> None:
    """Sick-child leave for three employees, so the load registers children in payroll."""
    types = {t["name"]: t["id"] for t in tenant.alexis.all("leave-type")}
    for n, employee in enumerate(tenant.alexis.all("employee")[1:4]):
        # Their other leave goes: approved leave that overlaps is held back, and then no child
        # would be registered for it.
        for leave in tenant.alexis.all("leave"):
            if leave["employeeId"] == employee["id"]:
                tenant.alexis.delete("leave", leave["id"])
        child = add_child(tenant, employee, f"Barn{n}", date(2019, 3, 1 + n))
        start = date(2026, 11, 2 + n)
        add_leave(tenant, employee, types["Care of sick child"], start, start, childId=child)


def sync_both(tenant: TestTenant) -> tuple[State[Any], State[Any]]:
    """One employee run, then one absence run of the seeded period."""
    employees = tenant.employee_sync()
    absences = run_absences(tenant, *PERIOD)
    return employees, absences


def payroll_state(company: PayrollCompany) -> dict[str, Any]:
    """Every field of every employee, salary, employment, child and absence in payroll.

    Payroll's own generated ids (serialNo, childId, lastChanged) differ between two companies
    that hold the same data: an absence's child is named by the child's name and birth date,
    a generated permisjonId by its being the serialNo.
    """
    emp_ids = [employee["empId"] for employee in company.employees()]
    children = {child["childId"]: child for emp in emp_ids for child in company.children(emp)}

    def child_key(child_id: str) -> str:
        child = children.get(child_id)
        return f"{child['firstnamn']} {child['birthdate'][:10]}" if child else child_id

    absences = []
    for absence in company.absences():
        row = {k: v for k, v in absence.items() if k not in ("serialNo", "lastChanged")}
        row["childId"] = child_key(absence.get("childId", ""))
        if absence.get("permisjonId") == absence["serialNo"]:
            row["permisjonId"] = "(its serialNo)"
        absences.append(row)
    return {
        "employees": company.employees(),
        "salary": {emp: company.salary_history(emp) for emp in emp_ids},
        "employments": {emp: company.employments(emp) for emp in emp_ids},
        "children": {
            emp: sorted(
                ({k: v for k, v in c.items() if k != "childId"} for c in company.children(emp)),
                key=repr,
            )
            for emp in emp_ids
        },
        "absences": sorted(absences, key=lambda a: (a.get("externalId", ""), repr(a))),
    }


def twins(company: PayrollCompany) -> list[str]:
    """Duplicates in payroll: absences sharing an externalId, children sharing name and birth."""
    absences = Counter(a["externalId"] for a in company.absences() if a.get("externalId"))
    kids = Counter(
        (emp["empId"], c["firstnamn"], c["birthdate"][:10])
        for emp in company.employees()
        for c in company.children(emp["empId"])
    )
    return [f"absence {k}" for k, n in absences.items() if n > 1] + [
        f"child {k}" for k, n in kids.items() if n > 1
    ]


@dataclass(frozen=True)
class Scripted(FaultProfile):
    """The n-th request of each `METHOD /path` matching `pattern` meets `script[n-1]`.

    Later requests, and those not matching, meet `default` (no faults unless given). Each
    write path thus meets the scripted faults, its own first requests, whatever the order.
    """

    pattern: str = "*"
    script: tuple[FaultRule, ...] = ()
    _seen: Counter[str] = field(default_factory=Counter, compare=False)

    def rule_for(self, method: str, path: str) -> FaultRule:
        """The scripted fault of this occurrence, else the default."""
        line = f"{method} {path}"
        if fnmatch.fnmatchcase(line, self.pattern):
            self._seen[line] += 1
            if self._seen[line] <= len(self.script):
                return self.script[self._seen[line] - 1]
        return super().rule_for(method, path)


@dataclass(frozen=True)
class WithFirsts(FaultProfile):
    """A seeded profile whose first requests per pattern of `firsts` meet set faults first.

    The first requests matching a pattern meet its faults in order (so every kind can be
    made to occur whatever the seed); after them, `default` and `endpoints` rule as usual.
    """

    firsts: tuple[tuple[str, tuple[FaultRule, ...]], ...] = ()
    _seen: Counter[str] = field(default_factory=Counter, compare=False)

    def rule_for(self, method: str, path: str) -> FaultRule:
        """The next of the first faults of a matching pattern, else the seeded rules."""
        for pattern, rules in self.firsts:
            if fnmatch.fnmatchcase(f"{method} {path}", pattern):
                self._seen[pattern] += 1
                if self._seen[pattern] <= len(rules):
                    return rules[self._seen[pattern] - 1]
                break
        return super().rule_for(method, path)


@dataclass
class Runs:
    """The states of repeated runs of one sync until one completed."""

    states: list[State[Any]]

    @property
    def completed(self) -> bool:
        """Whether the last run completed."""
        return bool(self.states) and self.states[-1].is_completed()


def until_completed(run: Callable[[], State[Any]], at_most: int) -> Runs:
    """Re-run `run` until a run completes, at most `at_most` times."""
    states: list[State[Any]] = []
    while len(states) < at_most and not (states and states[-1].is_completed()):
        states.append(run())
    return Runs(states)


def retries_after_429(requests: list[RecordedRequest]) -> list[tuple[RecordedRequest, float]]:
    """Each 429 answer that was retried, with how long after the answer the retry arrived.

    A retry is the next request with the same line and the same body (digest).
    """
    ordered = sorted(requests, key=lambda r: r.received_at)
    found = []
    for index, limited in enumerate(ordered):
        if limited.status != 429:
            continue
        same = (limited.method, limited.path, limited.query, limited.body_digest)
        retry = next(
            (
                r
                for r in ordered[index + 1 :]
                if (r.method, r.path, r.query, r.body_digest) == same
                and r.received_at >= limited.answered_at
            ),
            None,
        )
        if retry is not None:
            found.append((limited, retry.received_at - limited.answered_at))
    return found
