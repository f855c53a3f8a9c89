"""Reading tenant files: the folder, missing files, bad TOML, names that are not slugs."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.tenants import TenantConfigError, list_tenants, load_tenant, tenants_dir
from tests.schemas.test_tenant import tenant_file, write


def test_file_that_is_not_toml(tmp_path: Path) -> None:
    path = write(tmp_path, "acme", "[alexis\nbase_url = ")

    with pytest.raises(TenantConfigError, match="not valid TOML") as raised:
        load_tenant("acme", tmp_path)

    assert str(raised.value).startswith(f"{path}: ")


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(TenantConfigError) as raised:
        load_tenant("acme", tmp_path)

    assert str(raised.value) == f"{tmp_path / 'acme.toml'}: no such tenant file"


@pytest.mark.parametrize("name", ["Acme", "../acme", "acme.toml", "", "-acme"])
def test_tenant_names_are_slugs(tmp_path: Path, name: str) -> None:
    with pytest.raises(TenantConfigError, match="is not a tenant name"):
        load_tenant(name, tmp_path)


def test_tenants_dir_argument_then_environment_then_packaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HRSYNC_TENANTS_DIR", raising=False)
    packaged = tenants_dir()
    monkeypatch.setenv("HRSYNC_TENANTS_DIR", str(tmp_path / "env"))

    assert tenants_dir(tmp_path / "given") == tmp_path / "given"
    assert tenants_dir() == tmp_path / "env"
    assert packaged.name == "tenants" and (packaged / "nordlys.toml").is_file()


def test_list_tenants(tmp_path: Path) -> None:
    write(tmp_path, "acme", tenant_file())
    write(tmp_path, "beta", tenant_file())
    (tmp_path / "notes.txt").write_text("not a tenant")

    assert list_tenants(tmp_path) == ["acme", "beta"]
