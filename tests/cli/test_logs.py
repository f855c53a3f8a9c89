"""Prefect's log lines: to a file (and the API) always, to the terminal only when verbose."""

from __future__ import annotations

import logging
from pathlib import Path

from prefect.logging.handlers import PrefectConsoleHandler

from cli.logs import routed_logs


def console_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if isinstance(h, PrefectConsoleHandler)]


def test_quiet_commands_write_prefect_lines_to_the_file_only(tmp_path: Path) -> None:
    before = console_handlers()
    assert before  # Prefect's logging.yml gives the root logger its console handler

    with routed_logs(tmp_path / "hrsync.log", verbose=False) as log_file:
        assert console_handlers() == []
        logging.getLogger("prefect.client").info("Finished in state Completed()")

    assert "Finished in state Completed()" in log_file.read_text()
    assert console_handlers() == before  # a later command (or test) gets them back


def test_verbose_commands_keep_the_terminal_lines_too(tmp_path: Path) -> None:
    before = console_handlers()

    with routed_logs(tmp_path / "hrsync.log", verbose=True) as log_file:
        assert console_handlers() == before
        logging.getLogger("prefect.client").info("read 3 employees")

    assert "read 3 employees" in log_file.read_text()
