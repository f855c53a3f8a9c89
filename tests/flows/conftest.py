"""Flow-test reporting: the hostile-input corpus lists the kinds it tried after the run."""

from __future__ import annotations

import pytest

from tests.flows.hostile_corpus import TRIED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the corpus kinds tried in this session (nothing when the corpus did not run)."""
    if TRIED:
        terminalreporter.section(f"hostile input corpus: {len(TRIED)} kinds tried")
        for name in TRIED:
            terminalreporter.write_line(f"  - {name}")
