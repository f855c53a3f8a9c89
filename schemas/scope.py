"""A tenant's scope: which AlexisHR employees its syncs include."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class ScopeRules(BaseModel):
    """One side of a scope. Values name records (by name or AlexisHR id) or employee numbers.

    Attributes:
        departments: department names or ids.
        offices: office names or ids.
        teams: team names or ids.
        employment_types: employment type names or ids.
        employees: employee numbers.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    departments: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    employment_types: tuple[str, ...] = ()
    employees: tuple[str, ...] = ()

    def given(self) -> dict[str, tuple[str, ...]]:
        """The attributes that have values."""
        return {k: v for k, v in self.model_dump().items() if v}


class Scope(BaseModel):
    """`[scope]`: which employees the tenant's syncs include.

    An employee is in scope when it passes `active`, matches every `include` rule given (any
    value of a rule), and matches no `exclude` rule. An empty scope keeps everyone.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    active: Literal["all", "active", "inactive"] = "all"
    include: ScopeRules = ScopeRules()
    exclude: ScopeRules = ScopeRules()

    def is_everyone(self) -> bool:
        """True when the scope filters nothing."""
        return self.active == "all" and not self.include.given() and not self.exclude.given()
