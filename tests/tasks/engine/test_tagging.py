"""Task runs start untagged inside a run that carries tags; the tags come back after."""

from __future__ import annotations

import pytest
from prefect import tags
from prefect.context import TagsContext

from tasks.engine.tagging import untagged_task_runs

pytestmark = pytest.mark.anyio


async def test_inside_no_tags_are_current_and_the_outer_ones_return_after() -> None:
    with tags("hrsync", "tenant:acme"):
        async with untagged_task_runs():
            assert TagsContext.get().current_tags == set()
        assert TagsContext.get().current_tags == {"hrsync", "tenant:acme"}
