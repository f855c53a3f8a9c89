"""The ledger's HMAC key and URL: from the environment, else safe local defaults."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

LEDGER_URL_ENV = "HRSYNC_LEDGER_URL"
LEDGER_KEY_ENV = "HRSYNC_LEDGER_KEY"
RESULTS_KEY_ENV = "HRSYNC_RESULTS_KEY"
KEY_FILE = "hrsync-ledger.key"


class LedgerKeyError(RuntimeError):
    """A shared ledger (a configured URL) needs a key every worker shares."""


def ledger_url(home: Path) -> str:
    """`$HRSYNC_LEDGER_URL`, else a SQLite file in `home` (the Prefect home)."""
    return os.environ.get(LEDGER_URL_ENV) or f"sqlite+aiosqlite:///{home / 'hrsync-ledger.db'}"


def ledger_key(home: Path) -> bytes:
    """The HMAC key: `$HRSYNC_LEDGER_KEY`, else `$HRSYNC_RESULTS_KEY`, else a local key file.

    The ledger is always on. Without a key in the environment, the default (local SQLite) ledger
    gets a random key of its own in `home` (mode 0600), never in the database: a hash of a salary
    is guessable by trying salaries unless the key is secret and apart from the hashes. A
    configured URL (PostgreSQL, several workers) has no such fallback: each host would make a
    different key and every comparison would report drift, so the run stops before writing.
    """
    for name in (LEDGER_KEY_ENV, RESULTS_KEY_ENV):
        if os.environ.get(name):
            return os.environ[name].encode()
    if os.environ.get(LEDGER_URL_ENV):
        raise LedgerKeyError(
            f"{LEDGER_URL_ENV} is set but neither {LEDGER_KEY_ENV} nor {RESULTS_KEY_ENV}: "
            "give every worker the same ledger key"
        )
    return _local_key(home / KEY_FILE)


def _local_key(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once keep the first key, never overwrite it.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_bytes().strip()
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_hex(32))
    return path.read_bytes().strip()


def value_hmac(key: bytes, value: str) -> str:
    """HMAC-SHA256 of a value (already in its canonical form), hex."""
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
