"""What a hostile request gets at the GraphQL door, over HTTP and over the socket: a client error
(400 or BAD_USER_INPUT with a message), never a 500 or INTERNAL, and nothing stored wrong.

Issue 11: #10 (deep variables, fragments at a subscription's root, wrongly typed arguments, nested
lists), #15 (escapes in the document's own string literals), and the door part of #3/#21 (U+0000
and lone surrogates anywhere in a request)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sanic import Sanic
from websockets.exceptions import ConnectionClosed

from edusphere.core.runtime import Runtime
from edusphere.courses.models import Course
from tests.chat.factories import classroom
from tests.core.test_graphql_ws import acked, receive, send, socket
from tests.courses import factories
from tests.helpers import GraphQLClient

ROOM_EVENTS = "subscription($room: ID!, $since: Int) { roomEvents(roomId: $room, since: $since) { seq } }"


async def post(http: httpx.AsyncClient, body: bytes, token: str | None = None) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    return await http.post("/graphql", content=body, headers=headers)


def client_error(response: httpx.Response) -> str:
    """The response is a client error with one message; the message."""
    assert response.status_code in (200, 400), response.text
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"] * len(errors), errors
    message: str = errors[0]["message"]
    return message


async def over_socket(app: Sanic, payload: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    """The first answer to one `subscribe` on a fresh socket."""
    async with socket(app) as ws:
        await acked(ws, token)
        await send(ws, {"id": "1", "type": "subscribe", "payload": payload})
        return await receive(ws)


def socket_error(message: dict[str, Any]) -> str:
    assert message["type"] == "error", message
    assert [e["extensions"]["code"] for e in message["payload"]] == ["BAD_USER_INPUT"], message
    text: str = message["payload"][0]["message"]
    return text


# --- #10: variables nested 5,000 deep ---------------------------------------------------------


async def test_variables_nested_thousands_deep_are_a_400(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    deep = "[" * 5000 + "]" * 5000
    body = ('{"query": "query($v: [Int]) { __typename }", "variables": {"v": ' + deep + "}}").encode()
    response = await post(http, body)
    assert response.status_code == 400
    assert "nested deeper" in client_error(response)
    deep_enough = "[" * 1000 + "]" * 1000  # a URL has room for less
    get = await http.get("/graphql", params={"query": "{ __typename }", "variables": '{"v": ' + deep_enough + "}"})
    assert get.status_code == 400
    assert (await gql("{ __typename }")).ok() == {"__typename": "Query"}


# --- #10: wrongly typed and nested-list arguments ---------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        '{ courses(filter: {categorySlugs: [["x"]]}) { totalCount } }',
        '{ courses(filter: {categorySlugs: [[["x"]]], priceMin: [1]}) { totalCount } }',
        '{ courses(first: "5") { totalCount } }',
        "{ course(slug: [[1]]) { id } }",
    ],
)
async def test_wrong_literal_arguments_are_bad_input(gql: GraphQLClient, query: str) -> None:
    result = await gql(query)
    assert result.status == 400
    assert result.error_code == "BAD_USER_INPUT"
    assert result.data is None


async def test_wrong_variable_types_are_bad_input(gql: GraphQLClient) -> None:
    query = "query($f: CourseFilter) { courses(filter: $f) { totalCount } }"
    for variables in ({"f": {"categorySlugs": [["x"]]}}, {"f": {"priceMin": "5"}}, {"f": {"nope": 1}}):
        result = await gql(query, variables)
        assert (result.status, result.error_code) == (400, "BAD_USER_INPUT"), result.body


async def test_since_as_a_string_is_bad_input_over_the_socket(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    literal = 'subscription { roomEvents(roomId: "' + room.room_id + '", since: "5") { seq } }'
    assert "Int" in socket_error(await over_socket(app, {"query": literal}, room.learner.access_token))
    typed = {"query": ROOM_EVENTS, "variables": {"room": room.room_id, "since": "5"}}
    socket_error(await over_socket(app, typed, room.learner.access_token))
    for since in ([5], {"a": 1}, 1.5, True):
        typed = {"query": ROOM_EVENTS, "variables": {"room": room.room_id, "since": since}}
        socket_error(await over_socket(app, typed, room.learner.access_token))


# --- #10/#21: the root of a subscription --------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "subscription { __typename }",
        'subscription { ... on Subscription { roomEvents(roomId: "1") { seq } } }',
        'subscription { ...F } fragment F on Subscription { roomEvents(roomId: "1") { seq } }',
        'subscription S { ...F } fragment F on Subscription { ... { roomEvents(roomId: "1") { seq } } }',
        'subscription { a: roomEvents(roomId: "1") { seq } b: roomEvents(roomId: "2") { seq } }',
    ],
)
async def test_a_subscription_root_other_than_one_plain_field_is_bad_input(app: Sanic, query: str) -> None:
    socket_error(await over_socket(app, {"query": query}))


# --- #15: escapes in the document's own string literals ------------------------------------------


async def test_unicode_escapes_in_a_literal_are_read_as_the_character(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    assert (await gql('{ course(slug: "caf\\u00e9") { title } }')).error_code == "NOT_FOUND"
    titles = {
        "x\\u0141y": "xŁy",
        "x\\u4E2Dy": "x中y",
        "x\\uD83D\\uDE00y": "x😀y",
        "x\\u{1F600}y": "x😀y",
        'q\\"b\\\\s\\/ \\u00e9': 'q"b\\s/ é',
    }
    for escaped, text in titles.items():
        mutation = 'mutation { createCourse(input: {title: "' + escaped + '"}) { id title } }'
        created = (await gql(mutation, token=author.access_token)).ok()["createCourse"]
        assert created["title"] == text
        assert (await Course.get(id=created["id"])).title == text


# --- the door (#3/#21): U+0000 and lone surrogates anywhere in a request ---------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"query": "query($s: String!) { course(slug: $s) { id } }", "variables": {"s": "a\u0000b"}},
        {"query": "query($s: String!) { course(slug: $s) { id } }", "variables": {"s": "\ud800"}},
        {"query": '{ course(slug: "a\\u0000b") { id } }'},
        {"query": '{ courses(filter: {text: "\\u0000"}) { totalCount } }'},
        {"query": "{ __typename } # \ud800"},
        {"query": "{ __typename }", "variables": {"\ud800": 1}},
        {"query": "{ __typename }", "operationName": "\u0000"},
    ],
)
async def test_nul_and_lone_surrogates_are_refused_at_the_door(http: httpx.AsyncClient, body: dict[str, Any]) -> None:
    raw = json.dumps(body).encode()  # ASCII, with \\u escapes: what a client's JSON encoder sends
    response = await post(http, raw)
    assert response.status_code == 400
    client_error(response)


async def test_a_lone_surrogate_query_over_the_socket_is_bad_input(app: Sanic) -> None:
    assert "surrogate" in socket_error(await over_socket(app, {"query": "{ __typename } # \ud800"}))
    assert "NUL" in socket_error(await over_socket(app, {"query": '{ course(slug: "\\u0000") { id } }'}))


async def test_a_body_that_is_not_utf8_is_a_400(http: httpx.AsyncClient) -> None:
    response = await post(http, b'{"query": "{ course(slug: \\"\xff\\") { id } }"}')
    assert response.status_code == 400
    client_error(response)


# --- odd but harmless documents: an answer, never INTERNAL ------------------------------------


async def test_a_subscription_over_http_is_bad_input(gql: GraphQLClient) -> None:
    result = await gql('subscription { roomEvents(roomId: "x") { seq } }')
    assert (result.status, result.error_code) == (400, "BAD_USER_INPUT")
    assert "/ws" in result.errors[0]["message"]


@pytest.mark.parametrize(
    "query",
    [
        '"a description" query { __typename }',
        "{ courses(first: 99999999999999999999) { totalCount } }",
        "{ courses(filter: {ratingMin: 1e400}) { totalCount } }",
        '{ __typename @include(if: "x") }',
        "{ __typename @deprecated }",
        '{ course(slug: """ a \n   b """) { id } }',
        "\ufeff{ __typename }",
        '{ apiVersion(x: 1) } # "',
        'query Q($a: Int = "x") { __typename }',
        "{ a: __typename a: apiVersion }",
        "mutation { __typename }",
        "{ courses(sort: NOPE) { totalCount } }",
        '{ courses(after: "\\u00e9\\u00e9") { totalCount } }',
    ],
)
async def test_odd_documents_get_an_answer_not_internal(gql: GraphQLClient, query: str) -> None:
    result = await gql(query)
    assert result.status in (200, 400)
    assert all(e["extensions"]["code"] != "INTERNAL" for e in result.errors), result.body


async def test_deep_or_unstorable_variables_over_the_socket_are_bad_input(app: Sanic) -> None:
    deep: Any = "x"
    for _ in range(200):
        deep = [deep]
    query = "query($v: [String]) { __typename }"
    # A frame nested this deep is not a graphql-transport-ws message at all: the socket closes 4400.
    async with socket(app) as ws:
        await acked(ws, None)
        await send(ws, {"id": "1", "type": "subscribe", "payload": {"query": query, "variables": {"v": deep}}})
        with pytest.raises(ConnectionClosed) as closed:
            await receive(ws)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4400
    assert "nested deeper" in closed.value.rcvd.reason
    assert "NUL" in socket_error(await over_socket(app, {"query": query, "variables": {"v": ["a\u0000"]}}))
    assert "surrogate" in socket_error(await over_socket(app, {"query": query, "variables": {"\udc00": 1}}))
