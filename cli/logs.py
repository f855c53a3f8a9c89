"""Where Prefect's log lines go from a command: the Prefect API always, a log file, the terminal.

Prefect prints every task's INFO lines on the terminal; a person running `hrsync sync` wants the
result instead. The lines still reach the Prefect API (the UI shows them per run) and a log file;
the terminal gets them only with `--verbose`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FORMAT = "%(asctime)s | %(levelname)-7s | %(name)s - %(message)s"
# Loggers Prefect's logging.yml gives a console handler of their own (they do not propagate).
OWN_CONSOLE = ("uvicorn", "fastapi")


def _console_handlers(logger: logging.Logger) -> list[logging.Handler]:
    from prefect.logging.handlers import PrefectConsoleHandler

    return [h for h in logger.handlers if isinstance(h, PrefectConsoleHandler)]


@contextmanager
def routed_logs(log_file: Path, *, verbose: bool) -> Iterator[Path]:
    """Send Prefect's console lines to `log_file`, and to the terminal only when `verbose`.

    Undone at the end, so a process that runs several commands (tests) keeps its handlers.
    """
    import prefect.logging.configuration  # noqa: F401  (importing prefect sets up its logging)

    log_file.parent.mkdir(parents=True, exist_ok=True)
    to_file = logging.FileHandler(log_file, encoding="utf-8")
    to_file.setFormatter(logging.Formatter(FORMAT))
    loggers = (logging.getLogger(), *map(logging.getLogger, OWN_CONSOLE))
    muted = {logger: [] if verbose else _console_handlers(logger) for logger in loggers}
    for logger, handlers in muted.items():
        logger.addHandler(to_file)
        for handler in handlers:
            logger.removeHandler(handler)
    try:
        yield log_file
    finally:
        for logger, handlers in muted.items():
            logger.removeHandler(to_file)
            for handler in handlers:
                logger.addHandler(handler)
        to_file.close()
