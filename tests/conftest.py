"""The one fixture layer: isolated Prefect, the emulators on loopback, fresh tenants."""

from __future__ import annotations

import os
import tempfile

# Set before anything imports prefect: each test session gets its own PREFECT_HOME, analytics off,
# and no silently started ephemeral server (flow tests opt into the harness fixture instead).
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="hrsync-prefect-")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_EPHEMERAL_ENABLED"] = "false"
os.environ.pop("PREFECT_API_URL", None)

import itertools  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from emulators.faults import FaultProfile  # noqa: E402
from emulators.runtime import Emulators, Endpoints  # noqa: E402
from tests.support import TestTenant  # noqa: E402

_tenant_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect server and database for the whole session (flow tests opt in)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def hub() -> Iterator[tuple[Emulators, Endpoints]]:
    """Both emulators, served on free loopback ports for the whole session."""
    emulators = Emulators()
    with emulators.serve() as endpoints:
        yield emulators, endpoints


@pytest.fixture
def emulators(hub: tuple[Emulators, Endpoints]) -> Iterator[Emulators]:
    """The session's emulators, with faults, rewrites and canned answers off after each test."""
    yield hub[0]
    hub[0].set_faults(FaultProfile())
    hub[0].answer_truthfully()


@pytest.fixture
def endpoints(hub: tuple[Emulators, Endpoints]) -> Endpoints:
    """Base URLs of the session's emulators."""
    return hub[1]


@pytest.fixture
def tenant(
    emulators: Emulators,
    endpoints: Endpoints,
    tmp_path: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> TestTenant:
    """A brand-new tenant: empty companies in both emulators, a tenant file, tokens in env."""
    return TestTenant.create(
        f"t{next(_tenant_numbers)}", emulators, endpoints, tmp_path, monkeypatch
    )


@pytest.fixture
def another_tenant(
    tenant: TestTenant,
    emulators: Emulators,
    endpoints: Endpoints,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[..., TestTenant]:
    """Make a second tenant beside `tenant`: `another_tenant("twin", extra="...")`."""

    def create(suffix: str, extra: str = "") -> TestTenant:
        name = f"{tenant.name}-{suffix}"
        return TestTenant.create(name, emulators, endpoints, tmp_path, monkeypatch, extra=extra)

    return create
