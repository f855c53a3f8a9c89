"""Text payroll may show: control and invisible characters, and the length limits."""

from __future__ import annotations

import pytest

from schemas.text import MAX_LENGTHS, fits, is_printable


@pytest.mark.parametrize(
    "value",
    ["Kari", "Åse Marie Ødegård-Lie", "O'Brien", "José", "Zoë", "Łukasz", "李", "Kari 😀", ""],
)
def test_real_names_are_printable(value: str) -> None:
    assert is_printable(value)


@pytest.mark.parametrize(
    "value",
    [
        "Kari\x07",  # bell
        "\x1b[31mKari",  # ANSI escape
        "Kari\nNordmann",  # line feed
        "Kari\tNordmann",  # tab
        "\u202eiraK",  # right-to-left override
        "\u202dKari",  # left-to-right override
        "\u2066Kari\u2069",  # bidi isolates
        "Ka\u200bri",  # zero-width space
        "Ka\u200dri",  # zero-width joiner
        "\ufeffKari",  # byte-order mark
        "Kari\u2028",  # line separator
        "K\ufffdri",  # replacement character of a broken encoding
        "Kari\ue000",  # private use
        "Kari\x00",  # NUL
        "Kari\x7f",  # DEL
        "Kari\x85",  # C1 next-line
        "Kari\U000e0041",  # tag character
    ],
)
def test_control_and_invisible_characters_are_not(value: str) -> None:
    assert not is_printable(value)


def test_lengths_at_and_over_the_limit() -> None:
    assert MAX_LENGTHS["firstName"] == 50
    assert fits("K" * 50, "firstName")
    assert not fits("K" * 51, "firstName")
    assert fits("S" * 100, "homeAddress.street")
    assert not fits("S" * 101, "homeAddress.street")
