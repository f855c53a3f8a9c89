"""How every extract task reads: retried after an outage only, never cached."""

from __future__ import annotations

from typing import Any

from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State

from clients.errors import RetriableApiError


def only_outages(task: object, task_run: object, state: State[object]) -> bool:
    """Retry a task only after an outage; a refused token or request fails the same way again."""
    return isinstance(state.data, RetriableApiError)


# Every extract is a read: safe to retry after an outage, never cached (a retry of a run that
# keeps results gets the AlexisHR extract through `tasks.results.kept`, not through these).
READ_OPTIONS: dict[str, Any] = {
    "retries": 2,
    "retry_delay_seconds": 10,
    "retry_condition_fn": only_outages,
    "cache_policy": NO_CACHE,
}
