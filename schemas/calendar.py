"""`[calendar]`: how the syncs respect the payroll calendar (near payment, freeze windows)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator


class FreezeWindow(BaseModel):
    """One `[[calendar.freeze]]` window: a date range, or the N days before each payment date.

    `from`/`to` (both days included) or `days_before_payment` (the payment day and the N days
    before it, for every payroll run payroll lists); one of the two per window.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: date | None = Field(None, alias="from")
    end: date | None = Field(None, alias="to")
    days_before_payment: Annotated[int, Field(ge=0, le=60)] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> FreezeWindow:
        dated = self.start is not None or self.end is not None
        if dated == (self.days_before_payment is not None):
            raise ValueError("a freeze window has either from/to or days_before_payment")
        if dated and (self.start is None or self.end is None):
            raise ValueError("a dated freeze window needs both from and to")
        if self.start and self.end and self.end < self.start:
            raise ValueError("a freeze window must not end before it starts")
        return self


class CalendarSettings(BaseModel):
    """`[calendar]`: the payroll calendar's settings (payroll runs are read from payroll).

    Attributes:
        hold_days_before_payment: while an Ordinary payroll run is open and its payment date is
            at most this many days ahead, risky changes are held for approval (0: never).
        freeze: windows in which scheduled runs compute and report the change set but write
            nothing; the first run after a window applies it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    hold_days_before_payment: Annotated[int, Field(ge=0, le=60)] = 5
    freeze: tuple[FreezeWindow, ...] = ()
