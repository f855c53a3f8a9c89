"""The tenant file's `[approval]` and `[brake]`: defaults, chosen fields, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.tenants import TenantConfigError, load_tenant
from schemas.approval import RISKY_FIELDS
from tests.schemas.test_tenant import tenant_file, write


def test_defaults_hold_the_issues_fields_and_thresholds(tmp_path: Path) -> None:
    write(tmp_path, "acme", tenant_file())

    config = load_tenant("acme", tmp_path)

    assert config.approval.enabled and config.approval.fields == RISKY_FIELDS
    assert config.approval.salary_change_percent == 10
    assert (config.brake.max_share, config.brake.max_per_field) == (0.2, 10)


def test_a_tenant_chooses_its_fields_and_thresholds(tmp_path: Path) -> None:
    extra = """
[approval]
fields = ["account", "enddate"]
salary_change_percent = 5
timeout_seconds = 600

[brake]
max_share = 0.5
max_per_field = 3
"""
    write(tmp_path, "acme", tenant_file() + extra)

    config = load_tenant("acme", tmp_path)

    assert config.approval.fields == ("account", "enddate")
    assert config.approval.timeout_seconds == 600
    assert config.brake.tripped_by(2, 4, {"city": 3}) is False
    assert config.brake.tripped_by(3, 4, {}) and config.brake.tripped_by(1, 4, {"city": 4})


@pytest.mark.parametrize(
    ("extra", "message"),
    [('[approval]\nfields = ["acount"]\n', "not payroll integration fields: acount"),
     ("[brake]\nmax_share = 2\n", "max_share"),
     ("[approval]\ntimeout = 5\n", "timeout")],
)  # fmt: skip
def test_a_wrong_setting_is_named(tmp_path: Path, extra: str, message: str) -> None:
    write(tmp_path, "acme", tenant_file() + "\n" + extra)

    with pytest.raises(TenantConfigError, match=message):
        load_tenant("acme", tmp_path)
