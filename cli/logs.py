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

from clients.printable import visible

FORMAT = "%(asctime)s | %(levelname)-7s | %(name)s - %(message)s"


class EscapeHidden(logging.Filter):
    """Escape control characters and bidi overrides in a record's message and traceback.

    A log line may quote an API's text (an exception's message); the terminal and the log file
    get its hidden characters as visible escapes (`clients.printable`), newlines kept.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        message = record.getMessage()
        shown = visible(message, keep_newlines=True)
        if shown != message:
            record.msg, record.args = shown, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = visible(record.exc_text, keep_newlines=True)
        return True


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
    escape = EscapeHidden()
    to_file.addFilter(escape)
    loggers = (logging.getLogger(), *map(logging.getLogger, OWN_CONSOLE))
    muted = {logger: [] if verbose else _console_handlers(logger) for logger in loggers}
    shown = [h for logger in loggers for h in _console_handlers(logger)] if verbose else []
    for handler in shown:
        handler.addFilter(escape)
    for logger, handlers in muted.items():
        logger.addHandler(to_file)
        for handler in handlers:
            logger.removeHandler(handler)
    try:
        yield log_file
    finally:
        for handler in shown:
            handler.removeFilter(escape)
        for logger, handlers in muted.items():
            logger.removeHandler(to_file)
            for handler in handlers:
                logger.addHandler(handler)
        to_file.close()
