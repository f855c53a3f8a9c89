"""The tenant file: validation, token references bound to the tenant, errors naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.tenant import TenantConfigError, TokenRef, list_tenants, load_tenant, tenants_dir

VALID = """\
display_name = "Acme AS"
timezone = "Europe/Oslo"

[alexis]
base_url = "https://api.alexishr.com/v1"
token = "{alexis_token}"

[payroll]
base_url = "https://payroll.24sevenoffice.com/api"
token = "{payroll_token}"
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def tenant_file(
    alexis_token: str = "env:HRSYNC_ACME_ALEXIS_TOKEN",
    payroll_token: str = "env:HRSYNC_ACME_PAYROLL_TOKEN",
) -> str:
    return VALID.format(alexis_token=alexis_token, payroll_token=payroll_token)


def test_valid_file_loads(tmp_path: Path) -> None:
    write(tmp_path, "acme", tenant_file())

    config = load_tenant("acme", tmp_path)

    assert (config.name, config.label, config.timezone) == ("acme", "Acme AS", "Europe/Oslo")
    assert str(config.alexis.token_ref) == "env:HRSYNC_ACME_ALEXIS_TOKEN"
    assert config.payroll.base_url == "https://payroll.24sevenoffice.com/api"


@pytest.mark.parametrize(
    ("name", "alexis_token", "payroll_token"),
    [
        ("acme", "prefect-secret:acme-alexis", "prefect-secret:acme-payroll"),
        ("acme", "env:HRSYNC_ACME_ALEXIS_TOKEN", "prefect-secret:acme-payroll"),
        ("nord-lys", "env:HRSYNC_NORD_LYS_ALEXIS", "prefect-secret:nord-lys-payroll"),
    ],
)
def test_token_references_of_the_tenant_itself_are_accepted(
    tmp_path: Path, name: str, alexis_token: str, payroll_token: str
) -> None:
    write(tmp_path, name, tenant_file(alexis_token, payroll_token))

    assert load_tenant(name, tmp_path).name == name


@pytest.mark.parametrize(
    ("alexis_token", "payroll_token", "message"),
    [
        ("env:HRSYNC_OTHER_ALEXIS_TOKEN", "env:HRSYNC_ACME_PAYROLL_TOKEN",
         "alexis.token must name a env starting with 'HRSYNC_ACME_'"),
        ("env:HRSYNC_ACME_ALEXIS_TOKEN", "env:HRSYNC_ACMEX_PAYROLL",
         "payroll.token must name a env starting with 'HRSYNC_ACME_'"),
        ("env:ALEXIS_TOKEN", "env:HRSYNC_ACME_PAYROLL_TOKEN",
         "alexis.token must name a env starting with 'HRSYNC_ACME_'"),
        ("prefect-secret:other-alexis", "env:HRSYNC_ACME_PAYROLL_TOKEN",
         "alexis.token must name a prefect-secret starting with 'acme-'"),
        ("prefect-secret:acmeish-alexis", "env:HRSYNC_ACME_PAYROLL_TOKEN",
         "alexis.token must name a prefect-secret starting with 'acme-'"),
        ("HRSYNC_ACME_ALEXIS_TOKEN", "env:HRSYNC_ACME_PAYROLL_TOKEN",
         "alexis.token must be 'env:VARIABLE' or 'prefect-secret:BLOCK_NAME'"),
        ("env:HRSYNC_ACME_ALEXIS_TOKEN", "vault:acme-payroll",
         "payroll.token must be 'env:VARIABLE' or 'prefect-secret:BLOCK_NAME'"),
    ],
)  # fmt: skip
def test_token_references_must_carry_the_tenant_name(
    tmp_path: Path, alexis_token: str, payroll_token: str, message: str
) -> None:
    path = write(tmp_path, "acme", tenant_file(alexis_token, payroll_token))

    with pytest.raises(TenantConfigError) as raised:
        load_tenant("acme", tmp_path)

    assert str(raised.value).startswith(f"{path}: ")
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        (tenant_file().replace("Europe/Oslo", "Mars/Olympus"), "timezone", "unknown time zone"),
        (tenant_file() + 'colour = "blue"\n', "colour", "Extra inputs are not permitted"),
        (tenant_file().replace("https://api.alexishr.com", "ftp://x"), "alexis.base_url",
         "should match pattern"),
        (tenant_file().split("[payroll]")[0], "payroll", "Field required"),
        ('name = "other"\n' + tenant_file(), "name", "must equal the file name 'acme'"),
    ],
)  # fmt: skip
def test_invalid_file_names_the_file_and_the_key(
    tmp_path: Path, text: str, key: str, problem: str
) -> None:
    path = write(tmp_path, "acme", text)

    with pytest.raises(TenantConfigError) as raised:
        load_tenant("acme", tmp_path)

    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert f"{key}: " in message and problem in message


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


@pytest.mark.parametrize("text", ["HRSYNC_X", "env:", "file:x", ":x"])
def test_token_ref_parse_refuses_anything_but_env_and_prefect_secret(text: str) -> None:
    with pytest.raises(ValueError, match="must be 'env:VARIABLE'"):
        TokenRef.parse(text)


def test_token_ref_round_trip() -> None:
    ref = TokenRef.parse("prefect-secret:acme-payroll")

    assert (ref.scheme, ref.name, str(ref)) == (
        "prefect-secret",
        "acme-payroll",
        "prefect-secret:acme-payroll",
    )


def test_each_endpoint_has_a_timeout_of_thirty_seconds_unless_set(tmp_path: Path) -> None:
    write(tmp_path, "acme", tenant_file() + "timeout_seconds = 2.5\n")  # in [payroll]

    config = load_tenant("acme", tmp_path)

    assert (config.alexis.timeout_seconds, config.payroll.timeout_seconds) == (30.0, 2.5)


@pytest.mark.parametrize("seconds", ["0", "-1", "301", '"soon"'])
def test_an_unusable_timeout_is_named(tmp_path: Path, seconds: str) -> None:
    write(tmp_path, "acme", tenant_file() + f"timeout_seconds = {seconds}\n")

    with pytest.raises(TenantConfigError, match=r"payroll\.timeout_seconds"):
        load_tenant("acme", tmp_path)
