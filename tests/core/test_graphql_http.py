"""The GraphQL HTTP transport: every malformed request gets one error shape and changes nothing."""

import httpx
import pytest

from edusphere.auth.models import User
from tests.helpers import REGISTER, GraphQLClient, register_input


async def post_raw(http: httpx.AsyncClient, body: bytes, content_type: str = "application/json") -> httpx.Response:
    return await http.post("/graphql", content=body, headers={"content-type": content_type})


def assert_error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    errors = response.json()["errors"]
    assert errors[0]["extensions"]["code"] == code
    assert "Traceback" not in response.text
    message: str = errors[0]["message"]
    return message


async def test_typename_answers(gql: GraphQLClient) -> None:
    assert (await gql("{ __typename }")).body == {"data": {"__typename": "Query"}}


async def test_get_runs_queries(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "/graphql",
        params={"query": "query Q($x: Boolean!) { apiVersion @include(if: $x) }", "variables": '{"x": true}'},
    )
    assert response.status_code == 200
    assert response.json()["data"]["apiVersion"]


@pytest.mark.parametrize(
    ("body", "content_type", "fragment"),
    [
        (b"{not json", "application/json", "not valid JSON"),
        (b"[1, 2]", "application/json", "JSON object"),
        (b'{"query": ""}', "application/json", "non-empty string"),
        (b'{"query": 42}', "application/json", "non-empty string"),
        (b'{"query": "{ me { id } }", "variables": [1]}', "application/json", "`variables`"),
        (b'{"query": "{ me { id } }", "operationName": 3}', "application/json", "`operationName`"),
        (b"query { me { id } }", "text/plain", "content-type: application/json"),
    ],
)
async def test_malformed_requests_are_bad_input(
    http: httpx.AsyncClient, body: bytes, content_type: str, fragment: str
) -> None:
    message = assert_error(await post_raw(http, body, content_type), 400, "BAD_USER_INPUT")
    assert fragment in message


async def test_mutation_over_get_is_refused_and_changes_nothing(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "/graphql",
        params={
            "query": 'mutation { register(input: {email: "g@example.com", password: "long enough pw", '
            'displayName: "G", role: LEARNER}) { accessToken } }'
        },
    )
    assert_error(response, 405, "BAD_USER_INPUT")
    assert await User.all().count() == 0


async def test_syntax_errors_and_unknown_fields_are_bad_input(gql: GraphQLClient) -> None:
    syntax = await gql("{ me { id }")
    assert (syntax.status, syntax.error_code) == (400, "BAD_USER_INPUT")
    unknown = await gql("{ me { id password_hash } }")
    assert unknown.error_code == "BAD_USER_INPUT"
    assert unknown.data is None


async def test_deep_nesting_is_refused_and_the_server_survives(gql: GraphQLClient) -> None:
    deep = await gql("{" + "me {" * 200 + "id" + "}" * 201)
    assert (deep.status, deep.error_code) == (400, "BAD_USER_INPUT")
    assert (await gql("{ __typename }")).ok() == {"__typename": "Query"}


async def test_oversized_query_is_refused(gql: GraphQLClient) -> None:
    result = await gql("{ __typename }" + "#" * 25_000)
    assert (result.status, result.error_code) == (400, "BAD_USER_INPUT")


async def test_wrong_variable_types_change_nothing(gql: GraphQLClient) -> None:
    result = await gql(REGISTER, {"input": {"email": 5, "password": ["x"], "displayName": "A", "role": "KING"}})
    assert result.error_code == "BAD_USER_INPUT"
    assert await User.all().count() == 0


async def test_missing_required_variable_changes_nothing(gql: GraphQLClient) -> None:
    result = await gql(REGISTER, {})
    assert result.error_code == "BAD_USER_INPUT"
    assert await User.all().count() == 0


async def test_a_malformed_authorization_header_is_unauthenticated(http: httpx.AsyncClient) -> None:
    for header in ("Basic abc", "Bearer", "token"):
        response = await http.post("/graphql", json={"query": "{ me { id } }"}, headers={"authorization": header})
        assert_error(response, 401, "UNAUTHENTICATED")


async def test_introspection_is_on_outside_production(gql: GraphQLClient) -> None:
    result = await gql('{ __type(name: "User") { fields { name } } }')
    names = {f["name"] for f in result.ok()["__type"]["fields"]}
    assert {"id", "email", "displayName", "role", "isActive", "createdAt"} <= names


async def test_unknown_route_gets_the_same_error_shape(http: httpx.AsyncClient) -> None:
    assert_error(await http.get("/no-such-page"), 404, "NOT_FOUND")


async def test_register_through_graphql(gql: GraphQLClient) -> None:
    data = (await gql(REGISTER, register_input("Mixed@Example.com"))).ok()["register"]
    assert data["user"]["email"] == "mixed@example.com"
    assert data["user"]["role"] == "LEARNER"
    me = (await gql("{ me { email } }", token=data["accessToken"])).ok()
    assert me == {"me": {"email": "mixed@example.com"}}


async def test_fields_repeated_without_aliases_are_refused_once_and_then_from_the_cache(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11 review: 300 copies of one field (9 KB) froze the event loop 0.3-1 s per request
    in graphql-core's field-merging rule, and every repeat paid it again."""
    from edusphere.core.graphql import gate, limits

    parsed: list[str] = []
    validated: list[object] = []
    parse, validate = limits.parse_document, gate.validate
    monkeypatch.setattr(limits, "parse_document", lambda source: parsed.append(source) or parse(source))
    monkeypatch.setattr(
        gate, "validate", lambda *args, **kwargs: validated.append(args[1]) or validate(*args, **kwargs)
    )
    hostile = "{ " + " ".join(["courses(first: 1) { totalCount }"] * 300) + " } # http"
    for _ in range(3):
        result = await gql(hostile)
        assert (result.status, result.error_code) == (400, "BAD_USER_INPUT")
        assert result.errors[0]["extensions"]["limit"] == "overlap"
    assert (parsed.count(hostile), validated) == (1, [])
    invalid = "{ courses(first: 1) { totalCount nope } } # http"
    for _ in range(3):
        result = await gql(invalid)
        assert (result.status, result.error_code) == (400, "BAD_USER_INPUT")
    assert len(validated) == 1
    assert (await gql("{ __typename }")).ok() == {"__typename": "Query"}
