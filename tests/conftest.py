"""Test-wide settings: an isolated Prefect home and no hidden servers."""

from __future__ import annotations

import os
import tempfile

# Set before anything imports prefect: each test session gets its own PREFECT_HOME, analytics off,
# and no silently started ephemeral server (flow tests opt into the harness fixture instead).
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="hrsync-prefect-")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_EPHEMERAL_ENABLED"] = "false"
os.environ.pop("PREFECT_API_URL", None)
