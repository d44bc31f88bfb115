"""The one error clients ever see.

Hierarchy::

    Exception
     └── AppError            message + ErrorCode; raised by service functions, rendered by
                             every transport (GraphQL, HTTP, WebSocket) as
                             {"message": ..., "extensions": {"code": ...}}

Anything else that escapes a resolver is a bug: it is logged with its traceback and the client
gets INTERNAL with a generic message, never the traceback.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    RATE_LIMITED = "RATE_LIMITED"
    # A payment provider refused or did not answer; the message is the provider's own.
    PROVIDER_ERROR = "PROVIDER_ERROR"
    INTERNAL = "INTERNAL"


INTERNAL_MESSAGE = "Internal server error"


class AppError(Exception):
    def __init__(self, code: ErrorCode, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def as_graphql(self) -> dict[str, Any]:
        extensions: dict[str, Any] = {"code": self.code.value, **self.details}
        return {"message": self.message, "extensions": extensions}

    def __repr__(self) -> str:
        return f"AppError({self.code.value}, {self.message!r})"


def bad_input(message: str, **details: Any) -> AppError:
    return AppError(ErrorCode.BAD_USER_INPUT, message, **details)


def not_found(what: str) -> AppError:
    return AppError(ErrorCode.NOT_FOUND, f"{what} not found")


def forbidden(message: str = "You are not allowed to do this") -> AppError:
    return AppError(ErrorCode.FORBIDDEN, message)


def unauthenticated(message: str = "Authentication required") -> AppError:
    return AppError(ErrorCode.UNAUTHENTICATED, message)


def conflict(message: str) -> AppError:
    return AppError(ErrorCode.CONFLICT, message)
