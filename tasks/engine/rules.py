"""Run a mapping table over a frame, and gate the result on what payroll accepts."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import pandas as pd
import pandera.pandas as pa

from schemas import conversions
from schemas.hr import ABSENT, ABSENT_SEPARATOR
from schemas.mapping import Rule
from tasks.engine.changes import QuarantineEntry
from tasks.engine.validate import failures


def apply_rules(frame: pd.DataFrame, rules: Sequence[Rule]) -> pd.DataFrame:
    """Build the payroll frame column by column, one rule each, keeping `frame`'s index.

    A rule's None result becomes "" (clear the payroll value) or a missing value (leave the
    payroll value alone), as the rule's `when_missing` says. A rule whose AlexisHR source was
    absent from the answer (the frame's `absentFields`) is unknown: a missing value, whatever
    the table says, and so is every field of its group (an `internationalID` or a salary only
    travels whole).
    """
    absent = absent_per_row(frame)
    columns: dict[str, pd.Series] = {}
    unknown: dict[str, list[bool]] = {}
    for rule in rules:
        if rule.constant is not None:
            values: list[str | None] = [rule.constant] * len(frame)
            unknown[rule.target] = [False] * len(frame)
        else:
            sources = list(zip(*(frame[name].tolist() for name in rule.sources), strict=True))
            values = [rule.convert(*row) for row in sources]
            pairs = zip(sources, absent, strict=True)
            unknown[rule.target] = [is_unknown(rule, row, gone) for row, gone in pairs]
        blank = None if rule.when_missing == "keep" else ""
        columns[rule.target] = pd.Series(
            [blank if v is None else v for v in values], index=frame.index, dtype="str"
        )
    for members in _groups(rules).values():
        spread = [any(flags) for flags in zip(*(unknown[m] for m in members), strict=True)]
        for member in members:
            unknown[member] = [a or b for a, b in zip(unknown[member], spread, strict=True)]
    for target, flags in unknown.items():
        columns[target] = columns[target].mask(pd.Series(flags, index=frame.index, dtype=bool))
    return pd.DataFrame(columns, index=frame.index)


def absent_per_row(frame: pd.DataFrame) -> list[frozenset[str]]:
    """Per row, the source columns AlexisHR did not send (none when the frame has no list)."""
    if ABSENT not in frame.columns:
        return [frozenset()] * len(frame)
    return [
        frozenset(t for t in str(text).split(ABSENT_SEPARATOR) if t) if isinstance(text, str)
        else frozenset()
        for text in frame[ABSENT]
    ]  # fmt: skip


def is_unknown(rule: Rule, values: Sequence[object], absent: frozenset[str]) -> bool:
    """Whether the rule's value cannot be known because a source it needs was not sent.

    `first_filled` needs its sources only up to the first filled one: a work e-mail that
    arrived decides, whether or not the private one was sent.
    """
    if not absent:
        return False
    if rule.convert is not conversions.first_filled:
        return any(source in absent for source in rule.sources)
    for source, value in zip(rule.sources, values, strict=True):
        if source in absent:
            return True
        if conversions.text(value):
            return False
    return False


def _groups(rules: Sequence[Rule]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for rule in rules:
        if rule.group:
            groups.setdefault(rule.group, []).append(rule.target)
    return groups


def _hr_fields(target_field: str, rules: Sequence[Rule]) -> str:
    # Name the AlexisHR field(s) to fix rather than the payroll field that would be refused.
    for rule in rules:
        if rule.target == target_field and rule.sources:
            return ", ".join(rule.sources)
    return target_field


def refused(
    tenant: str, model: type[pa.DataFrameModel], frame: pd.DataFrame, rules: Sequence[Rule]
) -> tuple[list[QuarantineEntry], list[Hashable]]:
    """The rows of a payroll frame that 24SevenOffice would refuse, as quarantine entries.

    Returns the entries (naming the AlexisHR fields behind the refused value) and the rows.
    """
    found = failures(model, frame)
    entries = [
        QuarantineEntry(
            tenant,
            str(frame.at[f.row, "empId"]),
            _hr_fields(f.field, rules),
            f"gives {f.field} a value 24SevenOffice refuses ({f.reason})",
        )
        for f in found
    ]
    return entries, [f.row for f in found]
