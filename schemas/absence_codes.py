"""THE leave-type table: which 24SevenOffice absence type (01–21) an AlexisHR leave becomes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# The absence types every 24SevenOffice Lønn company has (08 and 09 do not exist).
ABSENCE_CODES = (
    *(f"{n:02d}" for n in range(1, 8)),
    *(f"{n:02d}" for n in range(10, 22)),
)

# Only leave in these AlexisHR statuses goes to payroll (compared upper-case: a third-party
# client saw lower-case statuses); leave that leaves them is set to rejected in payroll.
EXPORTED_LEAVE_STATUSES = ("APPROVED", "CONFIRMED")

# The seed document's table, by leave-type name. Its first row repeats "Self-certified sick
# leave" for 01; 01 is the certified sick leave (sykmelding) and 03 the self-certified one
# (egenmelding), so "Sick leave" is 01 here.
LEAVE_NAME_CODES = MappingProxyType(
    {
        "Sick leave": "01",
        "Care of sick child": "02",
        "Self certified sick leave": "03",
        "Vacation": "04",
        "Off duty": "05",
        "Parental leave": "06",
        "Military service": "07",
        "Educational leave statutory": "10",
        "Educational leave non statutory": "11",
        "Other leaves statutory": "12",
        "Other leaves non statutory": "13",
        "Palliative care benefit": "14",
        "Care benefit sick child": "15",
        "Childcare sickness days": "16",
        "Training benefit": "17",
        "Pregnancy benefit": "18",
        "Maternity leave parental benefit": "19",
        "Care leave": "20",
        "Other absences": "21",
    }
)

# The "global leave type" rows of the seed: AlexisHR's leave kinds.
LEAVE_KIND_CODES = MappingProxyType(
    {
        "SICK_LEAVE": "01",
        "CHILDCARE": "02",
        "VACATION": "04",
        "OFF_DUTY": "05",
        "PARENTAL_LEAVE": "06",
    }
)

_SEPARATORS = re.compile(r"[\s\-‐‑–—_]+")


def leave_name_key(name: str) -> str:
    """Compare names case- and hyphen-insensitively: `Self-Certified  sick leave` matches."""
    return _SEPARATORS.sub(" ", name).strip().casefold()


_BY_NAME = {leave_name_key(name): code for name, code in LEAVE_NAME_CODES.items()}


@dataclass(frozen=True)
class CodeChoice:
    """The payroll code chosen for a leave type, and which rule chose it (None: unmapped)."""

    code: str | None
    rule: str


def absence_code(
    name: str,
    kind: str | None,
    relation_code: str | None,
    overrides: Mapping[str, str],
) -> CodeChoice:
    """Pick the payroll absence type of an AlexisHR leave type.

    Rules in order: the leave type's `leaveTypeCode` relation when it is a payroll code; the
    seed table by name; the tenant's override for this name; the global leave kind; else
    unmapped (never guessed). The override comes before the kind although the issue lists it
    after: AlexisHR requires a kind on every leave type, so an override consulted after the
    kind would never apply, and a tenant's explicit choice must beat a generic default (a
    company's "Sabbatical" is not a lay-off, which OFF_DUTY → 05 would make it).
    """
    if relation_code and relation_code.strip() in ABSENCE_CODES:
        return CodeChoice(relation_code.strip(), "leaveTypeCode relation")
    key = leave_name_key(name)
    if key in _BY_NAME:
        return CodeChoice(_BY_NAME[key], "leave-type name")
    override = {leave_name_key(k): v for k, v in overrides.items()}.get(key)
    if override:
        return CodeChoice(override, "tenant override")
    if kind and kind in LEAVE_KIND_CODES:
        return CodeChoice(LEAVE_KIND_CODES[kind], "leave kind")
    return CodeChoice(None, "unmapped")


def as_markdown() -> str:
    """The leave-type table for people."""
    lines = ["| AlexisHR leave type | 24SevenOffice absence type |", "|---|---|"]
    lines += [f"| {name} | {code} |" for name, code in LEAVE_NAME_CODES.items()]
    lines += [f"| any type of kind {kind} | {code} |" for kind, code in LEAVE_KIND_CODES.items()]
    return "\n".join(lines)
