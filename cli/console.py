"""The one terminal console every command prints to (rich)."""

from __future__ import annotations

import os

from rich.console import Console

# Piped into a file or a CI log there is no terminal width; rich would assume 80 columns and
# fold every table. A CI log is read in a wide window.
PIPED_WIDTH = 120
console = Console()


def fit_width() -> None:
    """Give piped output a CI log's width (or `$COLUMNS`) instead of rich's 80 columns."""
    if not console.is_terminal:
        columns = os.environ.get("COLUMNS", "")
        console.width = int(columns) if columns.isdigit() else PIPED_WIDTH
