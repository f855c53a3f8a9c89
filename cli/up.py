"""`hrsync up`: Prefect server and UI, the emulators with demo data, served deployments."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer
from cryptography.fernet import Fernet

from cli.console import console
from cli.demo_env import ALEXIS_PORT, PAYROLL_PORT, demo_environment
from cli.prefect_api import BIN, server_environment, stop, wait_healthy


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def up(
    port: Annotated[int, typer.Option(help="Prefect server and UI port.")] = 4200,
    home: Annotated[Path, typer.Option(help="Prefect home (its SQLite database).")] = Path(
        ".demo/prefect-server"
    ),
) -> None:
    """Start the Prefect server and UI, the emulators with demo data, and serve the demo tenants."""
    from emulators.runtime import Emulators
    from emulators.seed import seed_demo

    home.mkdir(parents=True, exist_ok=True)
    demo_environment()
    env = {**os.environ, **server_environment(port, home.resolve())}
    # Kept extract results are encrypted; a key for this session only (production: a secret).
    env.setdefault("HRSYNC_RESULTS_KEY", Fernet.generate_key().decode())
    env.update(HRSYNC_RATE_LIMITS="on", PREFECT_RUNNER_POLL_FREQUENCY="2")
    hub = Emulators()
    seed_demo(hub.alexis, hub.payroll)
    # A SIGTERM (systemd, `kill`) stops everything in order, like Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    with ExitStack() as stack, (home / "server.log").open("ab") as log:
        server = subprocess.Popen([str(BIN / "prefect"), "server", "start"], env=env,
                                  stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        stack.callback(stop, server)
        wait_healthy(env["PREFECT_API_URL"], server)
        stack.enter_context(hub.serve(ALEXIS_PORT, PAYROLL_PORT))
        hrsync = [sys.executable, "-m", "cli.main"]
        subprocess.run([*hrsync, "bootstrap"], env=env, check=True)
        serving = subprocess.Popen([*hrsync, "serve"], env=env)
        stack.callback(stop, serving)
        console.print(
            f"\n[bold]Prefect UI: http://127.0.0.1:{port}[/]  (Ctrl-C stops everything)\n"
            "  Deployments → employee-sync/nordlys → Run → Quick run: a sync now\n"
            "  Runs → a run → its task graph; Artifacts tab → summary and change table\n"
            "  A failed run → ⋮ → Retry: re-runs what failed, AlexisHR is not read again\n"
        )
        try:
            serving.wait()
        except KeyboardInterrupt:
            console.print("stopping: serve pauses the schedules, then the server stops")
            serving.send_signal(signal.SIGINT)
