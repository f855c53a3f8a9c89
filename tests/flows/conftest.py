"""Flow-test fixtures (a ledger file per test) and reporting (the hostile-input corpus kinds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.flows.hostile_corpus import TRIED


@pytest.fixture
def ledger_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The run's ledger in a file of this test's own, with a fixed test key."""
    path = tmp_path / "ledger.db"
    monkeypatch.setenv("HRSYNC_LEDGER_URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.setenv("HRSYNC_LEDGER_KEY", "test-ledger-key")
    return path


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the corpus kinds tried in this session (nothing when the corpus did not run)."""
    if TRIED:
        terminalreporter.section(f"hostile input corpus: {len(TRIED)} kinds tried")
        for name in TRIED:
            terminalreporter.write_line(f"  - {name}")
