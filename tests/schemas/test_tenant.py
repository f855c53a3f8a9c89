"""The tenant file: validation, token references bound to the tenant, errors naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.tenants import TenantConfigError, load_tenant
from schemas.tenant import TENANT_SLUG, TokenRef, own_token_refs

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
        ("nord-lys", "env:HRSYNC_NORD_LYS_ALEXIS_TOKEN", "prefect-secret:nord-lys-payroll"),
        ("nord-lys", "prefect-secret:nord-lys-alexis", "env:HRSYNC_NORD_LYS_PAYROLL_TOKEN"),
        ("a1", "env:HRSYNC_A1_ALEXIS_TOKEN", "env:HRSYNC_A1_PAYROLL_TOKEN"),
    ],
)
def test_token_references_of_the_tenant_itself_are_accepted(
    tmp_path: Path, name: str, alexis_token: str, payroll_token: str
) -> None:
    write(tmp_path, name, tenant_file(alexis_token, payroll_token))

    assert load_tenant(name, tmp_path).name == name


ACME_ALEXIS = "'env:HRSYNC_ACME_ALEXIS_TOKEN' or 'prefect-secret:acme-alexis'"
ACME_PAYROLL = "'env:HRSYNC_ACME_PAYROLL_TOKEN' or 'prefect-secret:acme-payroll'"


@pytest.mark.parametrize(
    ("alexis_token", "payroll_token", "message"),
    [
        # another tenant's, or a tenant whose name starts with ours (`acme-x`, `acmex`)
        ("env:HRSYNC_OTHER_ALEXIS_TOKEN", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        ("env:HRSYNC_ACME_X_ALEXIS_TOKEN", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        ("env:HRSYNC_ACMEX_ALEXIS_TOKEN", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        ("prefect-secret:acme-x-alexis", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        ("prefect-secret:acme-x", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        ("prefect-secret:acmeish-alexis", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        ("prefect-secret:other-alexis", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        # the tenant's own names with something before, after, or in another case
        ("env:HRSYNC_ACME_ALEXIS_TOKEN_OLD", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        ("env:X_HRSYNC_ACME_ALEXIS_TOKEN", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        ("env:hrsync_acme_alexis_token", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        ("env:HRSYNC_ACME_ALEXIS", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        ("env:HRSYNC_ACME_ALEXIS_TOKEN ", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        ("prefect-secret:acme-alexis-2", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        ("prefect-secret:ACME-alexis", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        # the other system's token of the same tenant
        ("env:HRSYNC_ACME_PAYROLL_TOKEN", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        ("env:HRSYNC_ACME_ALEXIS_TOKEN", "prefect-secret:acme-alexis", ACME_PAYROLL),
        ("env:ALEXIS_TOKEN", "env:HRSYNC_ACME_PAYROLL_TOKEN", ACME_ALEXIS),
        ("HRSYNC_ACME_ALEXIS_TOKEN", "env:HRSYNC_ACME_PAYROLL_TOKEN",
         "alexis.token must be 'env:VARIABLE' or 'prefect-secret:BLOCK_NAME'"),
        ("env:HRSYNC_ACME_ALEXIS_TOKEN", "vault:acme-payroll",
         "payroll.token must be 'env:VARIABLE' or 'prefect-secret:BLOCK_NAME'"),
    ],
)  # fmt: skip
def test_token_references_are_matched_exactly(
    tmp_path: Path, alexis_token: str, payroll_token: str, message: str
) -> None:
    path = write(tmp_path, "acme", tenant_file(alexis_token, payroll_token))

    with pytest.raises(TenantConfigError) as raised:
        load_tenant("acme", tmp_path)

    assert str(raised.value).startswith(f"{path}: tenant acme: ")
    assert message in str(raised.value)


def test_a_tenant_named_like_a_prefix_of_another_cannot_use_its_tokens(tmp_path: Path) -> None:
    # `acme` and `acme-x` both exist; each accepts only its own names, never the other's.
    write(tmp_path, "acme-x", VALID.format(
        alexis_token="env:HRSYNC_ACME_X_ALEXIS_TOKEN",
        payroll_token="prefect-secret:acme-x-payroll"))  # fmt: skip
    write(tmp_path, "acme", tenant_file("env:HRSYNC_ACME_X_ALEXIS_TOKEN"))

    assert load_tenant("acme-x", tmp_path).name == "acme-x"
    with pytest.raises(TenantConfigError, match="alexis.token must be"):
        load_tenant("acme", tmp_path)


@pytest.mark.parametrize(
    ("tenant", "env", "block"),
    [
        ("acme", "HRSYNC_ACME_ALEXIS_TOKEN", "acme-alexis"),
        ("nord-lys", "HRSYNC_NORD_LYS_ALEXIS_TOKEN", "nord-lys-alexis"),
        ("a-b-c", "HRSYNC_A_B_C_ALEXIS_TOKEN", "a-b-c-alexis"),
        ("x1-", "HRSYNC_X1__ALEXIS_TOKEN", "x1--alexis"),
    ],
)
def test_own_token_refs_normalise_the_tenant_name(tenant: str, env: str, block: str) -> None:
    assert [str(r) for r in own_token_refs(tenant, "alexis")] == [
        f"env:{env}",
        f"prefect-secret:{block}",
    ]


def test_no_two_tenant_names_share_a_token_reference() -> None:
    # The normalisation (upper case, `-` → `_`) is injective only because a tenant slug may
    # not hold `_` or capitals: prove both halves on names built to collide.
    names = ["acme", "acme-x", "acmex", "acme-", "acme--x", "a-cme", "ac-me-x", "acme-alexis",
             "acme-payroll", "x-alexis", "x"]  # fmt: skip
    refs = [str(r) for n in names for s in ("alexis", "payroll") for r in own_token_refs(n, s)]
    assert len(refs) == len(set(refs))
    for would_collide in ("acme_x", "ACME-X", "Acme"):
        assert not TENANT_SLUG.match(would_collide)


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


@pytest.mark.parametrize(
    "url",
    [
        "http://api.alexishr.com/v1",
        "http://10.0.0.5:8101/v1",
        "http://192.168.1.10/v1",
        "http://[2001:db8::1]/v1",
        "http://localhost.evil.example/v1",
        "http://127.0.0.1.nip.io/v1",
        "http://0.0.0.0:8101/v1",
        "HTTP://api.alexishr.com/v1",
    ],
)
def test_plain_http_to_a_host_that_is_not_loopback_is_refused(tmp_path: Path, url: str) -> None:
    path = write(tmp_path, "acme", tenant_file().replace("https://api.alexishr.com/v1", url))

    with pytest.raises(TenantConfigError) as raised:
        load_tenant("acme", tmp_path)

    message = str(raised.value)
    assert message.startswith(f"{path}: tenant acme: alexis.base_url: ")
    assert "plain http://" in message or "should match pattern" in message


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8101/v1",
        "http://127.8.9.10/v1",
        "http://localhost:8101/v1",
        "http://LOCALHOST/v1",
        "http://[::1]:8101/v1",
        "https://api.alexishr.com/v1",
        "https://10.0.0.5/v1",
    ],
)
def test_https_anywhere_and_plain_http_to_loopback_are_accepted(tmp_path: Path, url: str) -> None:
    write(tmp_path, "acme", tenant_file().replace("https://api.alexishr.com/v1", url))

    assert load_tenant("acme", tmp_path).alexis.base_url == url


@pytest.mark.parametrize(
    "setting",
    ["verify = false", "tls_verify = false", "insecure = true", 'verify = "/dev/null"'],
)
def test_tls_verification_cannot_be_switched_off_in_a_tenant_file(
    tmp_path: Path, setting: str
) -> None:
    text = tenant_file().replace("[payroll]\n", f"[payroll]\n{setting}\n")
    write(tmp_path, "acme", text)

    with pytest.raises(TenantConfigError, match="payroll.*Extra inputs are not permitted"):
        load_tenant("acme", tmp_path)


def test_leave_descriptions_are_not_sent_unless_the_tenant_says_so(tmp_path: Path) -> None:
    write(tmp_path, "acme", tenant_file())
    write(tmp_path, "beta", tenant_file().replace("ACME", "BETA").replace("acme", "beta")
          + "\n[absences]\nsend_leave_descriptions = true\n")  # fmt: skip

    assert load_tenant("acme", tmp_path).absences.send_leave_descriptions is False
    assert load_tenant("beta", tmp_path).absences.send_leave_descriptions is True
