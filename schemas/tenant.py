"""The tenant config model: one customer company, validated with clear errors, no secrets."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from clients.urls import insecure_url_problem
from schemas.absence_codes import ABSENCE_CODES
from schemas.alerts import AlertSettings
from schemas.approval import ApprovalSettings, BrakeSettings
from schemas.calendar import CalendarSettings
from schemas.kinds import SyncKind
from schemas.ledger_settings import DriftSettings, LedgerSettings
from schemas.schedule import IncrementalSchedule, Schedule
from schemas.scope import Scope

TENANT_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None
    return name


TimeZone = Annotated[str, AfterValidator(_zone)]


SYSTEMS = ("alexis", "payroll")


def env_name(tenant: str) -> str:
    """The tenant's part of its environment variables: `nord-lys` → `NORD_LYS`.

    Injective over tenant slugs: they are lower-case and may not hold `_`, so upper-casing and
    `-` → `_` can never give two tenants the same name (`TENANT_SLUG` guarantees it).
    """
    return tenant.upper().replace("-", "_")


def own_token_refs(tenant: str, system: str) -> tuple[TokenRef, TokenRef]:
    """The only two references a tenant's `system` token may have.

    `env:HRSYNC_<TENANT>_<SYSTEM>_TOKEN` or `prefect-secret:<tenant>-<system>`, e.g.
    `env:HRSYNC_NORD_LYS_ALEXIS_TOKEN` and `prefect-secret:nord-lys-alexis`.
    """
    upper = f"HRSYNC_{env_name(tenant)}_{system.upper()}_TOKEN"
    return TokenRef(scheme="env", name=upper), TokenRef(
        scheme="prefect-secret", name=f"{tenant}-{system}"
    )


class TokenRef(BaseModel):
    """Where a token lives: `env:VARIABLE` or `prefect-secret:BLOCK_NAME`, never the token."""

    model_config = ConfigDict(frozen=True)

    scheme: Literal["env", "prefect-secret"]
    name: str

    @classmethod
    def parse(cls, text: str) -> TokenRef:
        """Parse `scheme:name`."""
        scheme, sep, name = text.partition(":")
        if not sep or scheme not in ("env", "prefect-secret") or not name:
            raise ValueError("must be 'env:VARIABLE' or 'prefect-secret:BLOCK_NAME'")
        return cls(scheme=scheme, name=name)

    def __str__(self) -> str:
        return f"{self.scheme}:{self.name}"


def _secure_url(url: str) -> str:
    problem = insecure_url_problem(url)
    if problem:
        raise ValueError(problem)
    return url


class Endpoint(BaseModel):
    """One outside API of the tenant: its base URL, a reference to its token, its timeout.

    There is deliberately no setting for TLS verification: it is always on (`extra="forbid"`
    refuses a `verify = false` or the like), and plain http is refused except to loopback.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: Annotated[str, Field(pattern=r"^https?://"), AfterValidator(_secure_url)]
    token: str
    # Seconds to wait for one answer before the client gives up on that attempt (and retries
    # what is safe to repeat); the retry budget bounds the whole request.
    timeout_seconds: Annotated[float, Field(gt=0, le=300)] = 30.0

    @property
    def token_ref(self) -> TokenRef:
        """The parsed token reference."""
        return TokenRef.parse(self.token)


def _absence_code(code: str) -> str:
    if code not in ABSENCE_CODES:
        raise ValueError(f"{code!r} is not a 24SevenOffice absence type (01-07, 10-21)")
    return code


AbsenceCode = Annotated[str, AfterValidator(_absence_code)]


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class MassClearLimit(BaseModel):
    """`[employees.mass_clear]`: when clearing one field for many employees stops a run.

    A run that would clear the same payroll field for more than `min_employees` employees and
    more than `share` of the tenant's employees writes nothing until a person confirms it
    (the flow's `allow_mass_clear`): that is what a lost permission or a broken read looks like.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_employees: Annotated[int, Field(ge=0)] = 5
    share: Annotated[float, Field(ge=0, le=1)] = 0.2

    def exceeded_by(self, cleared: int, employees: int) -> bool:
        """Whether clearing a field for `cleared` of `employees` employees needs a person."""
        return cleared > self.min_employees and cleared > self.share * employees


class EmployeeSettings(BaseModel):
    """`[employees]`: the employee sync's schedules (none: manual runs only) and its brake.

    `schedule` is the full reconcile (every employee read, payroll edits caught); an
    `incremental` schedule runs the cheap incremental sync in between and needs it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    schedule: Schedule | None = None
    incremental: IncrementalSchedule | None = None
    mass_clear: MassClearLimit = Field(default_factory=MassClearLimit)

    @model_validator(mode="after")
    def _reconciled(self) -> EmployeeSettings:
        # Incremental runs trust the synced store; only a full run sees edits made in payroll.
        if self.incremental is not None and self.schedule is None:
            raise ValueError(
                "[employees.incremental] needs [employees.schedule] too: the full reconcile "
                "(e.g. nightly) is what catches edits made by hand in payroll"
            )
        return self


class AbsenceSettings(BaseModel):
    """`[absences]`: the schedule, the default period of a run, the types, the overrides.

    `send_leave_descriptions` (off by default): an AlexisHR leave's free-text description may
    hold a diagnosis (health data). Off, it is dropped as it is read: payroll gets the leave
    type's name as the absence comment and no report, artifact or kept result holds it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    schedule: Schedule | None = None
    send_leave_descriptions: bool = False
    months_back: Annotated[int, Field(ge=0, le=24)] = 1
    months_ahead: Annotated[int, Field(ge=0, le=24)] = 0
    types: tuple[AbsenceCode, ...] = ()
    leave_type_overrides: dict[str, AbsenceCode] = Field(default_factory=dict)

    def period(self, today: date) -> tuple[date, date]:
        """First day of `months_back` months ago to the last day of `months_ahead` months on.

        The defaults give the seed's rule: the previous month and the current one.
        """
        start = _shift_months(today, -self.months_back)
        end = _shift_months(today, self.months_ahead + 1) - timedelta(days=1)
        return start, end


class TenantConfig(BaseModel):
    """Everything hrsync knows about one tenant; secrets stay where `token` points.

    Attributes:
        name: the tenant's slug, equal to its file name.
        display_name: the company's name for people.
        timezone: converts AlexisHR dates and runs the schedules (Europe/Oslo by default).
        alexis: AlexisHR base URL and token reference.
        payroll: 24SevenOffice base URL and token reference.
        paused: no scheduled runs while true (`hrsync pause` / `hrsync resume`).
        scope: which employees the syncs include.
        employees: the employee sync's settings.
        absences: the absence sync's settings.
        approval: which changes wait for a person (`schemas/approval.py`).
        brake: when a whole run waits for a person (`schemas/approval.py`).
        calendar: the payroll calendar's settings (near payment, freeze windows).
        alerts: the freshness and failure alerts' settings.
        drift: what to do with payroll fields edited by hand (`[drift]`).
        ledger: the ledger's retention (`[ledger]`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(pattern=TENANT_SLUG.pattern)]
    display_name: str = ""
    timezone: TimeZone = "Europe/Oslo"
    alexis: Endpoint
    payroll: Endpoint
    paused: bool = False
    scope: Scope = Field(default_factory=Scope)
    employees: EmployeeSettings = Field(default_factory=EmployeeSettings)
    absences: AbsenceSettings = Field(default_factory=AbsenceSettings)
    approval: ApprovalSettings = Field(default_factory=ApprovalSettings)
    brake: BrakeSettings = Field(default_factory=BrakeSettings)
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)
    alerts: AlertSettings = Field(default_factory=AlertSettings)
    drift: DriftSettings = Field(default_factory=DriftSettings)
    ledger: LedgerSettings = Field(default_factory=LedgerSettings)

    @model_validator(mode="after")
    def _tokens_belong_to_this_tenant(self) -> TenantConfig:
        # A tenant's references are exactly its own names, never a prefix match: with a prefix
        # `acme` could name `HRSYNC_ACME_X_…` or `acme-x-…`, the secrets of tenant `acme-x`.
        for system in SYSTEMS:
            endpoint: Endpoint = getattr(self, system)
            try:
                ref = endpoint.token_ref
            except ValueError as error:
                raise ValueError(f"{system}.token {error}") from None
            allowed = own_token_refs(self.name, system)
            if ref not in allowed:
                choices = " or ".join(repr(str(r)) for r in allowed)
                raise ValueError(
                    f"{system}.token must be {choices} (a tenant's tokens "
                    "are its own; references are matched exactly)"
                )
        return self

    @property
    def label(self) -> str:
        """The name people read in reports."""
        return self.display_name or self.name


def schedule_of(config: TenantConfig, kind: SyncKind) -> Schedule | None:
    """The schedule of a sync kind: its section of the tenant file."""
    settings: EmployeeSettings | AbsenceSettings = getattr(config, kind)
    return settings.schedule
