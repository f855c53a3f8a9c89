"""Find and read the tenant files: the tenants folder, one TOML per tenant, clear errors."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import ValidationError

from schemas.tenant import TENANT_SLUG, TenantConfig

DEFAULT_TENANTS_DIR = Path(__file__).parent.parent / "deployments" / "tenants"


class TenantConfigError(ValueError):
    """A tenant file is missing or invalid; the message names the file and the key."""


def tenants_dir(override: str | Path | None = None) -> Path:
    """The folder of tenant files: the argument, `$HRSYNC_TENANTS_DIR`, or the packaged one."""
    chosen = override or os.environ.get("HRSYNC_TENANTS_DIR")
    return Path(chosen) if chosen else DEFAULT_TENANTS_DIR


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        key = ".".join(str(p) for p in item["loc"]) or "(file)"
        parts.append(f"{key}: {item['msg']}")
    return "; ".join(parts)


def load_tenant(name: str, directory: str | Path | None = None) -> TenantConfig:
    """Read and validate `<directory>/<name>.toml`.

    Raises:
        TenantConfigError: naming the file and every offending key.
    """
    if not TENANT_SLUG.match(name):
        raise TenantConfigError(f"{name!r} is not a tenant name (lower-case letters, digits, -)")
    path = tenants_dir(directory) / f"{name}.toml"
    if not path.is_file():
        raise TenantConfigError(f"{path}: no such tenant file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise TenantConfigError(f"{path}: not valid TOML: {error}") from None
    if data.get("name", name) != name:
        raise TenantConfigError(f"{path}: name: must equal the file name {name!r}")
    try:
        return TenantConfig.model_validate({"name": name, **data})
    except ValidationError as error:
        raise TenantConfigError(f"{path}: tenant {name}: {_describe(error)}") from None


def list_tenants(directory: str | Path | None = None) -> list[str]:
    """Names of all tenant files in the folder, sorted."""
    return sorted(p.stem for p in tenants_dir(directory).glob("*.toml"))
