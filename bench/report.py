"""The benchmark's results: one row per scenario and size, as JSON and a Markdown table."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.stack import Measured

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
RESULTS = Path(__file__).parent / "results"  # the committed results; the README shows them


def _writes(calls: dict[str, int]) -> int:
    return sum(n for c, n in calls.items() if c.split(" ", 1)[0] in WRITE_METHODS)


def row(
    name: str, size: int, sync: Measured, sync_calls: dict[str, int], task_runs: dict[str, int],
    floor_s: float, floor_calls: dict[str, int], floor_writes: int,
    flow_run_s: dict[str, float],
) -> dict[str, Any]:  # fmt: skip
    """One scenario at one size: the sync's figures, the floor's, and their ratio."""
    return {
        "scenario": name, "employees": size, "exit_code": sync.exit_code,
        "sync_wall_s": round(sync.wall_s, 2), "sync_cpu_s": round(sync.cpu_s, 2),
        "sync_peak_rss_mb": round(sync.peak_rss_mb, 1),
        "sync_calls": sum(sync_calls.values()), "sync_writes": _writes(sync_calls),
        "sync_calls_per_endpoint": sync_calls, "task_runs_per_flow_run": task_runs,
        "flow_run_s": flow_run_s,
        "floor_s": round(floor_s, 2), "floor_calls": sum(floor_calls.values()),
        "floor_writes": floor_writes, "floor_calls_per_endpoint": floor_calls,
        "ratio": round(sync.wall_s / floor_s, 2) if floor_s else None,
    }  # fmt: skip


def line(result: dict[str, Any]) -> str:
    """The row as one printed line."""
    return (
        f"{result['employees']:>7} {result['scenario']:<18} sync {result['sync_wall_s']:>7.1f} s "
        f"(cpu {result['sync_cpu_s']:.1f} s, rss {result['sync_peak_rss_mb']:.0f} MB, "
        f"{result['sync_calls']} calls, {result['sync_writes']} writes)  floor "
        f"{result['floor_s']:.1f} s ({result['floor_calls']} calls)  ratio {result['ratio']}"
    )


def machine() -> dict[str, Any]:
    """Cores, RAM, CPU model and the versions that matter."""
    model = next(
        (ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
         if ln.startswith("model name")), platform.processor(),
    )  # fmt: skip
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = {p: version(p) for p in ("prefect", "httpx", "pandas")}
    return {"cores": os.cpu_count(), "ram_gib": round(ram, 1), "cpu": model,
            "python": platform.python_version(), **versions}  # fmt: skip


def table(rows: list[dict[str, Any]]) -> str:
    """The Markdown table of the results."""
    head = ("| employees | scenario | sync s | flow run s | cpu s | peak RSS MB | calls | writes "
            "| task runs | floor s | floor calls | sync/floor |\n|" + "---|" * 12)  # fmt: skip
    lines = [
        f"| {r['employees']} | {r['scenario']} | {r['sync_wall_s']} "
        f"| {round(sum(r.get('flow_run_s', {}).values()), 2)} | {r['sync_cpu_s']} "
        f"| {r['sync_peak_rss_mb']} | {r['sync_calls']} | {r['sync_writes']} "
        f"| {sum(r['task_runs_per_flow_run'].values())} | {r['floor_s']} | {r['floor_calls']} "
        f"| {r['ratio']} |"
        for r in rows
    ]
    return "\n".join([head, *lines])


def write(
    out: Path, rows: list[dict[str, Any]], startup_s: float, options: dict[str, Any]
) -> list[Path]:
    """`<out>/flow-<stamp>.json` and `.md`, and `latest.md`; their paths."""
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    m = machine()
    # Where the results and logs went says nothing about the run.
    settings = {k: str(v) for k, v in options.items() if k not in ("out", "keep")}
    context = {"machine": m, "prefect_server_startup_s": round(startup_s, 1), "options": settings}
    data = out / f"flow-{stamp}.json"
    data.write_text(json.dumps({**context, "rows": rows}, indent=2) + "\n")
    text = (
        f"Flow benchmark {stamp}: {m['cores']} cores, {m['ram_gib']} GiB, {m['cpu']}; Python "
        f"{m['python']}, Prefect {m['prefect']}, httpx {m['httpx']}, pandas {m['pandas']}; "
        f"options {settings}; Prefect server start-up {startup_s:.1f} s.\n\n" + table(rows) + "\n"
    )
    markdown = out / f"flow-{stamp}.md"
    markdown.write_text(text)
    (out / "latest.md").write_text(text)
    if out.resolve() == RESULTS.resolve():
        show_in_readme("latest", text)
    return [data, markdown]


README = Path(__file__).resolve().parents[1] / "README.md"


def show_in_readme(marker: str, text: str, readme: Path = README) -> bool:
    """Put `text` between `<!-- bench:<marker> -->` and its closing marker; False if absent."""
    start, end = f"<!-- bench:{marker} -->\n", f"<!-- /bench:{marker} -->"
    current = readme.read_text()
    if start not in current or end not in current:
        return False
    head, _, rest = current.partition(start)
    _, _, tail = rest.partition(end)
    readme.write_text(f"{head}{start}{text.rstrip()}\n{end}{tail}")
    return True
