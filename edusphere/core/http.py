"""HTTP plumbing shared by every route: the error shape, status codes, and CORS.

Errors leave as `{"errors": [{"message", "extensions": {"code"}}]}` whatever raised them, and
tracebacks stay in the log.
"""

from __future__ import annotations

import logging
from typing import Any

from sanic import Request, Sanic
from sanic.exceptions import SanicException
from sanic.handlers import ErrorHandler
from sanic.response import HTTPResponse, json

from edusphere.core.errors import INTERNAL_MESSAGE, AppError, ErrorCode

log = logging.getLogger(__name__)

STATUS_BY_CODE = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.BAD_USER_INPUT: 400,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.INTERNAL: 500,
}
_CODE_BY_STATUS = {status: code for code, status in STATUS_BY_CODE.items()}


def error_response(error: AppError, status: int | None = None) -> HTTPResponse:
    return json({"errors": [error.as_graphql()]}, status=status or STATUS_BY_CODE[error.code])


class JSONErrorHandler(ErrorHandler):
    def default(self, request: Request, exception: Exception) -> HTTPResponse:
        if isinstance(exception, AppError):
            return error_response(exception)
        if isinstance(exception, SanicException) and exception.status_code < 500:
            status = exception.status_code
            code = _CODE_BY_STATUS.get(status, ErrorCode.BAD_USER_INPUT)
            return error_response(AppError(code, str(exception.message or "Bad request")), status)
        log.error("unhandled error on %s %s", request.method, request.path, exc_info=exception)
        return error_response(AppError(ErrorCode.INTERNAL, INTERNAL_MESSAGE))


def install_cors(app: Sanic[Any, Any], allowed_origins: tuple[str, ...]) -> None:
    """Let browsers on `allowed_origins` call the API; same-origin use needs none of this."""
    allowed = frozenset(allowed_origins)

    @app.on_request(priority=100)  # type: ignore[call-arg]
    async def preflight(request: Request) -> HTTPResponse | None:
        origin = request.headers.get("origin")
        if request.method == "OPTIONS" and origin in allowed:
            return HTTPResponse(status=204, headers=_cors_headers(origin))
        return None

    @app.on_response
    async def add_headers(request: Request, response: HTTPResponse) -> None:
        origin = request.headers.get("origin")
        if origin in allowed:
            response.headers.update(_cors_headers(origin))


def _cors_headers(origin: str) -> dict[str, Any]:
    return {
        "access-control-allow-origin": origin,
        "access-control-allow-methods": "GET, POST, OPTIONS",
        "access-control-allow-headers": "authorization, content-type",
        "access-control-max-age": "600",
        "vary": "Origin",
    }
