"""Apply a tenant's scope: AlexisHR filters where the API can, pandas for the rest."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from clients.alexis import AlexisClient
from clients.alexis_models import Employee
from clients.alexis_query import Filters
from schemas.scope import Scope, ScopeRules

# Scope attribute → the employee field it filters.
FIELDS = {
    "departments": "departmentId",
    "offices": "officeId",
    "employment_types": "employmentTypeId",
    "employees": "employeeNumber",
    "teams": "id",  # via team memberships: the member employees' ids
}


class ScopeError(ValueError):
    """A scope names something AlexisHR does not have."""


@dataclass(frozen=True)
class ScopedEmployees:
    """The employees in scope and a line for the report on what the scope kept."""

    employees: list[Employee]
    note: str


async def _named(alexis: AlexisClient) -> dict[str, dict[str, str]]:
    departments, offices, teams, types = await asyncio.gather(
        alexis.departments(), alexis.offices(), alexis.teams(), alexis.employment_types()
    )
    return {
        kind: {r.name.casefold(): r.id for r in records} | {r.id: r.id for r in records}
        for kind, records in (("departments", departments), ("offices", offices),
                              ("teams", teams), ("employment_types", types))
    }  # fmt: skip


async def resolve(alexis: AlexisClient, tenant: str, scope: Scope) -> dict[str, ScopeRules]:
    """Scope rules with names replaced by AlexisHR ids, and teams by their members' ids."""
    known = await _named(alexis)
    resolved = {}
    for side in ("include", "exclude"):
        rules: ScopeRules = getattr(scope, side)
        values: dict[str, Any] = dict(rules.given())
        for kind in ("departments", "offices", "teams", "employment_types"):
            for name in values.get(kind, ()):
                if name.casefold() not in known[kind] and name not in known[kind]:
                    raise ScopeError(f"tenant {tenant}: scope.{side}.{kind}: no {kind[:-1]} "
                                     f"named {name!r} in AlexisHR")  # fmt: skip
            values[kind] = tuple(known[kind].get(n.casefold(), n) for n in values.get(kind, ()))
        if values.get("teams"):
            members = await alexis.team_references({"teamId": {"$in": list(values["teams"])}})
            values["teams"] = tuple(sorted({m.employeeId for m in members})) or ("none",)
        resolved[side] = ScopeRules(**values)
    return resolved


def pushdown(scope: Scope, rules: dict[str, ScopeRules]) -> Filters:
    """AlexisHR employee filters for the whole scope: `$in` per include, `$nin` per exclude."""
    filters: dict[str, dict[str, Any]] = {}
    if scope.active != "all":
        filters["active"] = {"$eq": scope.active == "active"}
    for side, operator in (("include", "$in"), ("exclude", "$nin")):
        for kind, values in rules[side].given().items():
            filters.setdefault(FIELDS[kind], {})[operator] = list(values)
    return filters


def keep_mask(frame: pd.DataFrame, scope: Scope, rules: dict[str, ScopeRules]) -> pd.Series:
    """The same scope applied in pandas to employee rows (a check on what the API returned)."""
    keep = pd.Series(True, index=frame.index)
    if scope.active != "all":
        keep &= frame["active"] == (scope.active == "active")
    for kind, values in rules["include"].given().items():
        keep &= frame[FIELDS[kind]].isin(values)
    for kind, values in rules["exclude"].given().items():
        keep &= ~frame[FIELDS[kind]].isin(values)
    return keep


def _frame(employees: Sequence[Employee]) -> pd.DataFrame:
    columns = ["id", "active", *FIELDS.values()]
    rows = [{c: getattr(e, c, None) for c in columns} for e in employees]
    return pd.DataFrame(rows, columns=list(dict.fromkeys(columns)))


async def employees_in_scope(alexis: AlexisClient, tenant: str, scope: Scope) -> ScopedEmployees:
    """Read the employees the tenant's scope includes, and say how many it kept."""
    if scope.is_everyone():
        everyone = await alexis.employees()
        return ScopedEmployees(everyone, f"scope: all {len(everyone)} employees")
    rules = await resolve(alexis, tenant, scope)
    total, found = await asyncio.gather(
        alexis.count("employee"), alexis.employees(pushdown(scope, rules))
    )
    mask = keep_mask(_frame(found), scope, rules)
    kept = [e for e, keep in zip(found, mask, strict=True) if keep]
    note = f"scope kept {len(kept)} of {total} employees ({total - len(kept)} left out)"
    return ScopedEmployees(kept, note)
