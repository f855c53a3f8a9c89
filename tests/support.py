"""Test helpers: a fresh tenant in both emulators, its file, and running its flows for real."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from stdnum.no import fodselsnummer, kontonr

from emulators.alexis import AlexisCompany
from emulators.payroll import PayrollCompany
from emulators.runtime import Emulators, Endpoints
from emulators.server import RecordedRequest

TENANT_FILE = """\
display_name = "{display}"
timezone = "{timezone}"

[alexis]
base_url = "{alexis_url}"
token = "env:HRSYNC_{upper}_ALEXIS_TOKEN"

[payroll]
base_url = "{payroll_url}"
token = "env:HRSYNC_{upper}_PAYROLL_TOKEN"
"""

# Tests of other features run without the approval gate and the mass-change brake (a tenant
# may switch them off too): their later syncs change many employees and risky fields, and a
# pause would wait for an answer nobody gives. The approval tests pass `safety=""`.
SAFETY_OFF = """
[approval]
enabled = false

[brake]
enabled = false
"""

# The defaults of `TestTenant.add_employee`: a valid Norwegian employee in every field.
EMPLOYMENT_TYPE = "Fast ansatt"
EMPLOYMENT_DEFAULTS: dict[str, Any] = {
    "startDate": date(2020, 3, 1),
    "endDate": None,
    "rate": 100,
    "note": "2130102",
    "terminated": False,
    "country": "NO",
}
COMPENSATION_DEFAULTS: dict[str, Any] = {
    "amount": 50000,
    "effectiveDate": date(2024, 1, 1),
    "currency": "NOK",
    "payoutPeriod": "MONTHLY",
    "payoutDay": 25,
    "payoutFrequency": "MONTH",
    "paidOvertime": False,
}


def valid_fnr(number: int, born: date = date(1980, 5, 17)) -> str:
    """The `number`-th (0–300) of a series of valid fødselsnumre of people born on `born`."""
    bodies = (f"{born:%d%m%y}{individual:03d}" for individual in range(123, 500))  # 1900–1999
    valid = (n for n in map(_with_check_digits, bodies) if fodselsnummer.is_valid(n))
    return next(itertools.islice(valid, number, None))


def _with_check_digits(body: str) -> str:
    first = fodselsnummer.calc_check_digit1(body)
    return body + first + fodselsnummer.calc_check_digit2(body + first)


def valid_kontonummer(number: int) -> str:
    """The `number`-th of a series of valid 11-digit Norwegian account numbers (mod 11)."""
    bodies = (f"1503{(40213 + 7919 * serial) % 10**6:06d}" for serial in itertools.count())
    valid = (body + d for body in bodies for d in "0123456789" if kontonr.is_valid(body + d))
    return next(itertools.islice(valid, number, None))


@dataclass(frozen=True)
class LogMark:
    """A position in the emulators' request logs (see `TestTenant.requests`)."""

    alexis: int
    payroll: int


@dataclass
class TestTenant:
    """A tenant of its own for one test: companies, tokens, tenant file."""

    __test__ = False  # not a test class, despite the name

    name: str
    tenants_dir: Path
    alexis: AlexisCompany
    payroll: PayrollCompany
    alexis_token: str
    payroll_token: str
    emulators: Emulators
    employment_types: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(
        cls,
        name: str,
        emulators: Emulators,
        endpoints: Endpoints,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        timezone: str = "Europe/Oslo",
        extra: str = "",
        safety: str = SAFETY_OFF,
    ) -> TestTenant:
        """Register empty companies, write `<tmp>/tenants/<name>.toml`, set the token variables."""
        alexis_token, payroll_token = f"{name}-alexis-secret", f"{name}-payroll-secret"
        folder = tmp_path / "tenants"
        folder.mkdir(exist_ok=True)
        upper = name.upper().replace("-", "_")
        text = TENANT_FILE.format(
            display=f"Test company {name}",
            timezone=timezone,
            alexis_url=endpoints.alexis_url,
            payroll_url=endpoints.payroll_url,
            upper=upper,
        )
        # `extra` first: its bare keys belong to the file's last table ([payroll]), as before.
        (folder / f"{name}.toml").write_text(text + extra + safety)
        monkeypatch.setenv(f"HRSYNC_{upper}_ALEXIS_TOKEN", alexis_token)
        monkeypatch.setenv(f"HRSYNC_{upper}_PAYROLL_TOKEN", payroll_token)
        return cls(
            name=name,
            tenants_dir=folder,
            alexis=emulators.alexis.add_company(alexis_token, f"Test company {name}"),
            payroll=emulators.payroll.add_company(payroll_token, f"Test company {name}"),
            alexis_token=alexis_token,
            payroll_token=payroll_token,
            emulators=emulators,
        )

    def seed_demo_data(self, size: int = 20, seed: int = 7, anchor: date | None = None) -> None:
        """Fill the AlexisHR company with the demo generator's data (no planted defects)."""
        from emulators.seed.company import seed_company

        seed_company(
            self.alexis,
            size=size,
            seed=seed,
            domain=f"{self.name}.example.no",
            anchor=anchor or date(2026, 11, 26),
            defects=False,
        )

    def mark(self) -> LogMark:
        """The current end of the request logs, to read only what happens after it."""
        return LogMark(
            len(self.emulators.alexis_app.requests), len(self.emulators.payroll_app.requests)
        )

    def requests(self, since: LogMark = LogMark(0, 0)) -> list[RecordedRequest]:
        """What the emulators received from this tenant (optionally only after `since`).

        AlexisHR requests carry the tenant's token; payroll requests carry an access token
        exchanged for the tenant's persistent token (the exchange names it in its query).
        """
        payroll = self.emulators.payroll
        return [
            *(
                r
                for r in self.emulators.alexis_app.requests[since.alexis :]
                if r.token == self.alexis_token
            ),
            *(
                r
                for r in self.emulators.payroll_app.requests[since.payroll :]
                if payroll.company_for_access_token(r.token) is self.payroll
                or (r.path == "/api/auth" and f"token={self.payroll_token}" in r.query)
            ),
        ]

    def posts(self, since: LogMark = LogMark(0, 0)) -> list[str]:
        """The tenant's writes to payroll after `since`, as `POST /api/...` lines in order."""
        return [f"{r.method} {r.path}" for r in self.requests(since) if r.method == "POST"]

    def employment_type(self, name: str) -> str:
        """The id of the AlexisHR employment type called `name` (created on first use)."""
        if name not in self.employment_types:
            fields = {"name": name, "vacation": True, "country": "NO"}
            self.employment_types[name] = self.alexis.insert("employment-type", fields)["id"]
        return self.employment_types[name]

    def add_employee(
        self,
        number: int | str,
        *,
        employment_type: str = EMPLOYMENT_TYPE,
        employments: Iterable[dict[str, Any]] = ({},),
        compensations: Iterable[dict[str, Any]] = ({},),
        **fields: Any,
    ) -> dict[str, Any]:
        """Insert a valid AlexisHR employee with employments and compensations; return it.

        Args:
            number: the employee number (also makes the defaults distinct per employee).
            employment_type: the name of the type of each employment (created when new).
            employments: one dict of overrides of `EMPLOYMENT_DEFAULTS` per employment.
            compensations: one dict of overrides of `COMPENSATION_DEFAULTS` per compensation.
            **fields: employee fields replacing the defaults (nested objects replaced whole;
                `employeeNumber=None` leaves the employee without a number).
        """
        text = str(number).strip()
        # `²` is a digit but no number; the series of valid fødselsnumre has some 300.
        n = int(text) % 300 if text.isascii() and text.isdigit() else 0
        employee = self.alexis.insert("employee", {**employee_defaults(number, n), **fields})
        if "employeeNumber" in fields and fields["employeeNumber"] is None:
            # The emulator numbers an employee created without one; an old record may have none.
            employee = self.alexis.update("employee", employee["id"], {"employeeNumber": None})
        type_id = self.employment_type(employment_type)
        for overrides in employments:
            values = {**EMPLOYMENT_DEFAULTS, "typeId": type_id, **overrides}
            self.alexis.insert("employment", {**values, "employeeId": employee["id"]})
        for overrides in compensations:
            values = {**COMPENSATION_DEFAULTS, **overrides}
            self.alexis.insert("compensation", {**values, "employeeId": employee["id"]})
        return employee

    def run(self, flow_call: Awaitable[Any]) -> Any:
        """Await a flow call (e.g. `employee_sync(...)`) from synchronous test code."""

        async def finish() -> Any:
            return await flow_call

        return asyncio.run(finish())

    def employee_sync(self, **options: Any) -> Any:
        """Run the real employee-sync flow for this tenant and return its final state."""
        from flows.employee_sync import employee_sync

        call = employee_sync(
            self.name, tenants_dir=str(self.tenants_dir), return_state=True, **options
        )
        return self.run(call)


def employee_defaults(number: int | str, n: int) -> dict[str, Any]:
    """The AlexisHR fields of a valid Norwegian employee number `number`."""
    return {
        "employeeNumber": str(number),
        "firstName": "Kari",
        "lastName": f"Nordmann {number}",
        "workEmail": f"kari.{n}@firma.no",
        "privateEmail": f"kari.{n}@privat.no",
        "ssn": valid_fnr(n),
        "nationality": "NO",
        "bankAccount": {
            "bank": "DNB",
            "country": "NO",
            "number": valid_kontonummer(n),
            "iban": None,
            "bic": "DNBANOKK",
            "clearing": None,
        },
        "homeAddress": {
            "street": f"Storgata {n}",
            "postalCode": "0155",
            "city": "Oslo",
            "country": "NO",
        },
    }
