"""AlexisHR paged reads: the rows merged over every page, and the checks that they add up."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clients.alexis_records import ListEnvelope
from clients.errors import IncompleteReadError

Record = dict[str, Any]


@dataclass
class Page:
    """All rows of a list call plus the side-loaded relations, merged over every page.

    Rows are kept once per id: a row seen again with the same content is dropped, one seen
    again with other content makes the read untrustworthy (`IncompleteReadError`).
    """

    data: list[Record] = field(default_factory=list)
    relations: dict[str, list[Record]] = field(default_factory=dict)
    _by_id: dict[str, Record] = field(default_factory=dict, repr=False)

    def add(self, envelope: ListEnvelope) -> str | None:
        """Merge one page; return why the read cannot be trusted, or None when it can."""
        for row in envelope.data:
            row_id = row.get("id") if isinstance(row, dict) else None
            if not isinstance(row_id, str):
                self.data.append(row)  # a null or id-less row is the quarantine's to judge
                continue
            seen = self._by_id.get(row_id)
            if seen is None:
                self._by_id[row_id] = row
                self.data.append(row)
            elif seen != row:
                return "one id came back twice with different content"
        for name, rows in (envelope.relations or {}).items():
            known = {row.get("id") for row in self.relations.setdefault(name, [])}
            self.relations[name].extend(row for row in rows if row.get("id") not in known)
        return None


class PagedRead:
    """The bookkeeping of one paged read: where the rows ended, and whether they add up."""

    def __init__(self, service: str, path: str, total: int) -> None:
        self._service = service
        self._path = path
        self.total = total
        self.end = 0

    def _incomplete(self, detail: str) -> IncompleteReadError:
        return IncompleteReadError(self._service, "GET", self._path, 200, detail)

    async def accept(self, page: Page, envelope: ListEnvelope, offset: int) -> None:
        """Take one page read at `offset`, or raise if it contradicts the pages before."""
        if envelope.total != self.total:
            raise self._incomplete(
                f"total changed from {self.total} to {envelope.total} between pages"
            )
        if envelope.count != len(envelope.data):
            raise self._incomplete(
                f"a page says count {envelope.count} but holds {len(envelope.data)} rows"
            )
        if not envelope.data and offset < self.total:
            raise self._incomplete(
                f"{len(page.data)} of total {self.total} rows arrived, then an empty page"
            )
        conflict = page.add(envelope)
        if conflict:
            raise self._incomplete(conflict)
        self.end = offset + len(envelope.data)

    def check_complete(self, page: Page) -> None:
        """Raise unless exactly `total` distinct rows arrived."""
        if len(page.data) != self.total:
            raise self._incomplete(f"{len(page.data)} distinct rows of total {self.total}")
