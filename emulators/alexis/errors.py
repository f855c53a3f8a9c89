"""Error responses in the NestJS shape the AlexisHR service returns."""

from __future__ import annotations

from typing import Any

_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal server error",
}


class ApiError(Exception):
    """An HTTP error that the app renders as `{"statusCode", "message", "error"}`."""

    def __init__(self, status_code: int, message: str | list[str]) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message

    def body(self) -> dict[str, Any]:
        """Return the JSON body NestJS's built-in HTTP exceptions produce."""
        return {
            "statusCode": self.status_code,
            "message": self.message,
            "error": _REASONS.get(self.status_code, "Error"),
        }


def bad_request(messages: list[str]) -> ApiError:
    """Build a 400 whose message is a list, as NestJS's ValidationPipe reports class-validator."""
    return ApiError(400, messages)


def unauthorized() -> ApiError:
    """Build the 401 returned for a missing, malformed or unknown bearer token."""
    return ApiError(401, "Unauthorized")


def not_found(message: str = "Not Found") -> ApiError:
    """Build a 404; unmatched routes use NestJS's `Cannot GET /path` message instead."""
    return ApiError(404, message)
