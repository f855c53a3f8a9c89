"""The generated AlexisHR company: as many leaves per employee as asked, never overlapping."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import pytest

from emulators.alexis import AlexisState
from emulators.seed.company import seed_company


def leaves_by_employee(leaves: int) -> dict[str, list[dict[str, Any]]]:
    company = AlexisState().add_company("seed-token", "Seed AS")
    seed_company(company, size=30, seed=3, domain="seed.no", anchor=date(2026, 11, 26),
                 defects=False, leaves=leaves)  # fmt: skip
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for leave in company.all("leave"):
        found[leave["employeeId"]].append(leave)
    return found


@pytest.mark.parametrize("leaves", [3, 5])
def test_each_employee_has_the_leaves_asked_for_and_none_overlap(leaves: int) -> None:
    found = leaves_by_employee(leaves)

    assert len(found) == 30
    for own in found.values():
        assert len(own) == leaves
        spans = sorted((str(x["startDate"]), str(x["endDate"])) for x in own)
        assert all(end < start for (_, end), (start, _) in zip(spans, spans[1:], strict=False))
