"""The tenant file's `[approval]` and `[brake]` sections: which changes wait for a person."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from schemas.mapping import EMPLOYEE_RULES, EMPLOYMENT_RULES

# Payroll fields whose change is held by default: where pay goes (bank account, BIC, clearing),
# who is paid (fødselsnummer/D-number, international id), how much (salary, above the
# percentage), the employment rate and an end date.
RISKY_FIELDS = (
    "account", "bic", "clearingno", "personnr", "internationalID.ID", "salary",
    "employment_rate", "enddate",
)  # fmt: skip

PAYROLL_FIELDS = frozenset(r.target for r in (*EMPLOYEE_RULES, *EMPLOYMENT_RULES))


def _known_fields(fields: tuple[str, ...]) -> tuple[str, ...]:
    unknown = sorted(set(fields) - PAYROLL_FIELDS)
    if unknown:
        raise ValueError(f"not payroll integration fields: {', '.join(unknown)}")
    return fields


class ApprovalSettings(BaseModel):
    """`[approval]`: risky field changes wait for a person; the rest of the run goes on.

    Attributes:
        enabled: hold risky changes at all.
        fields: the payroll fields whose changes are held (`RISKY_FIELDS` by default).
        salary_change_percent: a salary change is held only when it moves by more than this.
        timeout_seconds: how long the run waits for an answer; then the held changes are
            skipped and reported.
        poll_seconds: how often the waiting run asks the Prefect API for an answer.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    fields: Annotated[tuple[str, ...], AfterValidator(_known_fields)] = RISKY_FIELDS
    salary_change_percent: Annotated[float, Field(ge=0)] = 10.0
    timeout_seconds: Annotated[int, Field(gt=0, le=7 * 24 * 3600)] = 3600
    poll_seconds: Annotated[int, Field(gt=0, le=60)] = 10


class BrakeSettings(BaseModel):
    """`[brake]`: a run that would change too much waits for a person before writing anything.

    Attributes:
        enabled: apply the brake at all (never on a tenant's first sync).
        max_share: trips when more than this share of the employees would change.
        max_per_field: trips when one field would change for more than this many employees.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    max_share: Annotated[float, Field(ge=0, le=1)] = 0.2
    max_per_field: Annotated[int, Field(ge=0)] = 10

    def tripped_by(self, changed: int, employees: int, per_field: dict[str, int]) -> bool:
        """Whether `changed` of `employees` employees, or a field's count, is too many."""
        too_many = employees > 0 and changed > self.max_share * employees
        return too_many or any(n > self.max_per_field for n in per_field.values())
