"""The ledger's key: from the environment, else a local key file; a shared ledger needs one."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.keys import LedgerKeyError, ledger_key, ledger_url


@pytest.fixture(autouse=True)
def no_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HRSYNC_LEDGER_KEY", "HRSYNC_RESULTS_KEY", "HRSYNC_LEDGER_URL"):
        monkeypatch.delenv(name, raising=False)


def test_the_ledger_key_comes_first_then_the_results_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HRSYNC_RESULTS_KEY", "results")
    assert ledger_key(tmp_path) == b"results"
    monkeypatch.setenv("HRSYNC_LEDGER_KEY", "ledger")
    assert ledger_key(tmp_path) == b"ledger"


def test_without_a_key_the_local_ledger_makes_a_private_one_once(tmp_path: Path) -> None:
    first, again = ledger_key(tmp_path), ledger_key(tmp_path)

    assert first == again and len(first) == 64
    assert (tmp_path / "hrsync-ledger.key").stat().st_mode & 0o777 == 0o600
    assert ledger_url(tmp_path).startswith("sqlite+aiosqlite:///")


def test_a_shared_ledger_without_a_key_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HRSYNC_LEDGER_URL", "postgresql+asyncpg://db/ledger")

    with pytest.raises(LedgerKeyError, match="HRSYNC_LEDGER_KEY"):
        ledger_key(tmp_path)
    assert not (tmp_path / "hrsync-ledger.key").exists()
