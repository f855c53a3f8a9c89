"""AlexisHR list queries: filters encoded as the API's deepObject parameters."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from clients.alexis_query import Filters, encode_filters


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"active": True}, [("filters[active][$eq]", "true")]),
        ({"rate": 60}, [("filters[rate][$eq]", "60")]),
        ({"rate": {"$neq": 60.5}}, [("filters[rate][$neq]", "60.5")]),
        (
            {"rate": {"$between": [40, 80.5]}},
            [("filters[rate][$between][]", "40"), ("filters[rate][$between][]", "80.5")],
        ),
        ({"startDate": {"$gte": date(2024, 1, 31)}}, [("filters[startDate][$gte]", "2024-01-31")]),
        (
            {"startDate": {"$lt": datetime(2024, 1, 31, 9, 30, tzinfo=ZoneInfo("Europe/Oslo"))}},
            [("filters[startDate][$lt]", "2024-01-31T08:30:00.000Z")],
        ),
        (
            {"note": {"$in": ("a", "b")}, "terminated": False},
            [
                ("filters[note][$in][]", "a"),
                ("filters[note][$in][]", "b"),
                ("filters[terminated][$eq]", "false"),
            ],
        ),
        ({"note": {"$nin": []}}, []),  # excluding nothing is no condition at all
    ],
)
def test_encode_filters_writes_deep_object_keys(
    filters: Filters, expected: list[tuple[str, str]]
) -> None:
    assert encode_filters(filters) == expected


@pytest.mark.parametrize("operator", ["$in", "$between"])
def test_encode_filters_refuses_an_empty_operand_list(operator: str) -> None:
    # Nothing would be sent, so the condition would vanish: `$in: []` would match every row.
    with pytest.raises(ValueError, match=r"filters\[id\]"):
        encode_filters({"id": {operator: []}})
