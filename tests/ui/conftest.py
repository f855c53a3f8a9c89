"""A real Prefect server (subprocess, own home) and Debian's Chromium for the UI tests."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from prefect.events.worker import EventsWorker
from prefect.logging.handlers import APILogWorker
from prefect.settings import PREFECT_API_URL, temporary_settings

from cli.prefect_api import BIN, server_environment, wait_healthy

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package, installed by `make browser`


@dataclass
class PrefectServer:
    """A `prefect server start` on a free loopback port (it starts while other fixtures run)."""

    base_url: str
    api_url: str
    process: subprocess.Popen[bytes]
    log: Path
    healthy: bool = False

    def ready(self) -> None:
        """Wait until the server answers (at most 2 minutes); fail with its log if it does not."""
        if not self.healthy:
            try:
                wait_healthy(self.api_url, self.process)
            except RuntimeError as error:
                pytest.fail(f"{error}\n{self.log.read_text(errors='replace')[-3000:]}")
            self.healthy = True

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        """Call the server's REST API and return its JSON; fail on an error status."""
        self.ready()
        response = httpx.request(method, f"{self.api_url}{path}", timeout=10, **kwargs)
        response.raise_for_status()
        return response.json()

    @contextmanager
    def as_api(self) -> Iterator[None]:
        """Make this server the API of the flows run in this process, within the block.

        Prefect 3.9.1 keeps one events worker per process for any self-hosted API, bound to
        the API URL in force when it started; task runs are recorded from those events. So
        the workers are drained before (else task runs land on the session's harness) and
        after (pending events and logs reach this server while it still runs).
        """
        self.ready()
        _drain_prefect_workers()
        with temporary_settings(updates={PREFECT_API_URL: self.api_url}):
            try:
                yield
            finally:
                _drain_prefect_workers()


def _drain_prefect_workers() -> None:
    EventsWorker.drain_all(timeout=30)
    APILogWorker.drain_all(timeout=30)


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[PrefectServer]:
    """A Prefect server and UI of this test only, with its own PREFECT_HOME; stopped after it."""
    port = free_port()
    home = tmp_path / "prefect-home"
    home.mkdir()
    settings = server_environment(port, home)
    env = {**os.environ, **settings}
    log = tmp_path / "prefect-server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start"], env=env, stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        yield PrefectServer(f"http://127.0.0.1:{port}", settings["PREFECT_API_URL"], server, log)
    finally:
        _stop(server)


@pytest.fixture
def chromium() -> Path:
    """Debian's Chromium; skipped where it is missing, except in CI (`make test` installs it)."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: `make browser` installs Debian's chromium (needs root)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return CHROMIUM
