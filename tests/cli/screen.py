"""Reading the terminal tables `hrsync` prints (rich box tables, one line per row when wide)."""

from __future__ import annotations


def _cells(line: str, bar: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip(bar).split(bar)]


def titled(output: str, title: str) -> list[dict[str, str]]:
    """The rows of the table whose title starts with `title`, as dicts; [] when none."""
    lines = output.splitlines()
    starts = [at for at, line in enumerate(lines) if line.startswith(title)]
    if not starts:
        return []
    header_at = next(at for at in range(starts[0], len(lines)) if lines[at].startswith("┃"))
    header = _cells(lines[header_at], "┃")
    rows = []
    for row in lines[header_at + 2 :]:
        if not row.startswith("│"):
            break
        rows.append(dict(zip(header, _cells(row, "│"), strict=True)))
    return rows


def counts(output: str, tenant: str, kind: str, title: str = "hrsync sync") -> dict[str, str]:
    """The counts row of one tenant and sync kind: `{"created": "2", "failed": "0", ...}`."""
    for row in titled(output, title):
        if (row["tenant"], row["sync"]) == (tenant, kind):
            return {k: v for k, v in row.items() if k not in ("tenant", "sync")}
    raise AssertionError(f"no counts row for {tenant} {kind} in:\n{output}")


def one_line(output: str) -> str:
    """The output with rich's line wrapping undone (for long messages)."""
    return " ".join(output.split())
