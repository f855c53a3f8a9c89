"""`[alerts]`: when a tenant's deployments alert, and which notification block they send to."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class AlertSettings(BaseModel):
    """`[alerts]`: the automations `hrsync bootstrap` creates per deployment of the tenant.

    Attributes:
        stale_after_hours: alert when a deployment has had no Completed run for this long
            (the default, 26 h, covers a daily schedule with slack for one slow run).
        notify_block: the Prefect notification block to send to, `name` of a Custom Webhook
            block or `block-type-slug/name` (e.g. `slack-webhook/data-team`); none: the
            environment's `$HRSYNC_ALERT_BLOCK`, else no alerts for this tenant.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    stale_after_hours: Annotated[float, Field(gt=0, le=24 * 90)] = 26.0
    notify_block: Annotated[str | None, Field(min_length=1)] = None
