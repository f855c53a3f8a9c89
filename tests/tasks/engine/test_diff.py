"""The whole-column diff agrees with the field-by-field one, cell for cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from schemas.mapping import Rule
from tasks.engine.diff import changed_rows, field_changes, rows

RULES = (Rule("name"), Rule("rate", compare="decimal"), Rule("start", compare="date"))
CELLS = ["", " ", "x", " x", "80", "80.00", "80.5", "abc", "2024-01-01", "2024-01-01 00:00:00"]


def test_changed_rows_finds_exactly_what_field_changes_finds() -> None:
    pairs = [(old, new) for old in CELLS for new in [*CELLS, None]]
    target = pd.DataFrame({r.target: [n for _, n in pairs] for r in RULES}, dtype="str")
    current = pd.DataFrame({r.target: [o for o, _ in pairs] for r in RULES}, dtype="str")

    found = changed_rows(target, current, RULES).tolist()

    expected = [
        bool(field_changes(new, old, RULES))
        for new, old in zip(rows(target), rows(current), strict=True)
    ]
    assert found == expected
    assert any(found) and not all(found)


def test_a_column_payroll_does_not_have_reads_as_empty() -> None:
    target = pd.DataFrame({"name": ["", "x"]}, dtype="str")

    assert changed_rows(target, pd.DataFrame(index=target.index), RULES).tolist() == [False, True]


@pytest.mark.parametrize("dtype", ["str", object])
def test_rows_of_a_text_frame_are_its_values(dtype: object) -> None:
    frame = pd.DataFrame({"a": ["1", np.nan], "b": ["x", "y"]}, dtype=dtype)  # type: ignore[call-overload]

    found = rows(frame)

    assert [r["b"] for r in found] == ["x", "y"]
    assert found[0]["a"] == "1" and pd.isna(found[1]["a"])
    assert [list(r) for r in found] == [["a", "b"], ["a", "b"]]
