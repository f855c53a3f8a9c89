"""In-memory state of the payroll emulator: companies by persistent token, and access tokens."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from emulators.payroll.company import EmulatorSettings, PayrollCompany

__all__ = ["PayrollCompany", "PayrollState"]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class _AccessToken:
    company: PayrollCompany
    expires_at: datetime


class PayrollState:
    """Every emulated company, plus the temporary access tokens handed out by ``/auth``.

    Args:
        clock: Returns the current aware datetime; tests pass a fake one to expire tokens.
        token_lifetime: How long an access token stays valid (the real lifetime is undocumented).
        strict_unknown_keys: Reject unknown keys in writes with a 400 instead of ignoring them.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], datetime] | None = None,
        token_lifetime: timedelta = timedelta(hours=1),
        strict_unknown_keys: bool = False,
    ) -> None:
        self._settings = EmulatorSettings(_aware(clock or _utc_now), strict_unknown_keys)
        self.token_lifetime = token_lifetime
        self.companies: dict[str, PayrollCompany] = {}
        self._access_tokens: dict[str, _AccessToken] = {}

    @property
    def strict_unknown_keys(self) -> bool:
        """Whether writes with keys the API does not know are rejected (default: ignored)."""
        return self._settings.strict_unknown_keys

    @strict_unknown_keys.setter
    def strict_unknown_keys(self, strict: bool) -> None:
        self._settings.strict_unknown_keys = strict

    def now(self) -> datetime:
        """The current time of the injected clock (aware)."""
        return self._settings.clock()

    def add_company(self, persistent_token: str, name: str) -> PayrollCompany:
        """Register a new client as 24SevenOffice creates it: types 01–21, one site, no employees.

        Args:
            persistent_token: The token a customer generates on the payroll settings page.
            name: Company name.

        Returns:
            The new company.
        """
        if persistent_token in self.companies:
            raise ValueError("a company already uses this persistent token")
        company = PayrollCompany(name, number=len(self.companies), settings=self._settings)
        self.companies[persistent_token] = company
        return company

    def company_for_persistent_token(self, token: str) -> PayrollCompany | None:
        """The company a persistent token belongs to, if any."""
        return self.companies.get(token)

    def issue_access_token(self, persistent_token: str) -> tuple[str, datetime] | None:
        """Exchange a persistent token for a new access token and its expiry; None if unknown."""
        company = self.company_for_persistent_token(persistent_token)
        if company is None:
            return None
        access_token = secrets.token_urlsafe(32)
        expires_at = self.now() + self.token_lifetime
        self._access_tokens[access_token] = _AccessToken(company, expires_at)
        return access_token, expires_at

    def company_for_access_token(self, access_token: str) -> PayrollCompany | None:
        """The company of a live access token; None when unknown or expired."""
        issued = self._access_tokens.get(access_token)
        if issued is None:
            return None
        if self.now() >= issued.expires_at:
            del self._access_tokens[access_token]
            return None
        return issued.company

    def expire_access_tokens(self) -> None:
        """Invalidate every issued access token (tests of re-exchange after a 401)."""
        self._access_tokens.clear()


def _aware(clock: Callable[[], datetime]) -> Callable[[], datetime]:
    """Wrap a clock so a naive datetime fails loudly instead of skewing token expiry."""

    def now() -> datetime:
        moment = clock()
        if moment.tzinfo is None:
            raise ValueError("the payroll emulator clock must return an aware datetime")
        return moment

    return now
