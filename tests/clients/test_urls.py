"""Where a token may travel: https anywhere, plain http only to loopback; TLS always verified."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from clients.alexis import AlexisClient
from clients.errors import ApiError
from clients.http import HttpSettings, build_http_client
from clients.payroll import PayrollClient
from clients.urls import insecure_url_problem, is_loopback
from tests.clients.helpers import fast_settings

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True), ("127.255.0.9", True), ("localhost", True), ("LocalHost.", True),
        ("::1", True), ("[::1]", True), ("0:0:0:0:0:0:0:1", True),
        ("0.0.0.0", False), ("10.0.0.1", False), ("128.0.0.1", False), ("::", False),
        ("::ffff:10.0.0.1", False), ("localhost.example", False), ("mylocalhost", False),
        ("127.0.0.1.example", False), ("api.alexishr.com", False), ("", False),
    ],
)  # fmt: skip
def test_loopback_is_127_slash_8_ipv6_one_and_localhost(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://api.alexishr.com/v1", True),
        ("http://127.0.0.1:8101/v1", True),
        ("http://localhost/api", True),
        ("http://[::1]:9/api", True),
        ("http://api.alexishr.com/v1", False),
        ("http://user:pw@127.0.0.1.example/v1", False),
        ("http:///v1", False),
        ("ftp://files.test/v1", True),  # not sent at all: httpx refuses the scheme
    ],
)
def test_insecure_url_problem(url: str, allowed: bool) -> None:
    assert (insecure_url_problem(url) is None) is allowed


@pytest.mark.parametrize(
    "connect",
    [
        lambda url: AlexisClient.connect(url, "secret-token"),
        lambda url: PayrollClient.connect(url, "secret-token"),
    ],
)
def test_clients_refuse_plain_http_to_a_remote_host(connect: object) -> None:
    with pytest.raises(ValueError, match="plain http:// to api.example.com"):
        connect("http://api.example.com/v1")  # type: ignore[operator]


async def test_an_in_process_transport_may_use_any_url() -> None:
    # Nothing leaves the process through an injected transport (tests reach emulators so).
    app = httpx.MockTransport(lambda request: httpx.Response(200, json={}))
    async with build_http_client("http://alexis.test/v1", HttpSettings(), transport=app) as http:
        assert (await http.get("/company")).status_code == 200


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    loopback = x509.SubjectAlternativeName([x509.IPAddress(ip_address("127.0.0.1"))])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(loopback, critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class _Company(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        body = (
            b'{"status":"success","data":[{"id":"c1","name":"Acme"}],'
            b'"total":1,"count":1,"offset":0,"limit":100}'
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def self_signed_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTPS server on loopback whose certificate no public CA signed; (base URL, cert)."""
    cert, key = _self_signed(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Company)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/v1", cert
    finally:
        server.shutdown()
        server.server_close()


async def test_tls_certificates_are_verified_even_on_loopback(
    self_signed_server: tuple[str, Path],
) -> None:
    url, cert = self_signed_server
    settings = fast_settings(max_attempts=1)

    async with AlexisClient.connect(url, "secret-token", settings) as client:
        with pytest.raises(ApiError, match="no response") as raised:
            await client.company()
    assert "secret-token" not in str(raised.value)

    # The same server, trusted explicitly: the refusal above was the certificate check.
    trusting = httpx.AsyncHTTPTransport(verify=ssl.create_default_context(cafile=str(cert)))
    async with AlexisClient.connect(url, "secret-token", settings, trusting) as client:
        assert (await client.company()).name == "Acme"
