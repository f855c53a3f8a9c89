"""What to do after a sync, in a few lines: fix, retry, look closer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cli.runs import RunOutcome
from cli.session import Session


def relative(path: Path) -> str:
    """`path` from the current folder when it lies below it (shorter to read and to paste)."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def where_runs_are(session: Session, outcomes: Sequence[RunOutcome]) -> list[str]:
    """Where to see the runs: their UI pages, or how to open the local server's database."""
    if not session.local:
        return [f"Prefect UI: {session.ui_url}/runs/flow-run/{o.flow_run_id}" for o in outcomes]
    home = relative(session.home)
    return [
        f"The runs are kept in {home}; to browse them: "
        f"`PREFECT_HOME={home} .venv/bin/prefect server start`, then http://127.0.0.1:4200"
    ]


def next_steps(
    session: Session, outcomes: Sequence[RunOutcome], tenant: str, *, shown_changes: bool
) -> list[str]:
    """The next steps after `hrsync sync <tenant>`."""
    steps = []
    if any(o.report is None for o in outcomes):
        steps.append(
            "Failed before writing: fix what the error says (tenant file, token, API address); "
            f"after an outage, run `hrsync sync {tenant}` again"
        )
    if any(o.report and o.report.failures for o in outcomes):
        steps.append(
            f"Failed writes: run `hrsync sync {tenant}` again or Retry the run in the Prefect UI "
            "(payroll is re-read; only what is still missing is written)"
        )
    if any(o.exit_code == 2 for o in outcomes):
        steps.append("Held back: fix those fields in AlexisHR; the next run syncs them")
    if not shown_changes and any(o.wrote for o in outcomes):
        steps.append(
            f"The change set, field by field: `hrsync sync {tenant} --dry-run --show-changes` "
            "(writes nothing), or the run's artifacts in the Prefect UI"
        )
    steps += where_runs_are(session, outcomes)
    steps.append(f"Prefect's log lines: {relative(session.log_file)} (or run with --verbose)")
    return steps
