"""A Prefect API for the commands that need one: the configured server, or a local one we start.

Prefect's own fallback (an "ephemeral" server started inside the process) gives up after a fixed
20 s; on a loaded 2-core machine, or a first start that creates and migrates the database, that
guess fails. So hrsync starts `prefect server start` itself and waits for `/health` for as long
as a real start-up takes, the way `hrsync up` runs its server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent
# A first start creates and migrates the SQLite database: ~10 s idle, a minute on a busy box.
STARTUP_SECONDS = 300.0
# A configured server is up or it is not: a few seconds tell a slow answer from none.
REACH_SECONDS = 10.0


class PrefectUnavailableError(RuntimeError):
    """No Prefect API could be reached or started; the message is one line saying what to do."""


def server_environment(port: int, home: Path) -> dict[str, str]:
    """Settings of a local Prefect server and its clients.

    The port goes in through the settings, not `--port`: the UI asks the server for its API
    URL, and only the settings reach it (a `--port` alone leaves the UI calling :4200).
    """
    return {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
    }


def answers(api_url: str) -> str | None:
    """None when `/health` answers 200, else what went wrong (one short phrase)."""
    try:
        response = httpx.get(f"{api_url.rstrip('/')}/health", timeout=2)
    except httpx.TransportError as error:
        return type(error).__name__
    return None if response.status_code == 200 else f"HTTP {response.status_code}"


def wait_healthy(
    api_url: str, server: subprocess.Popen[bytes] | None = None, seconds: float = STARTUP_SECONDS
) -> None:
    """Return once `/health` answers; fail if the server process exits or time runs out."""
    deadline = time.monotonic() + seconds
    problem = answers(api_url)
    while problem is not None:
        if server is not None and server.poll() is not None:
            raise PrefectUnavailableError(f"the Prefect server for {api_url} exited at start-up")
        if time.monotonic() > deadline:
            raise PrefectUnavailableError(
                f"the Prefect API at {api_url} did not answer in {seconds:.0f} s ({problem})"
            )
        time.sleep(0.5)
        problem = answers(api_url)


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """Terminate a child process, killing it if it does not stop in time."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def drain_workers() -> None:
    """Deliver the log lines and events still queued for the API (before its server stops)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=30, at_exit=False)
    EventsWorker.drain_all(timeout=30, at_exit=False)


@contextmanager
def local_server(home: Path) -> Iterator[str]:
    """A Prefect server (SQLite in `home`) on a free loopback port; its API URL while open."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, **server_environment(port, home.resolve())}
    url = env["PREFECT_API_URL"]
    with (home / "server.log").open("ab") as log:
        server = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start"], env=env, stdout=log, stderr=log
        )
    try:
        try:
            wait_healthy(url, server)
        except PrefectUnavailableError as error:
            raise PrefectUnavailableError(f"{error}; its log: {home / 'server.log'}") from None
        yield url
        drain_workers()
    finally:
        stop(server)


@contextmanager
def api_url_in_environment(url: str) -> Iterator[None]:
    """Point this process (every thread of it) and its children at `url`."""
    from prefect.context import refresh_global_settings_context

    before = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url
    refresh_global_settings_context()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = before
        refresh_global_settings_context()


def unreachable(url: str, why: str) -> PrefectUnavailableError:
    """The one line a user sees when the configured server does not answer."""
    return PrefectUnavailableError(
        f"cannot reach the Prefect API at {url} ({why}): start it, set PREFECT_API_URL to a "
        "running server (`make serve` runs one), or unset it to let hrsync start its own"
    )


@contextmanager
def prefect_api(*, start_local: bool = True) -> Iterator[str]:
    """The Prefect API this command talks to, reachable for as long as the block runs.

    A configured `PREFECT_API_URL` must answer; with none, a local server is started in
    `PREFECT_HOME` (its database keeps the runs) and stopped again at the end — unless the
    command's work must outlive it (`start_local=False`: deployments, rate limits).
    """
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    configured = settings.api.url
    if configured:
        try:
            wait_healthy(configured, seconds=REACH_SECONDS)
        except PrefectUnavailableError:
            raise unreachable(configured, answers(configured) or "no answer") from None
        yield configured
        return
    if not start_local:
        raise PrefectUnavailableError(
            "no Prefect API configured: set PREFECT_API_URL to the server this should go to "
            "(`make serve` runs one on http://127.0.0.1:4200/api)"
        )
    with local_server(Path(settings.home)) as url, api_url_in_environment(url):
        yield url
