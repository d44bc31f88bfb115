"""The media routes' error shape, `{"error": {"code", "message"}}`, with its HTTP status.

Every failure a client can cause on `/media/...` is one of these; nothing reaches Sanic's
error handler (which would answer GraphQL's `{"errors": [...]}` shape).
"""

from __future__ import annotations

from sanic.response import HTTPResponse, json

from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.http import STATUS_BY_CODE


class MediaError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def __repr__(self) -> str:
        return f"MediaError({self.status}, {self.code}, {self.message!r})"


def bad_input(message: str) -> MediaError:
    return MediaError(400, "BAD_USER_INPUT", message)


def unauthenticated(message: str = "Send the access token as `Authorization: Bearer <token>`") -> MediaError:
    return MediaError(401, "UNAUTHENTICATED", message)


def forbidden(message: str) -> MediaError:
    return MediaError(403, "FORBIDDEN", message)


def lesson_locked(message: str) -> MediaError:
    """A lesson's file before its module opens to the learner (drip release); the message says when."""
    return MediaError(403, "LESSON_LOCKED", message)


def not_found(what: str) -> MediaError:
    return MediaError(404, "NOT_FOUND", f"{what} not found")


def conflict(message: str) -> MediaError:
    return MediaError(409, "CONFLICT", message)


def too_large(limit: int) -> MediaError:
    return MediaError(413, "PAYLOAD_TOO_LARGE", f"The upload is larger than the limit of {limit} bytes")


def from_app_error(error: AppError) -> MediaError:
    status = STATUS_BY_CODE.get(error.code, 400)
    return MediaError(status, error.code.value if error.code is not ErrorCode.INTERNAL else "INTERNAL", error.message)


def error_response(error: MediaError, headers: dict[str, str] | None = None) -> HTTPResponse:
    return json(
        {"error": {"code": error.code, "message": error.message}},
        status=error.status,
        headers={**error.headers, **(headers or {})},
    )
