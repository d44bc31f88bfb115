"""GraphQL over HTTP: `POST /graphql` with a JSON body, `GET /graphql` for queries only.

Statuses: 400 for a request that is not a valid GraphQL request (bad JSON, limits, syntax),
401 for a bad access token, 405 for a mutation over GET, and 200 once execution has started
(field errors travel in `errors`, each with `extensions.code`).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sanic.response import json as json_response

from edusphere.core.errors import AppError, ErrorCode, bad_input, unauthenticated
from edusphere.core.graphql.context import RequestContext
from edusphere.core.graphql.limits import check_document
from edusphere.core.http import error_response
from edusphere.core.runtime import Runtime

bp = Blueprint("graphql")

Authenticator = Callable[[Runtime, str], Awaitable[Any]]


@dataclass(frozen=True)
class GraphQLRequest:
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None


@bp.route("/graphql", methods=["GET", "POST"])
async def graphql(request: Request) -> HTTPResponse:
    runtime: Runtime = request.app.ctx.runtime
    try:
        params = parse_request(request)
        info = check_document(
            params.query, params.operation_name, runtime.settings.graphql, runtime.settings.introspection
        )
        if request.method == "GET" and info.operation != "query":
            return error_response(bad_input("Only queries may be sent with GET; use POST"), status=405)
        viewer = await authenticate_request(request, runtime)
    except AppError as error:
        return error_response(error)
    context = RequestContext(runtime=runtime, viewer=viewer, client_address=client_address(request))
    result = await request.app.ctx.engine.execute(
        params.query,
        variables=params.variables,
        operation_name=params.operation_name,
        context=context,
        time_limit=runtime.settings.graphql.timeout_seconds,
    )
    return json_response(result)


def parse_request(request: Request) -> GraphQLRequest:
    if request.method == "GET":
        raw: Any = {
            "query": request.args.get("query"),
            "variables": _json_or_none(request.args.get("variables"), "variables"),
            "operationName": request.args.get("operationName"),
        }
    else:
        if "application/json" not in request.headers.get("content-type", ""):
            raise bad_input("Send a JSON body with content-type: application/json")
        raw = _json_or_none(request.body.decode("utf-8", errors="replace"), "body")
    return request_from_json(raw)


def request_from_json(raw: Any) -> GraphQLRequest:
    if not isinstance(raw, dict):
        raise bad_input("The body must be a JSON object with a `query`")
    query, variables, operation_name = raw.get("query"), raw.get("variables"), raw.get("operationName")
    if not isinstance(query, str) or not query.strip():
        raise bad_input("`query` must be a non-empty string")
    if variables is not None and not isinstance(variables, dict):
        raise bad_input("`variables` must be a JSON object")
    if operation_name is not None and not isinstance(operation_name, str):
        raise bad_input("`operationName` must be a string")
    return GraphQLRequest(query, variables, operation_name)


async def authenticate_request(request: Request, runtime: Runtime) -> Any:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthenticated("Send the access token as `Authorization: Bearer <token>`")
    authenticate: Authenticator = request.app.ctx.authenticate
    return await authenticate(runtime, token.strip())


def client_address(request: Request) -> str:
    return str(request.remote_addr or request.ip or "")


def _json_or_none(text: str | None, what: str) -> Any:
    if text is None or text == "":
        return None
    try:
        return json.loads(text)
    except ValueError:
        raise AppError(ErrorCode.BAD_USER_INPUT, f"The {what} is not valid JSON") from None
