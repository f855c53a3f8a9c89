"""Test-only process helpers: a throwaway PostgreSQL cluster and supervised subprocesses."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("HRSYNC_PG_BIN", "/usr/lib/postgresql/15/bin"))
# PostgreSQL refuses to run as root; as root the cluster is run by this OS user instead.
PG_OS_USER = "postgres"


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tail(path: Path, lines: int = 60) -> str:
    """The end of a log file, for failure messages."""
    if not path.exists():
        return f"({path} does not exist)"
    text = path.read_text(errors="replace").splitlines()[-lines:]
    return f"--- last lines of {path} ---\n" + "\n".join(text)


@dataclass
class Supervisor:
    """Starts subprocesses with their output in `<logs>/<name>.log`, and stops every one of them.

    Each process gets its own session (and process group), so stopping it also reaches the
    children it started (a worker's flow-run subprocesses) and nothing else.
    """

    logs: Path
    running: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def log(self, name: str) -> Path:
        """Where the output of process `name` goes."""
        return self.logs / f"{name}.log"

    def start(
        self, name: str, args: Sequence[str | Path], env: Mapping[str, str]
    ) -> subprocess.Popen[bytes]:
        """Start `args` in the project folder; stdout and stderr go to its log file."""
        with self.log(name).open("wb") as log:
            process = subprocess.Popen(
                [str(a) for a in args],
                env=dict(env),
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.running.append((name, process))
        return process

    def run(
        self, name: str, args: Sequence[str | Path], env: Mapping[str, str], timeout: float = 180
    ) -> None:
        """Run `args` to the end; fail with the tail of its log unless it exits 0."""
        with self.log(name).open("wb") as log:
            code = subprocess.run(
                [str(a) for a in args],
                env=dict(env),
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            ).returncode
        if code != 0:
            raise RuntimeError(f"{name} exited with {code}\n{tail(self.log(name))}")

    @staticmethod
    def stop(process: subprocess.Popen[bytes]) -> None:
        """SIGTERM, a second SIGTERM, then SIGKILL; then whatever is left in its process group.

        A Prefect worker turns the first SIGTERM into an interrupt, which a process started with
        SIGINT ignored does not act on; its second SIGTERM kills it (see the Prefect notes, §9).
        """
        for sig, grace in ((signal.SIGTERM, 15), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            if process.poll() is not None:
                break
            process.send_signal(sig)
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                continue
        process.wait()
        try:
            os.killpg(process.pid, 0)  # anything of its group still alive?
        except (ProcessLookupError, PermissionError):
            return
        os.killpg(process.pid, signal.SIGKILL)

    def stop_all(self) -> None:
        """Stop every process started here, the last started first."""
        while self.running:
            _, process = self.running.pop()
            self.stop(process)


@dataclass(frozen=True)
class Postgres:
    """A running cluster: its port and a superuser `psql` for checks."""

    port: int
    database: str
    user: str
    password: str

    @property
    def url(self) -> str:
        """The SQLAlchemy URL Prefect's server takes."""
        return (
            f"postgresql+asyncpg://{self.user}:{self.password}@127.0.0.1:{self.port}/"
            f"{self.database}"
        )

    def query(self, sql: str, database: str | None = None) -> list[list[str]]:
        """Rows of `sql` as lists of text, run over TCP as the cluster's superuser."""
        out = subprocess.run(
            [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", PG_OS_USER,
             "-d", database or self.database, "-v", "ON_ERROR_STOP=1", "-X", "-A", "-t",
             "-F", "\t", "-c", sql],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        return [line.split("\t") for line in out.stdout.splitlines() if line]


def _as_cluster_owner() -> list[str]:
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", PG_OS_USER, "--"]


@contextmanager
def postgres_cluster(logs: Path) -> Iterator[Postgres]:
    """Initialise and start a PostgreSQL cluster of its own; stop and delete it on exit.

    The cluster lives in a fresh folder under the system temp dir (pytest's own tmp folders are
    private to root, and PostgreSQL must run as another user). Loopback-only, trust auth:
    good enough for a test, never for production. Its server log is copied to `logs`.
    """
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL binaries not found in {PG_BIN} (set HRSYNC_PG_BIN)")
    owner = _as_cluster_owner()
    root = Path(tempfile.mkdtemp(prefix="hrsync-pg-"))
    data, sockets, server_log = root / "data", root / "sockets", root / "postgres.log"
    sockets.mkdir()
    if owner:
        for path in (root, sockets):
            shutil.chown(path, PG_OS_USER)
    port = free_port()
    pg_ctl = [*owner, str(PG_BIN / "pg_ctl"), "-D", str(data)]
    supervisor = Supervisor(logs)
    try:
        supervisor.run(
            "initdb",
            [*owner, PG_BIN / "initdb", "-D", data, "-U", PG_OS_USER, "--auth=trust",
             "-E", "UTF8", "--no-sync", "--no-instructions"],
            os.environ,
        )  # fmt: skip
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        supervisor.run(
            "pg_ctl-start",
            [*pg_ctl, "-l", server_log, "-w", "-t", "60", "-o", options, "start"],
            os.environ,
        )
        cluster = Postgres(port=port, database="prefect", user="prefect", password="prefect")
        cluster.query("CREATE ROLE prefect LOGIN PASSWORD 'prefect'", database="postgres")
        cluster.query("CREATE DATABASE prefect OWNER prefect", database="postgres")
        yield cluster
    finally:
        try:
            if (data / "postmaster.pid").exists():  # running, or at least started
                supervisor.run("pg_ctl-stop", [*pg_ctl, "-m", "fast", "-w", "stop"], os.environ)
        finally:
            if server_log.exists():
                shutil.copy(server_log, logs / "postgres.log")
            shutil.rmtree(root, ignore_errors=True)
