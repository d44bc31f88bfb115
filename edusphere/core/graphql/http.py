"""GraphQL over HTTP: `POST /graphql` with a JSON body, `GET /graphql` for queries only.

Statuses: 400 for a request that is not a valid GraphQL request (bad JSON or JSON nested too
deep, text that cannot be stored, limits, syntax, a document or variables the schema refuses),
401 for a bad access token, 405 for a mutation over GET (a subscription is a 400: it is served
over `/ws`), and 200 once execution has started
(field errors travel in `errors`, each with `extensions.code`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sanic.response import json as json_response

from edusphere.core import jsonvalue
from edusphere.core.errors import AppError, bad_input, unauthenticated
from edusphere.core.graphql.context import RequestContext
from edusphere.core.graphql.limits import check_document
from edusphere.core.http import error_response
from edusphere.core.runtime import Runtime
from edusphere.core.text import find_unstorable

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
        if info.operation == "subscription":
            raise bad_input("Subscriptions are served over the socket, `/ws` (graphql-transport-ws)")
        if request.method == "GET" and info.operation != "query":
            return error_response(bad_input("Only queries may be sent with GET; use POST"), status=405)
        admitted = request.app.ctx.engine.admit(params.query, params.operation_name, params.variables)
        viewer = await authenticate_request(request, runtime)
    except AppError as error:
        return error_response(error)
    context = RequestContext(runtime=runtime, viewer=viewer, client_address=client_address(request))
    result = await request.app.ctx.engine.run(
        admitted, context=context, time_limit=runtime.settings.graphql.timeout_seconds
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
        raw = _json_or_none(request.body, "body")
    return request_from_json(raw)


def request_from_json(raw: Any, *, storable: bool = False) -> GraphQLRequest:
    """The request in a decoded JSON object (an HTTP body, a socket's `subscribe` payload).
    Every string in it, keys included, must be storable text: a U+0000 or a lone surrogate
    would otherwise fail far from the client (PostgreSQL refuses one, UTF-8 cannot encode the
    other). The query's own string literals are checked with the document (see `limits`).
    `storable`: the caller knows that no string in `raw` holds either (the socket reads it off
    the message's text: see `ws`)."""
    if jsonvalue.depth_exceeds(raw):
        raise bad_input(f"The request is nested deeper than {jsonvalue.MAX_DEPTH} levels")
    unstorable = None if storable else find_unstorable(raw)
    if unstorable is not None:
        where, reason = unstorable
        # `field` names the input field, as the services' own checks do; `path` says where.
        field = where.rsplit(".", 1)[-1].split("[", 1)[0]
        raise bad_input(f"`{where}` {reason}", field=field, path=where)
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


def _json_or_none(text: str | bytes | None, what: str) -> Any:
    """Decoded JSON, bounded in depth; bytes must be UTF-8 (or UTF-16/32, as JSON allows)."""
    if not text:
        return None
    try:
        return jsonvalue.loads(text)
    except jsonvalue.InvalidJSON as error:
        raise bad_input(f"The {what} is {error}") from None
