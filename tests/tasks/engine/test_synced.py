"""Target hashes and which employees a run may mark as confirmed in payroll."""

from __future__ import annotations

import pandas as pd

from ledger.store import SyncedRow
from tasks.engine.changes import ChangeSet, FieldChange, LoadFailure, LoadResult, RecordChange
from tasks.engine.synced import (
    changed_employees,
    record_hmac,
    synced_rows,
    target_frame,
    unconfirmed_employees,
)

KEY = b"test-key"


def update(employee: str, *fields: str, entity: str = "employee") -> RecordChange:
    changes = tuple(FieldChange(f, "old", "new") for f in fields)
    return RecordChange(entity, "update", employee, employee, changes, {"x": 1})


def test_a_record_hash_is_keyed_canonical_and_tells_unknown_from_empty() -> None:
    record = {"empId": "1", "lastname": "Berg", "bic": ""}
    assert record_hmac(KEY, record) == record_hmac(KEY, dict(reversed(record.items())))
    assert record_hmac(KEY, record) != record_hmac(b"other", record)
    assert record_hmac(KEY, {**record, "bic": None}) != record_hmac(KEY, record)
    assert record_hmac(KEY, {**record, "bic": pd.NA}) == record_hmac(KEY, {**record, "bic": None})
    assert "Berg" not in record_hmac(KEY, record)


def test_changed_employees_are_those_with_an_unknown_or_different_record() -> None:
    targets = [
        SyncedRow("1", "employee", "1", "h1"),
        SyncedRow("1", "employment", "j1", "h2"),
        SyncedRow("2", "employee", "2", "h3"),
        SyncedRow("3", "employee", "3", "h4"),
    ]
    synced = {("employee", "1"): "h1", ("employment", "j1"): "old", ("employee", "2"): "h3"}
    frame = target_frame(targets)
    assert synced_rows(frame) == targets
    assert changed_employees(frame, synced) == {"1", "3"}


def test_only_records_written_whole_confirm_their_employee() -> None:
    planned = ChangeSet("acme", (
        update("1", "lastname"), update("2", "account", "lastname"), update("3", "lastname"),
        RecordChange("employee", "unchanged", "4", "4"),
    ))  # fmt: skip
    written = (update("1", "lastname"), update("2", "lastname"), update("3", "lastname"))
    failure = LoadFailure("employee", "3", "3", "500", retriable=True)
    result = LoadResult(written=written, failures=(failure,))
    # 2: its account was held back (approval, drift hold); 3: its write failed.
    assert unconfirmed_employees(planned, result) == {"2", "3"}
