"""The two syncs as one enum: every spelling of a sync kind (tags, flows, keys) derives from it."""

from __future__ import annotations

from enum import StrEnum


class SyncKind(StrEnum):
    """A sync kind; its value is the CLI's, the tags' and the tenant file section's spelling."""

    employees = "employees"
    absences = "absences"

    @property
    def singular(self) -> str:
        """`employee`: the spelling of artifact keys, Prefect Variable names and report titles."""
        return self.value.removesuffix("s")

    @property
    def flow_name(self) -> str:
        """`employee-sync`: the flow's name, so its deployments are `employee-sync/<tenant>`."""
        return f"{self.singular}-sync"

    @property
    def tag(self) -> str:
        """`sync:employees`: the tag every run of this kind carries, deployed or manual."""
        return f"sync:{self.value}"
