"""The Prefect UI in a real browser: a finished employee sync's run page, graph and summary."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import ConsoleMessage, Page, ViewportSize, expect, sync_playwright

if TYPE_CHECKING:
    from tests.support import TestTenant
    from tests.ui.conftest import PrefectServer

pytestmark = pytest.mark.slow

T = TypeVar("T")
TASKS = (
    "extract-hr", "extract-payroll", "check-head-count", "validate", "transform",
    "check-identity", "diff", "confirm-creates", "check-mass-clear", "hold-risky-changes",
    "load", "report", "remember-head-count", "extract-payroll-runs", "check-drift",
    "record-writes", "hash-targets", "record-synced",
)  # fmt: skip
# Each task's required upstream tasks: the pipeline's edges as the graph must show them.
EDGES = {
    "validate": {"extract-hr"},
    "transform": {"validate"},
    "check-identity": {"transform", "extract-payroll"},
    "diff": {"check-identity", "extract-payroll"},
    "confirm-creates": {"diff"},
    "check-drift": {"confirm-creates"},  # issue 12: the ledger's drift report
    "check-mass-clear": {"check-drift"},
    "hold-risky-changes": {"check-drift"},  # issue 12: approval splits before the load
    "load": {"hold-risky-changes"},
    "record-writes": {"load"},  # issue 12: the writes go to the ledger
    "report": {"load"},
}
TIMEOUT_MS = 90_000
VIEWPORT: ViewportSize = {"width": 1600, "height": 1000}
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
NOT_LOOPBACK = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")
COMPLETED_GREEN = (33, 157, 75)  # a Completed task run's bar on the graph canvas
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Every wait in the browser polls up to this long: the UI refetches, and on a loaded 2-core
# machine (measured: load average 10) the first page load of the UI bundle took over 20 s.
expect.set_options(timeout=TIMEOUT_MS)


def eventually(probe: Callable[[], T | None], what: str, seconds: float = 20) -> T:
    """Poll `probe` until it returns a truthy value; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {seconds:.0f}s waiting for {what}")
        time.sleep(0.1)


def base_name(label: str) -> str:
    """`extract-hr-ad9` → `extract-hr`: a task run's name without its random suffix."""
    match = re.fullmatch(r"(.+)-[0-9a-f]{3}", label)
    assert match, f"task run name {label!r} lacks the random suffix"
    return match.group(1)


def green_boxes(png: bytes, path: Path) -> int:
    """How many Completed-green bars (at least 12 px tall, so not the state bar) are drawn."""
    path.write_bytes(png)
    with Image.open(path) as image:
        pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    mask = np.abs(pixels - np.array(COMPLETED_GREEN)).sum(axis=2) < 40
    unseen = set(zip(*np.nonzero(mask), strict=True))
    boxes = 0
    while unseen:
        stack, rows = [unseen.pop()], set()
        while stack:
            y, x = stack.pop()
            rows.add(y)
            for neighbour in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                if neighbour in unseen:
                    unseen.remove(neighbour)
                    stack.append(neighbour)
        boxes += len(rows) >= 12
    return boxes


@contextmanager
def browser_page(chromium: Path, console: list[str]) -> Iterator[Page]:
    """A page in headless Chromium that can reach loopback only; unexpected errors collected."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            # The v2 UI fetches Amplitude's config even with analytics off: keep it offline.
            context.route(NOT_LOOPBACK, lambda route: route.abort())
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.on("console", lambda message: _note(message, console))
            page.on("pageerror", lambda error: console.append(f"page error: {error}"))
            yield page
        finally:
            browser.close()


def _note(message: ConsoleMessage, console: list[str]) -> None:
    url = message.location.get("url", "")
    harmless = (
        NOT_LOOPBACK.match(url)  # the blocked Amplitude request
        # Icons the UI asks for but does not ship (`/completed.svg`, `/favicon-32x32.png`).
        or ("status of 404" in message.text and "/api/" not in url)
    )
    if message.type == "error" and not harmless:
        console.append(f"console error: {message.text} ({url})")


def test_run_page_shows_the_sync_task_graph_and_summary(
    chromium: Path, prefect_server: PrefectServer, tenant: TestTenant, tmp_path: Path
) -> None:
    tenant.seed_demo_data(size=5)
    with prefect_server.as_api():
        state = tenant.employee_sync()
    assert state.is_completed(), state
    run_id = str(state.state_details.flow_run_id)

    # The run and its task runs landed on this test's server, not the session's harness.
    run = prefect_server.api("GET", f"/flow_runs/{run_id}")
    flow = prefect_server.api("GET", f"/flows/{run['flow_id']}")
    assert (flow["name"], run["state_type"]) == ("employee-sync", "COMPLETED")
    runs_filter = {"flow_runs": {"id": {"any_": [run_id]}}}

    def task_runs_completed() -> list[dict[str, Any]] | None:
        runs: list[dict[str, Any]] = prefect_server.api(
            "POST", "/task_runs/filter", json=runs_filter
        )
        done = len(runs) == len(TASKS) and all(r["state_type"] == "COMPLETED" for r in runs)
        return runs if done else None

    task_runs = eventually(task_runs_completed, "every task run completed")  # states lag a little
    assert sorted(base_name(r["name"]) for r in task_runs) == sorted(TASKS)
    summary_key = f"employee-sync-{tenant.name}"
    artifacts_filter = {"artifacts": {"key": {"any_": [summary_key]}}}
    artifacts = prefect_server.api("POST", "/artifacts/filter", json=artifacts_filter)
    assert [a["flow_run_id"] for a in artifacts] == [run_id]

    console: list[str] = []
    with browser_page(chromium, console) as page:
        graph_url = f"/api/flow_runs/{run_id}/graph-v2"
        with page.expect_response(lambda r: graph_url in r.url and r.ok) as graph_response:
            page.goto(f"{prefect_server.base_url}/v2/runs/flow-run/{run_id}")
        expect(page.get_by_text(run["name"]).first).to_be_visible()
        expect(page.get_by_text("Completed", exact=True).first).to_be_visible()

        # The graph's data: one node per task, joined extract → validate → transform → diff → load.
        nodes = {node_id: node for node_id, node in graph_response.value.json()["nodes"]}
        names = {node_id: base_name(node["label"]) for node_id, node in nodes.items()}
        assert sorted(names.values()) == sorted(TASKS)
        parents = {
            names[node_id]: {names[parent["id"]] for parent in node["parents"]}
            for node_id, node in nodes.items()
        }
        assert parents["extract-hr"] == parents["extract-payroll"] == set()
        assert parents["extract-payroll-runs"] == set()
        for task_name, upstream in EDGES.items():
            assert upstream <= parents[task_name], (task_name, parents[task_name])
        report = next(node for node in nodes.values() if node["label"].startswith("report-"))
        artifact_keys = {artifact["key"] for artifact in report["artifacts"]}
        assert {summary_key, f"{summary_key}-changes"} <= artifact_keys

        # The graph is a WebGL canvas (no DOM per node): wait until a green bar per task is drawn.
        canvas = page.locator("canvas").first
        expect(canvas).to_be_visible()
        shot = tmp_path / "canvas.png"
        eventually(
            lambda: green_boxes(canvas.screenshot(), shot) >= len(TASKS), "the graph's task bars"
        )
        page.screenshot(path=tmp_path / "run.png")

        # Task Runs tab: a link to each task run.
        page.get_by_role("tab", name="Task Runs").click()
        for task_name in TASKS:
            link = page.get_by_role("link", name=re.compile(rf"^{task_name}-[0-9a-f]{{3}}$"))
            expect(link).to_be_visible()
            expect(link).to_have_attribute("href", re.compile(r"/runs/task-run/[0-9a-f-]{36}$"))

        # Artifacts tab: the summary's card, and its page renders the Markdown.
        page.get_by_role("tab", name="Artifacts").click()
        grid = page.get_by_test_id("flow-run-artifacts-grid")
        expect(grid.get_by_text(f"{summary_key}-changes", exact=True)).to_be_visible()
        grid.get_by_text(summary_key, exact=True).click()
        expect(page).to_have_url(re.compile(rf"/artifacts/artifact/{artifacts[0]['id']}(\?|$)"))
        heading = page.get_by_role("heading", name=f"Employee sync: {tenant.name}")
        expect(heading).to_be_visible()
        expect(page.get_by_role("columnheader", name="created")).to_be_visible()
        page.screenshot(path=tmp_path / "summary.png")

    assert console == []
    for name in ("run.png", "summary.png"):
        png = tmp_path / name
        assert png.read_bytes()[:8] == PNG_MAGIC
        with Image.open(png) as image:
            assert image.size == (VIEWPORT["width"], VIEWPORT["height"])
