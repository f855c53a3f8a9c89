"""Demo data: two Norwegian companies in AlexisHR, and their payroll as found before hrsync."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from stdnum.no import fodselsnummer

from emulators.alexis import AlexisState
from emulators.payroll import PayrollCompany, PayrollState
from emulators.seed.company import seed_company
from emulators.seed.people import employment_plan


@dataclass(frozen=True)
class DemoTenant:
    """A demo company: its tenant name, tokens in both emulators and generator settings."""

    name: str
    display_name: str
    size: int
    seed: int
    domain: str
    leaves: int = 3  # per employee

    @property
    def alexis_token(self) -> str:
        """The AlexisHR access token of the demo company (an emulator token, not a secret)."""
        return f"{self.name}-alexis-demo-token"

    @property
    def payroll_token(self) -> str:
        """The 24SevenOffice persistent token of the demo company."""
        return f"{self.name}-payroll-demo-token"


DEMO_TENANTS = (
    DemoTenant("nordlys", "Nordlys Energi AS", size=50, seed=1, domain="nordlys.example.no"),
    DemoTenant("fjelltopp", "Fjelltopp Bygg AS", size=50, seed=2, domain="fjelltopp.example.no"),
)


def _typed_in_by_hand(
    payroll: PayrollCompany, n: int, employee: dict[str, Any], anchor: date
) -> None:
    ssn = employee["ssn"] or ""
    payroll.put_employee({
        "empId": str(n), "firstname": employee["firstName"], "lastname": employee["lastName"],
        "email": f"old.address{n}@example.net",
        "personnr": ssn if fodselsnummer.is_valid(ssn) else "",
        "salary_type": "monthly", "salary": "39000.00",
        "salary_valid_from": (anchor - timedelta(days=800)).isoformat(), "taxtable": "7100",
    })  # fmt: skip


def seed_payroll_history(
    payroll: PayrollCompany, employees: list[dict[str, Any]], anchor: date
) -> None:
    """Payroll as found before the integration.

    Two employees typed in by hand (one with an employment), one person only payroll knows,
    and an absence entered in payroll.
    """
    for n, employee in enumerate(employees[:2], start=1):
        _typed_in_by_hand(payroll, n, employee, anchor)
    start = employment_plan(1, anchor)[-1]["startDate"]
    payroll.put_employment("1", {
        "startdate": start.isoformat(), "employment_rate": "100.00", "employment_form": "fast",
        "working_times": "ikkeSkift", "employment_type": "ordinaertArbeidsforhold",
    })  # fmt: skip
    payroll.put_employee({"empId": "9001", "firstname": "Kari", "lastname": "Manuell",
                          "email": "kari.manuell@example.net"})  # fmt: skip
    payroll.put_absence({
        "empId": "1", "absenceType": "04", "approved": "1",
        "startDate": (anchor - timedelta(days=10)).isoformat(),
        "endDate": (anchor - timedelta(days=8)).isoformat(),
        "comment": "entered in payroll by hand",
    })  # fmt: skip


def seed_demo(
    alexis: AlexisState,
    payroll: PayrollState,
    anchor: date | None = None,
    tenants: tuple[DemoTenant, ...] = DEMO_TENANTS,
    clean: bool = False,
) -> None:
    """Create every demo company in both emulators, deterministically for a given anchor day.

    `clean`: no planted HR mistakes and an empty payroll company (a benchmark's initial sync).
    """
    day = anchor or date.today()
    for tenant in tenants:
        company = alexis.add_company(tenant.alexis_token, tenant.display_name)
        employees = seed_company(
            company, size=tenant.size, seed=tenant.seed, domain=tenant.domain, anchor=day,
            defects=not clean, leaves=tenant.leaves,
        )  # fmt: skip
        payroll_company = payroll.add_company(tenant.payroll_token, tenant.display_name)
        if not clean:
            seed_payroll_history(payroll_company, employees, day)
