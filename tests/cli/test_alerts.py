"""`hrsync bootstrap`'s alerts: two automations per deployment; a failed run reaches a webhook.

The session's Prefect harness is a real server subprocess in ephemeral mode, which runs the
event services the reactive alert needs (event persister, reactive triggers, actions).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from prefect.automations import Posture
from prefect.blocks.notifications import CustomWebhookNotificationBlock
from prefect.client.orchestration import get_client
from prefect.flow_engine import run_flow_async
from typer.testing import CliRunner, Result

from cli.main import app
from config.tenants import load_tenant
from deployments.alerts import ENV_BLOCK, automation_names
from deployments.build import specs_for, sync_flow
from schemas.kinds import SyncKind
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")
runner = CliRunner()
DELIVERY_SECONDS = 90.0


class Receiver:
    """A webhook receiver on 127.0.0.1: every POST's JSON body, in order."""

    def __init__(self) -> None:
        received: list[dict[str, Any]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length", 0))
                received.append(json.loads(self.rfile.read(length) or b"{}"))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass  # quiet in test output

        self.received = received
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def wait_for(self, words: str, seconds: float = DELIVERY_SECONDS) -> dict[str, Any]:
        """The first POST whose subject holds `words`, polled with a deadline."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for body in list(self.received):
                if words in body.get("subject", ""):
                    return body
            time.sleep(0.5)
        raise AssertionError(f"no POST about {words!r} in {seconds:.0f} s: {self.received}")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        found.server.shutdown()
        found.server.server_close()


def alerting(tenant: TestTenant, receiver: Receiver, hours: float = 12) -> TestTenant:
    """The tenant's file names a Custom Webhook block pointing at the receiver; deployed."""
    block = f"{tenant.name}-alerts"
    webhook = CustomWebhookNotificationBlock(
        name=block, url=receiver.url, json_data={"subject": "{{subject}}", "body": "{{body}}"}
    )
    webhook.save(block, overwrite=True)
    with (tenant.tenants_dir / f"{tenant.name}.toml").open("a") as file:
        file.write(f'\n[alerts]\nnotify_block = "{block}"\nstale_after_hours = {hours}\n')
    for spec in specs_for(load_tenant(tenant.name, tenant.tenants_dir), tenant.tenants_dir):
        spec.runner_deployment().apply()
    return tenant


def bootstrap(tenant: TestTenant) -> Result:
    return runner.invoke(app, ["bootstrap", "--tenants-dir", str(tenant.tenants_dir)])


async def automations(tenant: TestTenant) -> dict[str, list[Any]]:
    """Every automation of the tenant's deployments, by name (a list: to count duplicates)."""
    found: dict[str, list[Any]] = {}
    async with get_client() as client:
        for spec in specs_for(load_tenant(tenant.name, tenant.tenants_dir), tenant.tenants_dir):
            for name in automation_names(spec):
                found[name] = await client.read_automations_by_name(name)
    return found


def employee_id(tenant: TestTenant) -> str:
    async def read() -> str:
        async with get_client() as client:
            name = f"{sync_flow(SyncKind.employees).name}/{tenant.name}"
            return str((await client.read_deployment_by_name(name)).id)

    return asyncio.run(read())


def test_bootstrap_creates_both_automations_per_deployment_and_updates_them(
    tenant: TestTenant, receiver: Receiver
) -> None:
    alerting(tenant, receiver)

    result = bootstrap(tenant)

    assert result.exit_code == 0, result.output
    found = asyncio.run(automations(tenant))
    assert len(found) == 4 and all(len(items) == 1 for items in found.values()), found
    stale = found[f"hrsync {tenant.name} employees: no Completed run"][0]
    assert stale.trigger.posture == Posture.Proactive
    assert stale.trigger.expect == {"prefect.flow-run.Completed"}
    assert stale.trigger.within.total_seconds() == 12 * 3600
    related = stale.trigger.match_related
    assert related.get("prefect.resource.role") == ["deployment"]
    assert related.get("prefect.resource.id") == [f"prefect.deployment.{employee_id(tenant)}"]
    failed = found[f"hrsync {tenant.name} absences: Failed or Crashed"][0]
    assert failed.trigger.posture == Posture.Reactive
    assert failed.trigger.expect == {
        "prefect.flow-run.Failed", "prefect.flow-run.TimedOut", "prefect.flow-run.Crashed",
    }  # fmt: skip
    assert failed.actions[0].type == "send-notification"

    path = tenant.tenants_dir / f"{tenant.name}.toml"
    path.write_text(path.read_text().replace("stale_after_hours = 12", "stale_after_hours = 30"))
    again = bootstrap(tenant)  # idempotent: updates, never duplicates

    assert again.exit_code == 0, again.output
    assert "updated" in again.output and "created" not in again.output
    found = asyncio.run(automations(tenant))
    assert all(len(items) == 1 for items in found.values()), found
    stale = found[f"hrsync {tenant.name} employees: no Completed run"][0]
    assert stale.trigger.within.total_seconds() == 30 * 3600


async def failed_deployment_run(tenant: TestTenant) -> Any:
    """A run of the tenant's employee deployment, executed here; AlexisHR lists nobody."""
    flow = sync_flow(SyncKind.employees)
    async with get_client() as client:
        deployment = await client.read_deployment_by_name(f"{flow.name}/{tenant.name}")
        flow_run = await client.create_flow_run_from_deployment(deployment.id)
    return await run_flow_async(
        flow, flow_run=flow_run, parameters=flow_run.parameters, return_type="state"
    )


def test_a_failed_run_is_delivered_to_the_webhook(tenant: TestTenant, receiver: Receiver) -> None:
    alerting(tenant, receiver)
    assert bootstrap(tenant).exit_code == 0

    state = asyncio.run(failed_deployment_run(tenant))  # "AlexisHR returned no employees"

    assert state.is_failed()
    body = receiver.wait_for(f"hrsync {tenant.name} employees: Failed or Crashed")
    assert "ended Failed" in body["body"]
    assert f"employee-sync/{tenant.name}" in body["body"]


def test_without_a_block_there_are_no_alerts_and_an_unknown_block_is_an_error(
    tenant: TestTenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_BLOCK, raising=False)
    result = bootstrap(tenant)
    assert result.exit_code == 0, result.output
    assert "no alerts" in result.output

    monkeypatch.setenv(ENV_BLOCK, "no-such-block")
    for spec in specs_for(load_tenant(tenant.name, tenant.tenants_dir), tenant.tenants_dir):
        spec.runner_deployment().apply()
    result = bootstrap(tenant)
    assert result.exit_code == 1
    assert "custom-webhook/no-such-block not found" in result.output


def test_a_deployment_without_a_completed_run_in_time_is_reported_stale(
    tenant: TestTenant, receiver: Receiver
) -> None:
    # 14.4 seconds (Prefect's floor for a proactive trigger is 10); the server evaluates
    # proactive triggers every few seconds, the receiver's deadline covers both.
    alerting(tenant, receiver, hours=0.004)
    try:
        assert bootstrap(tenant).exit_code == 0

        body = receiver.wait_for(f"hrsync {tenant.name} employees: no Completed run")

        assert "has had no Completed run for 0.004 hours" in body["body"]
    finally:
        asyncio.run(delete_automations(tenant))


async def delete_automations(tenant: TestTenant) -> None:
    """Drop the tenant's automations: a 14-second staleness would go on firing all session."""
    async with get_client() as client:
        for items in (await automations(tenant)).values():
            for automation in items:
                await client.delete_automation(automation.id)
