"""Which base URLs may carry a token: https anywhere, plain http only to this machine."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

# `localhost` is loopback by RFC 6761; any other name could resolve anywhere, so only literal
# loopback addresses (127.0.0.0/8, ::1) and `localhost` count.
LOOPBACK_NAMES = frozenset({"localhost"})


def is_loopback(host: str) -> bool:
    """True for `localhost`, 127.0.0.0/8 and ::1 (brackets allowed), false for any other host."""
    name = host.strip("[]").lower().rstrip(".")
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def insecure_url_problem(url: str) -> str | None:
    """Why a token must not travel to `url`, or None when it may.

    Only `https://` goes over the network; plain `http://` is allowed to a loopback host alone
    (the local emulators, a tunnel's local end), where nothing crosses a wire. Other schemes
    are not judged here: httpx refuses to send anything to them.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme.lower() == "http" and not is_loopback(host):
        return (
            f"plain http:// to {host} would send the token unencrypted; use https:// "
            "(http:// is allowed only to 127.0.0.1, ::1 or localhost)"
        )
    return None
