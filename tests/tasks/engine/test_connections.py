"""Token resolution: a tenant reads only its own token references, exactly."""

from __future__ import annotations

import asyncio

import pytest

from schemas.tenant import Endpoint, TenantConfig
from tasks.engine.connections import MissingCredentialError, resolve_token


def config(alexis_token: str) -> TenantConfig:
    # Built without validation, as code other than the tenant-file loader could build one.
    return TenantConfig.model_construct(
        name="acme",
        alexis=Endpoint(base_url="https://a.test/v1", token=alexis_token),
        payroll=Endpoint(base_url="https://p.test/api", token="env:HRSYNC_ACME_PAYROLL_TOKEN"),
    )


@pytest.mark.parametrize(
    "reference",
    ["env:HRSYNC_ACME_X_ALEXIS_TOKEN", "env:HRSYNC_OTHER_ALEXIS_TOKEN",
     "env:HRSYNC_ACME_PAYROLL_TOKEN", "prefect-secret:acme-x-alexis"],
)  # fmt: skip
def test_another_tenants_reference_is_never_resolved(
    reference: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(reference.partition(":")[2], "someone-elses-token")
    tenant = config(reference)

    with pytest.raises(MissingCredentialError, match="is not one of this tenant's own") as raised:
        asyncio.run(resolve_token(tenant, "alexis", tenant.alexis))
    assert "someone-elses-token" not in str(raised.value)


def test_the_tenants_own_variable_is_resolved(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRSYNC_ACME_ALEXIS_TOKEN", "acme-token")
    tenant = config("env:HRSYNC_ACME_ALEXIS_TOKEN")

    assert asyncio.run(resolve_token(tenant, "alexis", tenant.alexis)) == "acme-token"
