"""Kept results: one serializer class for the life of a process, found again by its type name."""

from __future__ import annotations

import ast
import gc
import importlib
import json
import os
import subprocess
import sys
from typing import Any

import pytest
from cryptography.fernet import Fernet
from prefect.serializers import Serializer
from prefect.utilities.dispatch import _TYPE_REGISTRIES
from pydantic import BaseModel

from tasks.engine.results import EncryptedPickleSerializer, MissingResultsKeyError
from tests.scale.stack import REPO
from tests.support import TestTenant

TYPE_NAME = "hrsync-encrypted-pickle"

# Runs in a fresh interpreter, as every flow run of `hrsync serve` does (a spawned process):
# keep the extract tasks many times, as many runs would, and count what that creates.
BUILDS_IN_A_FRESH_PROCESS = """
import ast, json
from pydantic import BaseModel
from prefect.utilities.dispatch import _TYPE_REGISTRIES
import flows.employee_sync, flows.absence_sync
from tasks.absences.extract import extract_hr_leave
from tasks.employees.extract import extract_hr
from tasks.engine.results import EncryptedPickleSerializer, kept

def models():
    found, todo = {}, [BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            if id(sub) not in found:
                found[id(sub)] = sub.__qualname__
                todo.append(sub)
    return found

parses = []
parse = ast.parse
ast.parse = lambda *a, **k: parses.append(1) or parse(*a, **k)
before, registered = models(), sum(map(len, _TYPE_REGISTRIES.values()))
serializers = set()
for _ in range(RUNS):
    for task in (kept(extract_hr), kept(extract_hr_leave)):
        serializers.add(type(task.result_serializer).__qualname__)
    EncryptedPickleSerializer()
after = models()
print(json.dumps({
    "serializer_classes": sorted(serializers),
    "new_models": sorted(name for key, name in after.items() if key not in before),
    "new_registrations": sum(map(len, _TYPE_REGISTRIES.values())) - registered,
    "source_parses": len(parses),
}))
"""


@pytest.fixture
def results_key(monkeypatch: pytest.MonkeyPatch) -> str:
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("HRSYNC_RESULTS_KEY", key)
    return key


def test_importing_again_gives_the_same_class() -> None:
    module = importlib.import_module("tasks.engine.results")
    assert module.EncryptedPickleSerializer is EncryptedPickleSerializer
    assert type(EncryptedPickleSerializer()) is EncryptedPickleSerializer
    assert EncryptedPickleSerializer().type == TYPE_NAME


def test_prefect_finds_the_class_by_its_type_name(results_key: str) -> None:
    # What Prefect does with a kept result's metadata when a Retry reads it.
    found = Serializer(type=TYPE_NAME)
    assert type(found) is EncryptedPickleSerializer
    value = {"ssn": "06113828992", "salary": 49581.11}
    blob = EncryptedPickleSerializer().dumps(value)
    assert b"06113828992" not in blob
    assert found.loads(blob) == value


def test_another_key_cannot_read_a_kept_result(
    results_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    blob = EncryptedPickleSerializer().dumps(["kept"])
    monkeypatch.setenv("HRSYNC_RESULTS_KEY", Fernet.generate_key().decode())
    with pytest.raises(MissingResultsKeyError, match="cannot be decrypted"):
        Serializer(type=TYPE_NAME).loads(blob)


def test_keeping_results_run_after_run_creates_no_class(results_key: str) -> None:
    env = {**os.environ, "PREFECT_SERVER_EPHEMERAL_ENABLED": "false"}
    script = BUILDS_IN_A_FRESH_PROCESS.replace("RUNS", "25")
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    counts: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert counts == {
        "serializer_classes": ["EncryptedPickleSerializer"],
        "new_models": [],
        "new_registrations": 0,
        "source_parses": 0,
    }


def model_classes() -> set[int]:
    """Ids of every pydantic model class alive now (after a collection)."""
    gc.collect()
    found: set[int] = set()
    todo: list[type[BaseModel]] = [BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            if id(sub) not in found:
                found.add(id(sub))
                todo.append(sub)
    return found


def registered_types() -> int:
    return sum(map(len, _TYPE_REGISTRIES.values()))


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_repeated_runs_in_one_process_create_no_lasting_class(
    tenant: TestTenant, results_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `hrsync sync`/`demo` run several flows in one process; the serve process's runs each
    # start a fresh one (the test above). Prefect builds a throw-away parameter model per
    # run; nothing may outlive its run, and no run re-reads source with `ast`.
    tenant.seed_demo_data(size=3)
    assert tenant.employee_sync().is_completed()
    classes, registered = model_classes(), registered_types()
    parses: list[str] = []
    parse = ast.parse

    def counted(source: Any, *args: Any, **kwargs: Any) -> Any:
        parses.append(str(args[0] if args else kwargs.get("filename", "?")))
        return parse(source, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counted)
    for _ in range(3):
        assert tenant.employee_sync().is_completed()
    assert parses == []
    assert model_classes() - classes == set()
    assert registered_types() == registered
