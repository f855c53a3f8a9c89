"""The Prefect API a command needs: a configured one must answer, else hrsync starts its own."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cli.prefect_api import (
    PrefectUnavailableError,
    answers,
    free_port,
    wait_healthy,
)
from tests.support import TestTenant

ROOT = Path(__file__).resolve().parents[2]


def stock_environment(home: Path, **extra: str) -> dict[str, str]:
    """This machine's stock environment: no bytecode written, no Prefect API, a fresh home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PYTHONDONTWRITEBYTECODE="1", PREFECT_HOME=str(home), COLUMNS="200", **extra)
    return env


def hrsync(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    return free_port()


def test_a_closed_port_does_not_answer() -> None:
    assert answers(f"http://127.0.0.1:{closed_port()}/api") == "ConnectError"


def test_waiting_stops_when_the_server_process_exits() -> None:
    exited = subprocess.Popen([sys.executable, "-c", "pass"])
    exited.wait()

    with pytest.raises(PrefectUnavailableError, match="exited at start-up"):
        wait_healthy(f"http://127.0.0.1:{closed_port()}/api", exited, seconds=60)


def test_waiting_gives_up_after_its_time() -> None:
    with socket.socket() as silent:  # accepts connections, never answers HTTP
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/api"
        with pytest.raises(PrefectUnavailableError, match="did not answer in 3 s"):
            wait_healthy(url, seconds=3)


def test_an_unreachable_prefect_api_is_one_clear_line_and_exit_1(
    tenant: TestTenant, tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{closed_port()}/api"
    env = stock_environment(tmp_path / "prefect", PREFECT_API_URL=url)

    done = hrsync(env, "sync", tenant.name, "--tenants-dir", str(tenant.tenants_dir))

    assert done.returncode == 1
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: cannot reach the Prefect API at {url}")
    assert "PREFECT_API_URL" in lines[0] and "make serve" in lines[0]
    assert tenant.requests() == []


@pytest.mark.slow
def test_a_sync_without_a_server_starts_one_even_without_bytecode(
    tenant: TestTenant, tmp_path: Path
) -> None:
    tenant.add_employee("1")
    home = tmp_path / "prefect"

    done = hrsync(
        stock_environment(home), "sync", tenant.name, "--tenants-dir", str(tenant.tenants_dir)
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert [e["empId"] for e in tenant.payroll.employees()] == ["1"]
    # Prefect's lines went to the log file and the API, not to the terminal.
    assert "Finished in state Completed" not in done.stdout + done.stderr
    assert "Finished in state Completed" in (home / "hrsync.log").read_text()
    assert (home / "prefect.db").exists() and (home / "server.log").exists()
