"""In-memory emulator of the 24SevenOffice Lønn (payroll) REST API."""

from __future__ import annotations

from emulators.payroll.app import create_app
from emulators.payroll.errors import (
    PayrollConflictError,
    PayrollNotFoundError,
    PayrollValidationError,
)
from emulators.payroll.state import PayrollCompany, PayrollState

__all__ = [
    "PayrollCompany",
    "PayrollConflictError",
    "PayrollNotFoundError",
    "PayrollState",
    "PayrollValidationError",
    "create_app",
]
