"""Freshness and failure alerts: two Prefect automations per tenant deployment, kept in step."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import timedelta
from typing import Any
from uuid import UUID

from prefect.automations import AutomationCore, EventTrigger, Posture, SendNotification
from prefect.client.orchestration import PrefectClient
from prefect.exceptions import ObjectNotFound

from deployments.build import DeploymentSpec

ENV_BLOCK = "HRSYNC_ALERT_BLOCK"
# A bare block name is a Custom Webhook block: the one notification block that can POST to
# any URL (the generic `Webhook` block has no `notify`, so automations cannot send to it).
DEFAULT_BLOCK_TYPE = "custom-webhook"
COMPLETED = "prefect.flow-run.Completed"
# Events are named by state name: a flow timeout is a Failed state named TimedOut.
ENDED_BADLY = ("prefect.flow-run.Failed", "prefect.flow-run.TimedOut", "prefect.flow-run.Crashed")


class AlertSetupError(ValueError):
    """The tenant's notification block does not exist on the Prefect server."""


def block_reference(spec: DeploymentSpec) -> str | None:
    """The tenant's notification block: its `[alerts] notify_block`, else the environment's."""
    return spec.tenant.alerts.notify_block or os.environ.get(ENV_BLOCK) or None


def split_block(reference: str) -> tuple[str, str]:
    """`slack-webhook/data-team` → (`slack-webhook`, `data-team`); a bare name: Custom Webhook."""
    slug, sep, name = reference.partition("/")
    return (slug, name) if sep else (DEFAULT_BLOCK_TYPE, reference)


def automation_names(spec: DeploymentSpec) -> tuple[str, str]:
    """`hrsync acme employees: no Completed run`, `hrsync acme employees: Failed or Crashed`."""
    prefix = f"hrsync {spec.tenant.name} {spec.kind}"
    return f"{prefix}: no Completed run", f"{prefix}: Failed or Crashed"


def _of_deployment(deployment_id: UUID) -> dict[str, Any]:
    """The trigger's filter: flow-run events whose related deployment is this one."""
    return {
        "match": {"prefect.resource.id": "prefect.flow-run.*"},
        "match_related": {
            "prefect.resource.id": f"prefect.deployment.{deployment_id}",
            "prefect.resource.role": "deployment",
        },
    }


def stale_automation(spec: DeploymentSpec, deployment_id: UUID, block: UUID) -> AutomationCore:
    """Fires when the deployment has had no Completed run for `stale_after_hours`."""
    hours = spec.tenant.alerts.stale_after_hours
    name, _ = automation_names(spec)
    trigger = EventTrigger(
        expect={COMPLETED}, posture=Posture.Proactive, threshold=1,
        within=timedelta(hours=hours), **_of_deployment(deployment_id),
    )  # fmt: skip
    body = (
        f"The {spec.kind} sync of {spec.tenant.label} ({spec.full_name}) has had no Completed "
        f"run for {hours:g} hours: payroll may be out of date."
    )
    return AutomationCore(
        name=name, description=body, trigger=trigger,
        actions=[SendNotification(block_document_id=block, subject=name, body=body)],
    )  # fmt: skip


def failure_automation(spec: DeploymentSpec, deployment_id: UUID, block: UUID) -> AutomationCore:
    """Fires on every Failed or Crashed run of the deployment."""
    _, name = automation_names(spec)
    trigger = EventTrigger(
        expect=set(ENDED_BADLY), posture=Posture.Reactive, threshold=1,
        **_of_deployment(deployment_id),
    )  # fmt: skip
    # Only names and the state: a state's message could quote an API's refusal.
    body = (
        f"The {spec.kind} sync of {spec.tenant.label} ({spec.full_name}): run "
        "{{ flow_run.name }} ended {{ flow_run.state.name }}. {{ flow_run|ui_url }}"
    )
    return AutomationCore(
        name=name, description=f"Alert on Failed or Crashed runs of {spec.full_name}",
        trigger=trigger,
        actions=[SendNotification(block_document_id=block, subject=name, body=body)],
    )  # fmt: skip


async def upsert(client: PrefectClient, automation: AutomationCore) -> str:
    """Create the automation, or update the one of its name (and drop duplicates of it)."""
    found = await client.read_automations_by_name(automation.name)
    if not found:
        await client.create_automation(automation)
        return "created"
    first, *extra = found
    await client.update_automation(first.id, automation)
    for duplicate in extra:
        await client.delete_automation(duplicate.id)
    return "updated"


async def _block_id(client: PrefectClient, reference: str) -> UUID:
    slug, name = split_block(reference)
    try:
        document = await client.read_block_document_by_name(name, block_type_slug=slug)
    except ObjectNotFound:
        raise AlertSetupError(
            f"notification block {slug}/{name} not found on the Prefect server: create it "
            f"(e.g. a Custom Webhook block named {name!r}) and run `hrsync bootstrap` again"
        ) from None
    return document.id


async def ensure_alerts(client: PrefectClient, specs: Iterable[DeploymentSpec]) -> list[str]:
    """Create or update both automations of every deployment; one line per outcome, for people.

    Raises:
        AlertSetupError: a tenant names a notification block the server does not have.
    """
    lines = []
    for spec in specs:
        reference = block_reference(spec)
        if reference is None:
            lines.append(f"{spec.full_name}: no alerts ([alerts] notify_block or ${ENV_BLOCK})")
            continue
        try:
            deployment = await client.read_deployment_by_name(spec.full_name)
        except ObjectNotFound:
            lines.append(f"{spec.full_name}: not deployed yet; deploy or serve, then bootstrap")
            continue
        block = await _block_id(client, reference)
        for automation in (
            stale_automation(spec, deployment.id, block),
            failure_automation(spec, deployment.id, block),
        ):
            outcome = await upsert(client, automation)
            lines.append(f"automation {automation.name!r} {outcome} (notifies {reference})")
    return lines
