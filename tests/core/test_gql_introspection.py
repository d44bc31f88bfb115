"""Issue 11 #16: introspection, where it is on, answers the standard query as the reference
implementation asks it, and describes exactly the schema of the SDL files."""

from __future__ import annotations

from pathlib import Path

from graphql import build_client_schema, build_schema, get_introspection_query, print_schema

from edusphere.core.graphql.engine import sdl_files
from edusphere.domains import DOMAINS
from tests.core.test_limits import inlined
from tests.helpers import GraphQLClient


def schema_of_the_sdl_files() -> str:
    """The SDL files as graphql-core reads them, plus the one engine scalar they use."""
    sdl = "\n".join(Path(path).read_text() for path in sdl_files(DOMAINS))
    return print_schema(build_schema(sdl + "\nscalar DateTime\n"))


async def test_the_standard_introspection_query_answers_the_schema_of_the_sdl_files(gql: GraphQLClient) -> None:
    data = (await gql(get_introspection_query())).ok()
    assert print_schema(build_client_schema(data)) == schema_of_the_sdl_files()


async def test_the_standard_query_with_its_fragments_inlined_answers_the_same(gql: GraphQLClient) -> None:
    # Issue 11 review: 400 "nested deeper than 10 levels" before, as depth below `__schema`
    # counted against the client's limit until the `__schema` field itself was reached.
    data = (await gql(inlined(get_introspection_query()))).ok()
    assert print_schema(build_client_schema(data)) == schema_of_the_sdl_files()


async def test_root_types_and_type_details_answer(gql: GraphQLClient) -> None:
    data = (await gql("{ __schema { queryType { name } mutationType { name } subscriptionType { name } } }")).ok()
    assert data == {
        "__schema": {
            "queryType": {"name": "Query"},
            "mutationType": {"name": "Mutation"},
            "subscriptionType": {"name": "Subscription"},
        }
    }
    course_input = (await gql('{ __type(name: "CourseInput") { inputFields { name type { name } } } }')).ok()
    assert {"name": "title", "type": {"name": "String"}} in course_input["__type"]["inputFields"]
    user = (await gql('{ __type(name: "User") { fields { name isDeprecated type { kind ofType { name } } } } }')).ok()
    assert {"name": "id", "isDeprecated": False, "type": {"kind": "NON_NULL", "ofType": {"name": "ID"}}} in user[
        "__type"
    ]["fields"]


async def test_introspection_mixed_with_data_fields_answers(gql: GraphQLClient) -> None:
    data = (await gql('{ apiVersion __type(name: "Room") { name kind } __typename }')).ok()
    assert data["__type"] == {"name": "Room", "kind": "OBJECT"}
    assert data["__typename"] == "Query"


async def test_introspection_nested_past_the_reference_bound_is_bad_input(gql: GraphQLClient) -> None:
    deep = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    result = await gql(deep)
    assert (result.status, result.error_code) == (400, "BAD_USER_INPUT")
    assert "introspection depth" in result.errors[0]["message"]
