"""The tenant file's `[drift]` and `[ledger]` sections: payroll edits by hand, and retention."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class DriftSettings(BaseModel):
    """`[drift]`: what a run does with a field somebody changed in payroll since hrsync wrote it.

    `overwrite` (the seed's behaviour) writes AlexisHR's value and reports it; `hold` keeps
    payroll's value, drops that field from the change set, and reports it every run until
    someone resolves it in AlexisHR or payroll.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    on_change: Literal["overwrite", "hold"] = "overwrite"


class LedgerSettings(BaseModel):
    """`[ledger]`: how long the ledger keeps a tenant's rows (a payroll year and a bit)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    retention_days: Annotated[int, Field(ge=1)] = 400
