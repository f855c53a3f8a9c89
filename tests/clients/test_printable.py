"""Shown text: every hidden character escaped visibly, ordinary text of any script untouched."""

from __future__ import annotations

import pytest

from clients.printable import markdown_text, visible

HIDDEN = [
    ("\x1b[31mred", "\\x1b[31mred"),  # ANSI colour (CSI)
    ("\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H"),  # clear the screen, cursor home
    ("\x1b]8;;http://evil\x07link\x1b]8;;\x07", "\\x1b]8;;http://evil\\x07link\\x1b]8;;\\x07"),
    ("\x9b31m", "\\x9b31m"),  # 8-bit CSI (C1 control)
    ("a\rb", "a\\rb"),  # carriage return rewrites the line
    ("a\bb", "a\\x08b"),  # backspace
    ("nul\x00", "nul\\x00"),
    ("del\x7f", "del\\x7f"),
    ("two\nlines", "two\\nlines"),
    ("tab\tbed", "tab\\tbed"),
    ("1234\u202e5678", "1234\\u202e5678"),  # right-to-left override
    ("\u202dLRO\u202c", "\\u202dLRO\\u202c"),
    ("\u2067RLI\u2069", "\\u2067RLI\\u2069"),
    ("\u200fRLM\u200e", "\\u200fRLM\\u200e"),
    ("zero\u200bwidth", "zero\\u200bwidth"),
    ("bom\ufeff", "bom\\ufeff"),
    ("line\u2028sep\u2029", "line\\u2028sep\\u2029"),
    ("private\ue000", "private\\ue000"),
    ("unassigned\U000e0080", "unassigned\\U000e0080"),
    ("tag\U000e0041", "tag\\U000e0041"),  # invisible tag character
]


@pytest.mark.parametrize(("raw", "shown"), HIDDEN)
def test_hidden_characters_are_escaped_visibly(raw: str, shown: str) -> None:
    assert visible(raw) == shown
    assert visible(shown) == shown  # escaping twice changes nothing


@pytest.mark.parametrize(
    "text",
    ["Kari Nordmann", "Ærlig Østby-Ås", "Åse Ødegård", "Nguyễn Thị Minh Khai", "Σωκράτης",
     "محمد", "李小龙", "O'Brien", "a\u00a0b", "[red]x[/red]", "🙂", ""],
)  # fmt: skip
def test_ordinary_text_of_any_script_is_left_alone(text: str) -> None:
    assert visible(text) == text


def test_newlines_may_be_kept_for_multi_line_messages() -> None:
    assert visible("a\nb\x1bc", keep_newlines=True) == "a\nb\\x1bc"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        ("**bold** _it_ `code` ~x~", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~x\\~"),
        ("a | b # c ! & d", "a \\| b \\# c \\! \\& d"),
        ("back\\slash", "back\\\\slash"),
        ("Kari\x1b[31m", "Kari\\\\x1b\\[31m"),
        ("Sabbatical 2026", "Sabbatical 2026"),
    ],
)
def test_markdown_text_is_literal(raw: str, shown: str) -> None:
    assert markdown_text(raw) == shown
