"""The ledger on PostgreSQL (the scale test's cluster helper): migrated, written, no clear value."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from ledger.models import LedgerWrite
from ledger.store import open_ledger
from tests.scale.stack import Postgres, postgres_cluster
from tests.support import TestTenant, valid_fnr, valid_kontonummer

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Postgres]:
    with postgres_cluster(tmp_path_factory.mktemp("ledger-pg-logs")) as postgres:
        postgres.query("CREATE DATABASE ledger OWNER prefect", database="postgres")
        yield postgres


def ledger_url(cluster: Postgres) -> str:
    return cluster.url.rsplit("/", 1)[0] + "/ledger"


def test_a_runs_writes_are_in_the_postgresql_ledger_as_hashes_only(
    cluster: Postgres, tenant: TestTenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HRSYNC_LEDGER_URL", ledger_url(cluster))
    monkeypatch.setenv("HRSYNC_LEDGER_KEY", "test-ledger-key")
    tenant.add_employee("1")
    tenant.add_employee("2")

    assert tenant.employee_sync().is_completed()
    assert tenant.employee_sync().is_completed()  # the second run migrates nothing again

    async def read() -> list[LedgerWrite]:
        async with open_ledger(ledger_url(cluster)) as ledger:
            return list(await ledger.history(tenant.name))

    rows = asyncio.run(read())
    assert {("1", "account"), ("2", "personnr"), ("2", "salary")} <= {
        (r.employee, r.field) for r in rows
    }
    dump = "\n".join(
        "\t".join(row) for row in cluster.query("SELECT * FROM ledger_writes", "ledger")
    )
    for secret in (valid_fnr(1), valid_fnr(2), valid_kontonummer(1), valid_kontonummer(2)):
        assert secret not in dump
    assert cluster.query("SELECT version_num FROM alembic_version", "ledger") == [["0002"]]
