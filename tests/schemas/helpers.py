"""Helpers of the frame model tests: which columns and checks a lazy validation fails."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

SHAPE_ERRORS = (pa.errors.SchemaError, pa.errors.SchemaErrors)


def failing(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> set[tuple[str, str]]:
    """(column, check) of every failure of a lazy validation; empty when the frame is valid."""
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        return {(str(c), str(k)) for c, k in zip(cases["column"], cases["check"], strict=True)}
    return set()
