"""Errors the payroll emulator raises; the HTTP layer maps each to one status code."""

from __future__ import annotations


class PayrollValidationError(ValueError):
    """A rejected write (HTTP 400); nothing was stored.

    Args:
        field: The offending field, dotted for nested values (``internationalID.type``).
        message: A sentence a person can act on.
        index: Position of the offending item when a whole array was rejected.
    """

    def __init__(self, field: str, message: str, *, index: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.index = index

    def to_body(self) -> dict[str, object]:
        """The JSON body of the 400 response."""
        body: dict[str, object] = {"error": self.message, "field": self.field}
        if self.index is not None:
            body["index"] = self.index
        return body


class PayrollNotFoundError(LookupError):
    """A path names a record that does not exist (HTTP 404)."""


class PayrollConflictError(ValueError):
    """A create collides with an existing record (HTTP 409)."""
