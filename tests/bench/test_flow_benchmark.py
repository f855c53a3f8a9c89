"""The benchmark's pieces work together: a tiny company through every scenario, sync and floor."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bench.flow_benchmark import run_size
from bench.report import WRITE_METHODS, table
from bench.stack import prefect_server


def _writes(calls: dict[str, int]) -> dict[str, int]:
    return {c: n for c, n in calls.items() if c.split(" ", 1)[0] in WRITE_METHODS}


@pytest.mark.slow
def test_the_floor_makes_the_writes_the_sync_made(tmp_path: Path) -> None:
    """Per scenario and endpoint, the floor writes exactly what the real sync wrote."""
    args = argparse.Namespace(latency_ms=0, concurrency=0, profile=False, scenarios=None)
    with prefect_server(tmp_path / "prefect") as (api_url, _):
        rows = run_size(120, args, api_url, tmp_path)
    assert [r["scenario"] for r in rows] == [
        "initial",
        "no change",
        "1 % changed",
        "absences (month)",
        "incremental (10 changed)",
    ]
    assert all(r["exit_code"] == 0 for r in rows)
    for r in rows:
        assert _writes(r["floor_calls_per_endpoint"]) == _writes(r["sync_calls_per_endpoint"])
        assert all(n > 0 for n in r["task_runs_per_flow_run"].values())
        # The server's flow run lies within the process that made it.
        assert r["flow_run_s"].keys() == r["task_runs_per_flow_run"].keys()
        assert 0 < sum(r["flow_run_s"].values()) < r["sync_wall_s"]
    initial, unchanged, changed, _, incremental = rows
    assert initial["sync_writes"] >= 240  # an employee and its employments each
    assert unchanged["sync_writes"] == 0
    assert 0 < changed["sync_writes"] < initial["sync_writes"]
    # Ten changed salaries: the incremental run reads and writes payroll for those ten only.
    employments_read = incremental["sync_calls_per_endpoint"].get("GET /api/employment/v2/{id}")
    assert employments_read == 10 and incremental["sync_writes"] == 10
    assert "| 120 | initial |" in table(rows)
