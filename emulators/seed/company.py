"""Fill one AlexisHR company: org units, types, employees, employments, salary, children, leave."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from faker import Faker

from emulators.alexis import AlexisCompany
from emulators.seed.catalog import (
    DEPARTMENTS,
    EMPLOYMENT_TYPES,
    LEAVE_STATUSES,
    LEAVE_TYPES,
    OFFICES,
    TEAMS,
)
from emulators.seed.people import (
    broken_check_digit,
    compensation_plan,
    employment_plan,
    person,
)


@dataclass(frozen=True)
class Catalog:
    """Ids of the company's fixed records."""

    departments: list[str]
    offices: list[str]
    teams: list[str]
    employment_types: list[str]
    leave_types: list[str]


def seed_catalog(company: AlexisCompany) -> Catalog:
    """Create departments, offices, teams, employment types and leave types (with codes)."""
    departments = [company.insert("department", {"name": n})["id"] for n in DEPARTMENTS]
    contact = {"phone": "+47 22 00 00 00", "email": "post@example.no"}
    statistics = {"CFAR": "", "SCB": "", "SNI": ""}
    offices = [
        company.insert("office", {"name": n, "timezone": tz, **contact, **statistics})["id"]
        for n, tz in OFFICES
    ]
    teams = [
        company.insert("team", {"name": n, "bgColor": bg, "fgColor": fg})["id"]
        for n, bg, fg in TEAMS
    ]
    types = [
        company.insert(
            "employment-type", {"name": n, "vacation": True, "country": "NO", "maxMonths": months}
        )["id"]
        for n, months in EMPLOYMENT_TYPES
    ]
    leave_types = []
    for name, kind, code in LEAVE_TYPES:
        record = company.insert(
            "leave-type",
            {
                "name": name,
                "kind": kind,
                "paid": True,
                "minimumDuration": "DAY",
                "deductible": False,
                "disabled": False,
            },
        )
        if code:
            company.insert("leave-type-code", {"leaveTypeId": record["id"], "code": code})
        leave_types.append(record["id"])
    return Catalog(departments, offices, teams, types, leave_types)


def _leave_dates(type_name: str, start: date) -> date:
    days = {"Vacation": 9, "Parental leave": 60, "Military service": 20}.get(type_name, 2)
    return start + timedelta(days=days)


def seed_leave(
    company: AlexisCompany,
    employee: dict[str, Any],
    n: int,
    catalog: Catalog,
    children: list[str],
    anchor: date,
    count: int = 3,
) -> None:
    """`count` leaves per employee around the anchor, rotating through every type and status.

    An employee's leaves never overlap (the sync holds overlapping leave back as a defect):
    each ends at the latest the day before the employee's next leave starts.
    """
    starts = [
        anchor - timedelta(days=45) + timedelta(days=(n * 7 + k * 23) % 80) for k in range(count)
    ]
    for k in range(count):
        index = (n * 3 + k) % len(LEAVE_TYPES)
        name = LEAVE_TYPES[index][0]
        start = starts[k]
        later = [s for s in starts if s > start]
        end = _leave_dates(name, start)
        if later:
            end = min(end, min(later) - timedelta(days=1))
        fields: dict[str, Any] = {
            "employeeId": employee["id"],
            "typeId": catalog.leave_types[index],
            "status": LEAVE_STATUSES[(n + k) % len(LEAVE_STATUSES)],
            "duration": "longer",
            "startDate": start,
            "endDate": end,
            "description": f"{name} ({employee['firstName']})",
        }
        if name == "Sick leave" and n % 2 == 0:
            fields["gradePercentage"] = 50
        if name == "Care of sick child" and children:
            fields["childId"] = children[0]
        company.insert("leave", fields)


def _seed_contracts(
    company: AlexisCompany, employee: dict[str, Any], n: int, catalog: Catalog, anchor: date
) -> None:
    """The employee's employments and salary history."""
    for item in employment_plan(n, anchor):
        company.insert("employment", {
            "employeeId": employee["id"], "typeId": catalog.employment_types[item["type"]],
            "startDate": item["startDate"], "endDate": item["endDate"], "rate": item["rate"],
            "note": item["note"], "terminated": item["terminated"], "country": "NO",
        })  # fmt: skip
    pay_terms = {"payoutDay": 25, "payoutFrequency": "MONTH", "paidOvertime": False,
                 "exchangeRate": 1}  # fmt: skip
    for row in compensation_plan(n, anchor):
        company.insert("compensation", {"employeeId": employee["id"], **pay_terms, **row})


def _seed_children(
    company: AlexisCompany, employee: dict[str, Any], n: int, fake: Faker
) -> list[str]:
    """Every fourth employee has one or two children (sick-child leave needs them)."""
    count = 1 + n % 2 if n % 4 == 1 else 0
    born = [date(2014 + c, 1 + n % 12, 10) for c in range(count)]
    return [
        company.insert(
            "child", {"employeeId": employee["id"], "name": fake.first_name(), "birthdate": day}
        )["id"]  # fmt: skip
        for day in born
    ]


def seed_employee(
    company: AlexisCompany,
    n: int,
    rng: random.Random,
    fake: Faker,
    catalog: Catalog,
    domain: str,
    anchor: date,
    leaves: int = 3,
) -> dict[str, Any]:
    """One employee with employments, salary history, maybe children, a team, and leave."""
    department = catalog.departments[n % len(catalog.departments)]
    office = catalog.offices[n % len(catalog.offices)]
    fields = person(n, rng, fake, domain, department, office)
    current = employment_plan(n, anchor)[-1]
    fields["active"] = current["endDate"] is None or current["endDate"] >= anchor
    fields["employmentTypeId"] = catalog.employment_types[current["type"]]
    employee = company.insert("employee", fields)
    _seed_contracts(company, employee, n, catalog, anchor)
    children = _seed_children(company, employee, n, fake)
    team = catalog.teams[n % len(catalog.teams)]
    membership = {"employeeId": employee["id"], "teamId": team, "userId": employee["userId"]}
    company.insert("employee-team-reference", membership)
    seed_leave(company, employee, n, catalog, children, anchor, leaves)
    return employee


def add_defects(company: AlexisCompany, employees: list[dict[str, Any]]) -> None:
    """Three typical HR mistakes, so the demo shows quarantine at work."""
    typo, euro, note = employees[-3], employees[-2], employees[-1]
    if typo["ssn"] and len(typo["ssn"]) == 11:
        company.update("employee", typo["id"], {"ssn": broken_check_digit(typo["ssn"])})
    salary = max(
        (c for c in company.all("compensation") if c["employeeId"] == euro["id"]),
        key=lambda c: c["effectiveDate"],
    )
    company.update("compensation", salary["id"], {"currency": "EUR"})
    for employment in company.all("employment"):
        if employment["employeeId"] == note["id"]:
            company.update("employment", employment["id"], {"note": "21301:x"})


def seed_company(
    company: AlexisCompany,
    *,
    size: int,
    seed: int,
    domain: str,
    anchor: date,
    defects: bool = True,
    leaves: int = 3,
) -> list[dict[str, Any]]:
    """Fill `company` deterministically (`leaves` per employee); return its employees."""
    rng = random.Random(seed)
    fake = Faker("no_NO")
    fake.seed_instance(seed)
    catalog = seed_catalog(company)
    employees = [
        seed_employee(company, n, rng, fake, catalog, domain, anchor, leaves)
        for n in range(1, size + 1)
    ]
    if defects:
        add_defects(company, employees)
    return employees
