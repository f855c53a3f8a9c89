"""The README shows the latest benchmark table between its markers, and nothing else changes."""

from __future__ import annotations

from pathlib import Path

from bench.report import show_in_readme

README = "# x\n\nbefore\n<!-- bench:latest -->\nold table\n<!-- /bench:latest -->\nafter\n"


def test_the_table_between_the_markers_is_replaced(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(README)

    assert show_in_readme("latest", "| new | table |\n", readme)

    assert readme.read_text() == README.replace("old table", "| new | table |")


def test_a_readme_without_the_markers_is_left_alone(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(README)

    assert not show_in_readme("tenants", "| new |", readme)

    assert readme.read_text() == README
