"""Per-record load failures: a refused write becomes a failure naming employee and field."""

from __future__ import annotations

from clients.errors import ApiError, RetriableApiError
from tasks.engine.changes import LoadFailure, RecordChange


def failed(change: RecordChange, error: ApiError) -> LoadFailure:
    """Describe a refused or undelivered write (the error text carries no personal data)."""
    retriable = isinstance(error, RetriableApiError)
    return LoadFailure(change.entity, change.employee, change.key, str(error), retriable)
