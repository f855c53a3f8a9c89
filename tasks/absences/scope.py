"""What one absence run covers, from its parameters or the tenant's defaults, checked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, field_validator

from schemas.absence_codes import ABSENCE_CODES
from schemas.conversions import whole_number
from schemas.tenant import TenantConfig


@dataclass(frozen=True)
class RunScope:
    """What one absence run covers: the period, and optionally some employees and types."""

    period_from: date
    period_to: date
    employees: tuple[str, ...] = ()
    absence_types: tuple[str, ...] = ()

    def wants_employee(self, number: str) -> bool:
        """Whether the run covers this employee number."""
        return not self.employees or number in self.employees

    def wants_type(self, code: str) -> bool:
        """Whether the run covers this payroll absence type."""
        return not self.absence_types or code in self.absence_types


class AbsenceRunParameters(BaseModel):
    """The absence flow's run parameters that choose what it covers; None: the tenant's default.

    The checks that need no tenant live here as validators; `scope` adds the tenant's defaults.
    """

    model_config = ConfigDict(frozen=True)

    period_from: date | None = None
    period_to: date | None = None
    employees: tuple[str, ...] = ()
    absence_types: tuple[str, ...] = ()

    @field_validator("employees", "absence_types", mode="before")
    @classmethod
    def _listed(cls, value: object) -> object:
        # None and [] both mean "the default"; numbers typed as numbers are numbers as text.
        if value is None:
            return ()
        return tuple(str(v) for v in value) if isinstance(value, list | tuple) else value

    def scope(self, config: TenantConfig) -> RunScope:
        """The run's period, employees and types: the parameters, else the tenant's defaults.

        Raises:
            ValueError: naming the tenant, for a period that ends before it starts, an unknown
                absence type or an employee number that is not a whole number.
        """
        today = datetime.now(ZoneInfo(config.timezone)).date()
        default_from, default_to = config.absences.period(today)
        start, end = self.period_from or default_from, self.period_to or default_to
        if start > end:
            raise ValueError(f"tenant {config.name}: period_from {start} is after period_to {end}")
        types = self.absence_types or tuple(config.absences.types)
        unknown = sorted(set(types) - set(ABSENCE_CODES))
        if unknown:
            raise ValueError(f"tenant {config.name}: unknown absence type(s) {unknown}")
        numbers = {n: whole_number(n) for n in self.employees}
        bad = sorted(n for n, number in numbers.items() if number is None)
        if bad:
            raise ValueError(
                f"tenant {config.name}: employee number(s) {bad} are not whole numbers"
            )
        return RunScope(start, end, tuple(str(n) for n in numbers.values()), types)


def run_scope(
    config: TenantConfig,
    period_from: date | None,
    period_to: date | None,
    employees: Sequence[str] | None,
    absence_types: Sequence[str] | None,
) -> RunScope:
    """The scope of a run with these parameters (see `AbsenceRunParameters.scope`)."""
    parameters = AbsenceRunParameters(
        period_from=period_from,
        period_to=period_to,
        employees=tuple(employees or ()),
        absence_types=tuple(absence_types or ()),
    )
    return parameters.scope(config)
