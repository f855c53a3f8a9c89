"""Deterministic AlexisHR employees that exercise every row of the mapping table."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from faker import Faker
from stdnum import iban
from stdnum.no import fodselsnummer

from emulators.seed.catalog import PROFESSION_CODES

# Foreign salary accounts: (country, digits in its BBAN, BIC, clearing number).
FOREIGN_BANKS = (
    ("SE", 20, "SWEDSESS", "8327"),
    ("DE", 18, "DEUTDEFF", None),
    ("DK", 14, "DABADKKK", None),
)


def foreign_iban(country: str, length: int, rng: random.Random) -> str:
    """A valid IBAN of `country` with a random all-digit BBAN of `length`."""
    bban = "".join(str(rng.randrange(10)) for _ in range(length))
    return f"{country}{iban.calc_check_digits(f'{country}00{bban}')}{bban}"


def d_number(fnr: str) -> str:
    """Turn a fødselsnummer into the D-number of the same birth date (first digit + 4)."""
    body = str(int(fnr[0]) + 4) + fnr[1:9]
    first = fodselsnummer.calc_check_digit1(body)
    return body + first + fodselsnummer.calc_check_digit2(body + first)


def broken_check_digit(fnr: str) -> str:
    """The same number with its last check digit wrong (a typo HR makes)."""
    return fnr[:10] + str((int(fnr[10]) + 1) % 10)


def _bank(n: int, rng: random.Random, fake: Faker) -> dict[str, Any]:
    if n % 12 == 11:
        country, length, bic, clearing = FOREIGN_BANKS[(n // 12) % len(FOREIGN_BANKS)]
        return {
            "bank": f"{country} bank",
            "country": country,
            "iban": foreign_iban(country, length, rng),
            "bic": bic,
            "clearing": clearing,
            "number": None,
        }
    # Most Norwegians leave the account's country empty; the seed treats that as Norway.
    return {
        "bank": "DNB",
        "country": "NO" if n % 3 == 0 else None,
        "number": fake.bban(),
        "iban": None,
        "bic": "DNBANOKK" if n % 5 == 0 else None,
        "clearing": None,
    }


def _ssn(n: int, fake: Faker) -> tuple[str, str]:
    fnr = fake.ssn()
    if n % 17 == 5:  # a Swedish colleague: a 12-digit personnummer, Swedish nationality
        return f"19{fnr[4:6]}{fnr[2:4]}{fnr[0:2]}-{fnr[6:10]}", "SE"
    if n % 10 == 3:
        return d_number(fnr), "PL"
    return fnr, "NO"


def person(
    n: int, rng: random.Random, fake: Faker, domain: str, department_id: str, office_id: str
) -> dict[str, Any]:
    """The employee record of number `n` (as an `insert` into AlexisHR)."""
    first, last = fake.first_name(), fake.last_name()
    ssn, nationality = _ssn(n, fake)
    handle = f"{first}.{last}".lower().replace(" ", "")
    return {
        "employeeNumber": str(n),
        "firstName": first,
        "lastName": last,
        "title": fake.job(),
        # Every seventh new hire has no work address yet: the private one is used (seed rule).
        "workEmail": None if n % 7 == 3 else f"{handle}@{domain}",
        "privateEmail": f"{handle}{n}@example.net",
        "ssn": ssn,
        "nationality": nationality,
        "birthDate": date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
        "gender": rng.choice(["male", "female"]),
        "departmentId": department_id,
        "officeId": office_id,
        "bankAccount": _bank(n, rng, fake),
        "homeAddress": {
            "street": fake.street_address(),
            "postalCode": fake.postcode(),
            "city": fake.city(),
            "country": "NO",
        },
    }


def employment_plan(n: int, anchor: date) -> list[dict[str, Any]]:
    """The employments of employee `n`: start, end, rate, note, type (by catalogue index)."""
    # Hire dates and salaries cycle every 100 employees, so a company of 100 000 stays plausible
    # (a start 37·n days back would reach past 1900 from employee ~1 000 on).
    start = anchor - timedelta(days=200 + 37 * (n % 100))
    code = PROFESSION_CODES[n % len(PROFESSION_CODES)]
    current: dict[str, Any] = {
        "startDate": start,
        "endDate": None,
        "rate": (100, 100, 80, 60, 50)[n % 5],
        "note": None if n % 13 == 0 else code,
        "type": 0,
        "terminated": False,
    }
    if n % 6 == 0:  # a temporary contract that runs out
        current.update(type=1, endDate=anchor + timedelta(days=90), note=f"{code}:6")
    if n % 12 == 0:
        current.update(type=3)
    if n % 9 == 0:  # resigned: ended last month
        current.update(endDate=anchor - timedelta(days=20), note=f"{code}:3", terminated=True)
    plan = [current]
    if n % 8 == 0:  # moved internally: an earlier employment ended the day before
        earlier = {
            "startDate": start - timedelta(days=400),
            "endDate": start - timedelta(days=1),
            "rate": 100,
            "note": f"{code}:5",
            "type": 0,
            "terminated": True,
        }
        plan.insert(0, earlier)
    return plan


def compensation_plan(n: int, anchor: date) -> list[dict[str, Any]]:
    """Salary history of employee `n`, oldest first; the latest decides payroll's salary."""
    period = "HOURLY" if n % 12 == 0 else "ANNUAL" if n % 7 == 0 else "MONTHLY"
    base = {"HOURLY": 230.0, "ANNUAL": 620000.0, "MONTHLY": 48000.0}[period] + 137 * (n % 100)
    steps = 1 + n % 3
    return [
        {
            "amount": round(base * (1 + 0.03 * i), 2),
            "payoutPeriod": period,
            "currency": "NOK",
            "effectiveDate": anchor - timedelta(days=30 + 365 * (steps - 1 - i)),
        }
        for i in range(steps)
    ]
