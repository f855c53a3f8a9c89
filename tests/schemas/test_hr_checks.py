"""The row tests behind the AlexisHR frame checks that other modules use too."""

from __future__ import annotations

import pytest

from schemas.hr_checks import note_parts


@pytest.mark.parametrize(
    ("note", "parts"),
    [("2130102", ("2130102", "")), ("2130102:3", ("2130102", "3")),
     (" 2130102 : 3 ", ("2130102", "3")), ("21301:3", None), ("abc", None), (None, None)],
)  # fmt: skip
def test_note_parts(note: str | None, parts: tuple[str, str] | None) -> None:
    assert note_parts(note) == parts
