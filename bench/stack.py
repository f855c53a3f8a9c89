"""The benchmark's processes: a Prefect server, the emulators, and one measured sync run."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from cli.prefect_api import free_port, server_environment, stop, wait_healthy

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TENANT = "bench"
ALEXIS_TOKEN = f"{TENANT}-alexis-demo-token"
PAYROLL_TOKEN = f"{TENANT}-payroll-demo-token"
LEAVES = 5  # per employee, as the issue sets the benchmark's companies


TENANT_FILE = """\
display_name = "Bench AS"
timezone = "Europe/Oslo"

[alexis]
base_url = "{alexis}"
token = "env:{alexis_env}"

[payroll]
base_url = "{payroll}"
token = "env:{payroll_env}"

# The bench measures the sync, not a person: no approval gate, no mass-change brake (an
# initial sync of 100 000 creates would otherwise wait for an answer nobody gives).
[approval]
enabled = false

[brake]
enabled = false
"""


@dataclass(frozen=True)
class Measured:
    """What one subprocess cost, measured from outside (its rusage)."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    exit_code: int


def measure(args: Sequence[str], env: Mapping[str, str], log: Path) -> Measured:
    """Run `args` to the end; wall time, user+sys CPU and peak RSS from `os.wait4`."""
    start = time.monotonic()
    with log.open("ab") as out:
        process = subprocess.Popen(
            list(args), env=dict(env), cwd=REPO, stdout=out, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports ru_maxrss in KiB.
    return Measured(
        wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode
    )


@contextmanager
def prefect_server(home: Path) -> Iterator[tuple[str, float]]:
    """`prefect server start` on SQLite in `home`; its API URL and start-up seconds."""
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **server_environment(free_port(), home.resolve())}
    start = time.monotonic()
    with (home / "server.log").open("ab") as log:
        server = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start"], env=env, stdout=log, stderr=log
        )
    try:
        wait_healthy(env["PREFECT_API_URL"], server)
        yield env["PREFECT_API_URL"], time.monotonic() - start
    finally:
        stop(server)


@dataclass(frozen=True)
class Emulators:
    """A served pair of emulators: their API base URLs and roots (for `/_emulator/calls`)."""

    alexis_root: str
    payroll_root: str

    @property
    def alexis_url(self) -> str:
        """The AlexisHR API base URL."""
        return f"{self.alexis_root}/v1"

    @property
    def payroll_url(self) -> str:
        """The 24SevenOffice API base URL."""
        return f"{self.payroll_root}/api"

    def calls(self, reset: bool = False) -> dict[str, int]:
        """Requests per endpoint of both emulators since the last reset (`reset`: start over)."""
        method = "DELETE" if reset else "GET"
        counts: dict[str, int] = {}
        for root in (self.alexis_root, self.payroll_root):
            answer = httpx.request(method, f"{root}/_emulator/calls", timeout=30)
            answer.raise_for_status()
            counts.update(answer.json())
        return counts


def write_tenant(
    folder: Path, tenant: str, served: Emulators, tokens_of: str | None = None
) -> dict[str, str]:
    """Write `<tenant>.toml` against `served`; the environment holding its tokens.

    The tokens are those of the emulators' company `tokens_of` (default: the tenant's own).
    """
    prefix = f"HRSYNC_{tenant.upper().replace('-', '_')}"  # the names a tenant's tokens take
    alexis_env, payroll_env = f"{prefix}_ALEXIS_TOKEN", f"{prefix}_PAYROLL_TOKEN"
    text = TENANT_FILE.format(alexis=served.alexis_url, payroll=served.payroll_url,
                              alexis_env=alexis_env, payroll_env=payroll_env)  # fmt: skip
    (folder / f"{tenant}.toml").write_text(text)
    company = tokens_of or tenant
    return {
        alexis_env: f"{company}-alexis-demo-token",
        payroll_env: f"{company}-payroll-demo-token",
    }


@contextmanager
def emulators(
    size: int, latency_ms: float, concurrency: int, log: Path, tenants: Sequence[str] = (TENANT,)
) -> Iterator[Emulators]:
    """`hrsync emulate` in its own process: a clean company of `size` employees per tenant.

    Each tenant's tokens are `<tenant>-alexis-demo-token` and `<tenant>-payroll-demo-token`.
    """
    alexis, payroll = free_port(), free_port()
    args = [
        str(BIN / "hrsync"), "emulate", "--empty", "--clean",
        *(option for name in tenants for option in ("--demo-tenant", name)),
        "--size", str(size), "--leaves", str(LEAVES), "--latency-ms", str(latency_ms),
        "--concurrency", str(concurrency),
        "--alexis-port", str(alexis), "--payroll-port", str(payroll),
    ]  # fmt: skip
    with log.open("ab") as out:
        process = subprocess.Popen(args, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
    served = Emulators(f"http://127.0.0.1:{alexis}", f"http://127.0.0.1:{payroll}")
    try:
        _wait_served(served, process, log)
        yield served
    finally:
        stop(process)


def _wait_served(served: Emulators, process: subprocess.Popen[bytes], log: Path) -> None:
    # Seeding 100 000 employees takes minutes: wait for as long as the process lives.
    while True:
        try:
            served.calls(reset=True)
            return
        except httpx.TransportError:
            if process.poll() is not None:
                raise RuntimeError(f"the emulators exited at start-up; see {log}") from None
            time.sleep(1)
