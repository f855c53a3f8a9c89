"""The benchmark's scenarios, in the order they run: one line each.

A scenario is the `hrsync sync` arguments it runs, what the bench changes in AlexisHR first
(through the AlexisHR API, in both emulator pairs, not timed) and whether its floor reads
absences. To add one, add a line to `SCENARIOS`, e.g.
`Scenario("incremental (10 changed)", ("--only", "employees", "--incremental"), changed=10)`.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import date, timedelta

from clients.alexis import AlexisClient


@dataclass(frozen=True)
class Scenario:
    """One measured sync.

    Attributes:
        name: its row in the results.
        args: `hrsync sync bench` arguments; {month_from} and {month_to}: this month.
        changed: AlexisHR employees whose salary changes first; a float below 1 is a share.
        absences: the floor reads payroll absences too.
        incremental: the floor reads employments only of the employees it writes.
    """

    name: str
    args: tuple[str, ...]
    changed: float = 0
    absences: bool = False
    incremental: bool = False

    def sync_args(self, today: date) -> list[str]:
        """The arguments with this month's period filled in."""
        first = today.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return [a.format(month_from=first, month_to=last) for a in self.args]

    @property
    def key(self) -> str:
        """Its name as a command-line word: `initial`, `no-change`, `incremental-10-changed`."""
        return re.sub(r"\W+", "-", self.name.lower()).strip("-")

    def changes(self, size: int) -> int:
        """How many employees the bench changes before the run."""
        return round(self.changed * size) if self.changed < 1 else int(self.changed)


SCENARIOS = (
    Scenario("initial", ("--only", "employees")),
    Scenario("no change", ("--only", "employees")),
    Scenario("1 % changed", ("--only", "employees"), changed=0.01),
    Scenario(
        "absences (month)",
        ("--only", "absences", "--from", "{month_from}", "--to", "{month_to}"),
        absences=True,
    ),
    Scenario(
        "incremental (10 changed)",
        ("--only", "employees", "--incremental"),
        changed=10,
        incremental=True,
    ),  # fmt: skip
)


def chosen(keys: list[str] | None) -> tuple[Scenario, ...]:
    """The scenarios named (`Scenario.key`), in the benchmark's order; all when None."""
    return tuple(s for s in SCENARIOS if keys is None or s.key in keys)


async def change_salaries(base_url: str, token: str, count: int) -> None:
    """Raise the current salary of the first `count` employees (by employee number) by 1 000."""
    async with AlexisClient.connect(base_url, token) as alexis:
        employees = sorted(await alexis.employees(), key=lambda e: int(e.employeeNumber or 0))
        chosen = {e.id for e in employees[:count]}
        latest: dict[str, tuple[str, str, float]] = {}
        for row in await alexis.compensations():
            key = (str(row.effectiveDate), row.id, row.amount or 0.0)
            if row.employeeId in chosen and key > latest.get(row.employeeId, ("", "", 0.0)):
                latest[row.employeeId] = key
        await asyncio.gather(
            *(alexis.update("compensation", i, {"amount": a + 1000}) for _, i, a in latest.values())
        )
