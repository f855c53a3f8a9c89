"""In-memory emulator of the AlexisHR public REST API v1, served as an ASGI app."""

from __future__ import annotations

from emulators.alexis.app import create_app
from emulators.alexis.state import AlexisCompany, AlexisState
from emulators.alexis.timestamps import local_midnight_utc

__all__ = ["AlexisCompany", "AlexisState", "create_app", "local_midnight_utc"]
