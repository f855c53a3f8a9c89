"""Task runs start without the tags of the run around them.

A manual run (`hrsync sync`) carries the tags a deployment's runs carry, so runs filter alike
in the UI (`cli/runs.py` opens Prefect's `tags()` around the flow call). Prefect hands that
context's tags to every task run as well, and a tagged task run asks the server for tag
concurrency slots as it starts: a round trip per task, and on the embedded SQLite server now and
then a "database is locked" 503, which Prefect's client retries after about two seconds
(measured: 2 s of a 12 s run). hrsync sets no tag concurrency limits, and the task runs of a
deployment's runs carry no tags in the first place, so both kinds of run now start their task
runs alike, untagged. The flow run keeps its tags.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from prefect.context import TagsContext


@asynccontextmanager
async def untagged_task_runs() -> AsyncIterator[None]:
    """Inside, task runs are created without the surrounding `tags()` context's tags."""
    with TagsContext(current_tags=set()):
        yield
