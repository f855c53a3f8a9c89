"""The synced-target store on SQLite: migrated to 0002, rows replaced per employee, no values."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from ledger import store
from ledger.store import FieldKey, LastWrite, SyncedRow, WriteRow, open_ledger

AT = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'ledger.db'}"


def test_the_store_keeps_one_hash_per_record_and_replaces_an_employees_rows(
    tmp_path: Path,
) -> None:
    async def scenario() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str], str]:
        async with open_ledger(url(tmp_path)) as ledger:
            first = [SyncedRow("1", "employee", "1", "a" * 64),
                     SyncedRow("1", "employment", "job-1", "b" * 64),
                     SyncedRow("2", "employee", "2", "c" * 64)]  # fmt: skip
            await ledger.replace_synced("acme", {"1", "2"}, AT, first)
            await ledger.replace_synced("other", {"1"}, AT, [SyncedRow("1", "employee", "1", "z")])
            # Employee 1 not confirmed this time (forgotten); employee 2 confirmed anew.
            await ledger.replace_synced("acme", {"1", "2"}, AT, [SyncedRow("2", "employee", "2",
                                                                           "d" * 64)])  # fmt: skip
            after = await ledger.synced("acme")
            other = await ledger.synced("other")
            async with ledger.engine.connect() as conn:
                version = await conn.execute(text("select version_num from alembic_version"))
                return after, other, str(version.scalar())

    after, other, version = asyncio.run(scenario())
    assert after == {("employee", "2"): "d" * 64}
    assert other == {("employee", "1"): "z"}
    assert version == "0002"


def test_a_record_that_moved_to_another_employee_replaces_its_old_row(tmp_path: Path) -> None:
    async def scenario() -> dict[tuple[str, str], str]:
        async with open_ledger(url(tmp_path)) as ledger:
            await ledger.replace_synced("acme", {"5"}, AT, [SyncedRow("5", "employment", "j", "x")])
            await ledger.replace_synced("acme", {"6"}, AT, [SyncedRow("6", "employment", "j", "y")])
            return await ledger.synced("acme")

    assert asyncio.run(scenario()) == {("employment", "j"): "y"}


def test_last_written_reads_the_newest_hash_of_the_records_asked_for(tmp_path: Path) -> None:
    later = AT.replace(hour=13)
    many = [str(n) for n in range(1200)]  # more keys than one `IN (...)` takes

    async def scenario() -> list[dict[FieldKey, LastWrite]]:
        async with open_ledger(url(tmp_path)) as ledger:
            await ledger.record("acme", "run-1", AT, [
                WriteRow(n, "employee", n, "givenName", f"old-{n}", "written") for n in many
            ])  # fmt: skip
            await ledger.record("acme", "run-2", later, [
                WriteRow("1", "employee", "1", "givenName", "new-1", "written"),
                WriteRow("2", "employee", "2", "givenName", "failed-2", "failed"),
            ])  # fmt: skip
            return [
                await ledger.last_written("acme", {"1", "2"}),
                await ledger.last_written("acme", set()),
                await ledger.last_written("acme", many),
                await ledger.last_written("acme"),
                await ledger.last_written("other", {"1"}),
            ]

    asked, nothing, chunked, everything, other = asyncio.run(scenario())
    # The newest written hash wins; a failed write is no write; an aware time comes back.
    assert {k: v.value_hmac for k, v in asked.items()} == {
        ("employee", "1", "givenName"): "new-1",
        ("employee", "2", "givenName"): "old-2",
    }
    assert asked[("employee", "1", "givenName")].written_at.replace(tzinfo=UTC) == later
    assert nothing == {}
    assert chunked == everything and len(everything) == len(many)
    assert other == {}


def test_last_written_of_chosen_entities_leaves_other_entities_out(tmp_path: Path) -> None:
    async def scenario() -> list[dict[FieldKey, LastWrite]]:
        async with open_ledger(url(tmp_path)) as ledger:
            await ledger.record("acme", "run-1", AT, [
                WriteRow("1", "employee", "1-1", "givenName", "person", "written"),
                WriteRow("1", "employment", "1-1", "startdate", "job", "written"),
            ])  # fmt: skip
            return [
                await ledger.last_written("acme", {"1-1"}, {"employment"}),
                await ledger.last_written("acme", {"1-1"}, {"employee", "employment"}),
            ]

    jobs, both = asyncio.run(scenario())
    assert {k: v.value_hmac for k, v in jobs.items()} == {("employment", "1-1", "startdate"): "job"}
    assert len(both) == 2


def test_a_run_of_more_writes_than_one_insert_takes_is_recorded_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "INSERT_BATCH", 3)
    taken: list[str] = []

    def rows() -> Iterator[WriteRow]:  # a generator: the batches are taken as they come
        for n in range(8):
            taken.append(str(n))
            yield WriteRow(str(n), "employee", str(n), "givenName", f"hash-{n}", "written")

    async def scenario() -> tuple[int, int, dict[FieldKey, LastWrite]]:
        async with open_ledger(url(tmp_path)) as ledger:
            count = await ledger.record("acme", "run-1", AT, rows())
            none = await ledger.record("acme", "run-2", AT, iter(()))
            return count, none, await ledger.last_written("acme")

    count, none, written = asyncio.run(scenario())
    assert (count, none) == (8, 0)
    assert len(taken) == 8
    assert {k[1]: v.value_hmac for k, v in written.items()} == {
        str(n): f"hash-{n}" for n in range(8)
    }
