"""Edit tenant files in place (comments kept): pause, resume, enable or disable a schedule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import tomlkit
from tomlkit.items import Table

from config.tenants import load_tenant, tenants_dir
from schemas.kinds import SyncKind
from schemas.tenant import TenantConfig


def _edit(name: str, directory: str | Path | None, change: Any) -> TenantConfig:
    """Apply `change(document)` to a tenant file, write it only if it still validates."""
    path = tenants_dir(directory) / f"{name}.toml"
    load_tenant(name, directory)  # a broken file is reported, not edited
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    before = tomlkit.dumps(document)
    change(document)
    text = tomlkit.dumps(document)
    path.write_text(text, encoding="utf-8")
    try:
        return load_tenant(name, directory)
    except ValueError:
        path.write_text(before, encoding="utf-8")
        raise


def set_paused(name: str, paused: bool, directory: str | Path | None = None) -> TenantConfig:
    """Set the tenant's `paused` flag (no scheduled runs while true)."""

    def change(document: tomlkit.TOMLDocument) -> None:
        document["paused"] = paused

    return _edit(name, directory, change)


def tomorrow(config: TenantConfig, now: datetime | None = None) -> date:
    """The next calendar day in the tenant's time zone."""
    current = now or datetime.now(ZoneInfo(config.timezone))
    return current.astimezone(ZoneInfo(config.timezone)).date() + timedelta(days=1)


def _table(document: tomlkit.TOMLDocument, *path: str) -> Table:
    """The table at `path` (`employees`, `schedule`), made empty where it is missing."""
    holder: Any = document
    for key in path:
        found = holder.get(key)
        if not isinstance(found, Table):
            found = tomlkit.table()
            holder[key] = found
        holder = found
    return cast(Table, holder)


def set_schedule(
    name: str,
    kind: SyncKind,
    enabled: bool,
    *,
    days: Sequence[str] | None = None,
    time: str | None = None,
    directory: str | Path | None = None,
    now: datetime | None = None,
) -> TenantConfig:
    """Enable or disable the schedule of a sync kind, optionally changing days and time.

    Enabling sets `start` to the next day: the first scheduled run is the next day's slot, as
    AlexisHR's integration queues it ("shortly after 06:00 CET the following day").
    """
    first_day = tomorrow(load_tenant(name, directory), now)

    def change(document: tomlkit.TOMLDocument) -> None:
        schedule = _table(document, kind.value, "schedule")
        schedule["enabled"] = enabled
        if days is not None:
            schedule["days"] = list(days)
        if time is not None:
            schedule["time"] = time
        if enabled:
            schedule["start"] = first_day

    return _edit(name, directory, change)


def set_incremental(
    name: str,
    enabled: bool,
    *,
    every_minutes: int | None = None,
    days: Sequence[str] | None = None,
    hours: tuple[int, int] | None = None,
    directory: str | Path | None = None,
) -> TenantConfig:
    """Enable or disable `[employees.incremental]`, optionally changing interval, days, hours.

    The file is refused (and left as it was) where it would not validate, e.g. an incremental
    schedule without the full reconcile's `[employees.schedule]`.
    """

    def change(document: tomlkit.TOMLDocument) -> None:
        incremental = _table(document, SyncKind.employees.value, "incremental")
        incremental["enabled"] = enabled
        if every_minutes is not None:
            incremental["every_minutes"] = every_minutes
        if days is not None:
            incremental["days"] = list(days)
        if hours is not None:
            incremental["first_hour"], incremental["last_hour"] = hours

    return _edit(name, directory, change)
