"""Persisted task results for manual retries: encrypted, and only where a retry needs them."""

from __future__ import annotations

import os
import pickle
from typing import Any, Literal, TypeVar, cast

from cryptography.fernet import Fernet, InvalidToken
from prefect.cache_policies import RUN_ID, TASK_SOURCE, Inputs
from prefect.serializers import D, Serializer
from prefect.tasks import Task

RESULTS_KEY_ENV = "HRSYNC_RESULTS_KEY"
T = TypeVar("T", bound=Task[Any, Any])
# Prefect's default key (inputs, task source, flow-run id) without the connected clients a read
# task takes: they are the run's connections, not data, and cannot be hashed.
KEPT_KEY = Inputs(exclude=["alexis", "payroll", "client"]) + TASK_SOURCE + RUN_ID


class MissingResultsKeyError(RuntimeError):
    """Results can only be kept with an encryption key."""


def _fernet() -> Fernet:
    key = os.environ.get(RESULTS_KEY_ENV, "")
    if not key:
        raise MissingResultsKeyError(f"set {RESULTS_KEY_ENV} to keep encrypted results")
    return Fernet(key.encode())


class EncryptedPickleSerializer(Serializer[D]):
    """Pickle, then Fernet (AES-128-CBC + HMAC) with the key in `$HRSYNC_RESULTS_KEY`.

    Extract results hold fødselsnummer, bank accounts and salaries; on a shared result store
    they are unreadable without the key, which lives with the serve/worker processes only.

    Defined and registered once, at import: Prefect finds it by its `type` when a Retry reads
    a kept result, in this process or another that imports the flows. Never subscript it
    (`EncryptedPickleSerializer[Any]`): that makes a new pydantic class, which Prefect's type
    registry meets with the same `type`, and to warn about it re-reads this module's source
    with `ast` — in every flow-run process, racing other threads (CPython 3.11's
    "AST constructor recursion depth mismatch"). `EncryptedPickleSerializer()` is a plain
    instance of this class (its value type defaults to Any).
    """

    type: Literal["hrsync-encrypted-pickle"] = "hrsync-encrypted-pickle"

    def dumps(self, obj: D) -> bytes:
        """Encrypt the pickled object."""
        return _fernet().encrypt(pickle.dumps(obj))

    def loads(self, blob: bytes) -> D:
        """Decrypt and unpickle (the blob was written by this serializer, with this key)."""
        try:
            value: D = pickle.loads(_fernet().decrypt(blob))
        except InvalidToken as error:
            raise MissingResultsKeyError("kept result cannot be decrypted with this key") from error
        return value


def results_can_be_kept() -> bool:
    """True when an encryption key is configured for kept results."""
    return bool(os.environ.get(RESULTS_KEY_ENV))


def kept(task: T) -> T:
    """The task with its result kept (encrypted) for a retry of the same flow run.

    The cache key is Prefect's default one (inputs, task source, flow-run id): a retry of the run
    reuses the result, a new run reads afresh. Without a key, nothing is kept and a retry
    simply reads again.
    """
    if not results_can_be_kept():
        return task
    keeping = task.with_options(
        persist_result=True,
        result_serializer=EncryptedPickleSerializer(),
        cache_policy=KEPT_KEY,
    )
    return cast(T, keeping)
