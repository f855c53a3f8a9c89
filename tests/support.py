"""Test helpers: a fresh tenant in both emulators, its file, and running its flows for real."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

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
        (folder / f"{name}.toml").write_text(text + extra)
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

    def requests(self) -> list[RecordedRequest]:
        """What the emulators received from this tenant (AlexisHR token or payroll bearer)."""
        return [
            r
            for r in self.emulators.requests()
            if r.token == self.alexis_token or r.path.startswith("/api")
        ]

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
