"""Prefect's log lines: to a file (and the API) always, to the terminal only when verbose."""

from __future__ import annotations

import logging
from pathlib import Path

from prefect.logging.handlers import PrefectConsoleHandler

from cli.logs import EscapeHidden, routed_logs


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


def test_hidden_characters_in_log_lines_are_escaped_in_file_and_terminal(tmp_path: Path) -> None:
    with routed_logs(tmp_path / "hrsync.log", verbose=True) as log_file:
        escaping = [h for h in console_handlers() if any(isinstance(f, EscapeHidden)
                                                       for f in h.filters)]  # fmt: skip
        logger = logging.getLogger("prefect.client")
        try:
            raise RuntimeError("AlexisHR said \x1b[2J\u202e")
        except RuntimeError:
            logger.exception("failed for %s", "Kari\x1b[31m")

    assert escaping and escaping == console_handlers()
    assert all(not h.filters for h in console_handlers())  # taken off again afterwards
    written = log_file.read_text()
    assert "\x1b" not in written and "\u202e" not in written
    assert "failed for Kari\\x1b[31m" in written
    assert "RuntimeError: AlexisHR said \\x1b[2J\\u202e" in written
