"""What `hrsync demo`, `emulate` and `up` share: the emulators' ports and the demo tokens."""

from __future__ import annotations

import os

ALEXIS_PORT, PAYROLL_PORT = 8101, 8102


def demo_environment() -> None:
    """Point the demo tenants' token references at the emulators' demo tokens (unless set)."""
    from emulators.seed import DEMO_TENANTS

    for tenant in DEMO_TENANTS:
        prefix = f"HRSYNC_{tenant.name.upper()}_"
        os.environ.setdefault(f"{prefix}ALEXIS_TOKEN", tenant.alexis_token)
        os.environ.setdefault(f"{prefix}PAYROLL_TOKEN", tenant.payroll_token)
