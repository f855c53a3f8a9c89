r"""Text from outside made safe to show: control characters and bidi overrides escaped visibly.

A name or an error text from AlexisHR or 24SevenOffice may hold an ANSI escape (which a
terminal obeys: colours, cursor moves, a cleared screen, a rewritten line), a right-to-left
override (U+202E, which shows the digits after it reversed) or other invisible characters. Shown
text gets each of them as a visible escape instead (`\x1b`, `\u202e`), so what a person reads
is what the data holds.
"""

from __future__ import annotations

import unicodedata

# Line and paragraph separators are not in a "C" category, but break lines like a newline.
_SEPARATORS = frozenset({"\u2028", "\u2029"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Characters Markdown gives a meaning (emphasis, links, HTML, tables, headings, entities).
_MARKDOWN = frozenset("\\`*_[]<>|#!~&")


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _hidden(char: str) -> bool:
    return unicodedata.category(char)[0] == "C" or char in _SEPARATORS


def visible(text: str, *, keep_newlines: bool = False) -> str:
    r"""`text` with every control, format (bidi, zero-width) and unassigned character escaped.

    Args:
        text: any text from outside (HR data, an API's error, an exception message).
        keep_newlines: leave `\n` as it is (multi-line messages); escaped otherwise.
    """
    if text.isprintable():  # the common case, fast
        return text
    return "".join(
        _escape(c) if _hidden(c) and not (keep_newlines and c == "\n") else c for c in text
    )


def markdown_text(text: str) -> str:
    """`text` as literal Markdown: hidden characters escaped, Markdown syntax backslashed."""
    shown = visible(text)
    if not any(c in _MARKDOWN for c in shown):
        return shown
    return "".join(f"\\{c}" if c in _MARKDOWN else c for c in shown)
