"""What every command that runs flows needs first: a reachable Prefect API, logs routed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import typer

from cli.console import fit_width
from cli.logs import routed_logs
from cli.output import show_error
from cli.prefect_api import PrefectUnavailableError, prefect_api


@dataclass(frozen=True)
class Session:
    """The Prefect API a command runs against.

    Attributes:
        api_url: the API's URL.
        local: True when hrsync started the server for this command (it stops at the end).
        home: PREFECT_HOME: the local server's database, the log file.
        log_file: where Prefect's log lines went.
    """

    api_url: str
    local: bool
    home: Path
    log_file: Path

    @property
    def ui_url(self) -> str:
        """The Prefect UI beside the API."""
        return self.api_url.rstrip("/").removesuffix("/api")


@contextmanager
def prefect_session(*, verbose: bool = False, start_local: bool = True) -> Iterator[Session]:
    """Route Prefect's logs, then reach (or start) a Prefect API; exit 1 in one line if none."""
    from prefect.settings import get_current_settings

    fit_width()
    settings = get_current_settings()
    home = Path(settings.home)
    local = not settings.api.url
    with ExitStack() as stack:
        log_file = stack.enter_context(routed_logs(home / "hrsync.log", verbose=verbose))
        try:
            url = stack.enter_context(prefect_api(start_local=start_local))
        except PrefectUnavailableError as error:
            show_error(str(error))
            raise typer.Exit(1) from None
        yield Session(url, local, home, log_file)
