import pytest

from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.graphql.limits import check_document
from edusphere.core.settings import GraphQLLimits

LIMITS = GraphQLLimits(max_bytes=20_000, max_depth=10, max_aliases=30, max_nodes=1_500)


def refused(source: str, *, introspection: bool = True, operation: str | None = None) -> str:
    with pytest.raises(AppError) as caught:
        check_document(source, operation, LIMITS, introspection)
    assert caught.value.code is ErrorCode.BAD_USER_INPUT
    return caught.value.message


def nested(depth: int) -> str:
    return "{" + "a {" * (depth - 1) + "b" + "}" * depth


def test_an_ordinary_query_is_measured() -> None:
    info = check_document("{ me { id displayName } }", None, LIMITS, True)
    assert (info.operation, info.depth, info.nodes, info.aliases) == ("query", 2, 3, 0)


def test_depth_at_the_limit_passes_and_beyond_is_refused() -> None:
    assert check_document(nested(10), None, LIMITS, True).depth == 10
    assert "deeper than 10" in refused(nested(11))


def test_pathological_nesting_is_refused_before_any_parser_recurses() -> None:
    assert "deeper" in refused("{" * 5000 + "}" * 5000)
    assert "deeper" in refused("query($v: [Int] = " + "[" * 500 + "]" * 500 + ") { a }")


def test_brackets_inside_strings_and_comments_do_not_count() -> None:
    source = '{ a(x: "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{") # ((((((((((((((((((((((((((((((((\n }'
    assert check_document(source, None, LIMITS, True).depth == 1


def test_fragment_bomb_is_refused_quickly() -> None:
    # Each fragment spreads the previous one twice: 2**30 fields once expanded.
    fragments = ["fragment F0 on Query { me { id } }"]
    fragments += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 31)]
    source = "{ ...F30 }\n" + "\n".join(fragments)
    assert "more than 1500 fields" in refused(source)


def test_unused_expensive_fragments_are_measured_too() -> None:
    fragments = ["fragment F0 on Query { me { id } }"]
    fragments += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 31)]
    assert "more than" in refused("{ me { id } }\n" + "\n".join(fragments))


def test_aliases_are_counted_with_fragments_expanded() -> None:
    aliases = " ".join(f"a{i}: me {{ id }}" for i in range(31))
    assert "aliases" in refused("{ " + aliases + " }")


def test_fragment_cycles_are_refused() -> None:
    assert "spreads itself" in refused("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }")


def test_oversized_documents_are_refused() -> None:
    assert "larger than" in refused("{ me { id } }" + " " * 20_000)


def test_syntax_errors_are_bad_input() -> None:
    assert refused("{ me { id }").startswith("Syntax error")


def test_introspection_can_be_switched_off() -> None:
    assert check_document("{ __schema { types { name } } }", None, LIMITS, True).depth == 3
    assert "Introspection is disabled" in refused("{ __schema { types { name } } }", introspection=False)
    assert "Introspection" in refused(
        '{ ...F } fragment F on Query { __type(name: "User") { name } }', introspection=False
    )
    assert check_document("{ __typename }", None, LIMITS, False).nodes == 1


def test_the_operation_is_selected_by_name() -> None:
    source = 'query A { me { id } } mutation B { logout(refreshToken: "x") }'
    assert check_document(source, "B", LIMITS, True).operation == "mutation"
    assert "operationName is required" in refused(source)
    assert "Unknown operation" in refused(source, operation="C")


# --- issue 11 #9, #16, #10 ---------------------------------------------------------------------


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_a_comment_ends_where_the_lexer_ends_it(end: str) -> None:
    # After a `\r` the rest is document again: 150 levels of list nesting may not hide behind it.
    hidden = "{ a(x: # comment" + end + "[" * 150 + "]" * 150 + ") }"
    assert "deeper" in refused(hidden)


def test_brackets_in_block_strings_do_not_count() -> None:
    source = '{ a(x: """ {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{ \\""" ((((((((((((((((((((((((((((((( """) }'
    assert check_document(source, None, LIMITS, True).depth == 1


def test_list_values_nested_too_deep_are_refused() -> None:
    # Value nesting that the selection depth does not see, but the engine's parser recurses into.
    assert "deeper" in refused("{ a(x: " + "[" * 40 + "]" * 40 + ") }")


def test_the_standard_introspection_query_fits_the_limits() -> None:
    from graphql import get_introspection_query

    for options in ({}, {"specified_by_url": True, "directive_is_repeatable": True, "input_value_deprecation": True}):
        info = check_document(get_introspection_query(**options), None, LIMITS, True)
        assert info.operation == "query"
        assert info.root_fields == ("__schema",)


def test_introspection_is_not_a_way_around_the_depth_limit() -> None:
    of_type = "{ ofType " * 40 + "{ name }" + " }" * 40
    assert "deeper" in refused('{ __type(name: "User") ' + of_type + " }")
    chain = " ".join(f"fragment F{i} on __Type {{ ofType {{ ...F{i + 1} }} }}" for i in range(40))
    assert "deeper" in refused('{ __type(name: "User") { ...F0 } } ' + chain + " fragment F40 on __Type { name }")


def test_data_fields_beside_introspection_still_count() -> None:
    assert "deeper than 10" in refused("{ __typename " + nested(11)[1:])


def test_root_fields_are_found_inside_fragments() -> None:
    source = "query { ... on Query { me { id } } ...F apiVersion } fragment F on Query { ... { courses { id } } }"
    assert check_document(source, None, LIMITS, True).root_fields == ("me", "courses", "apiVersion")


@pytest.mark.parametrize(
    "source",
    [
        "subscription { __typename }",
        "subscription { ... on Subscription { roomEvents(roomId: 1) { seq } } }",
        "subscription { ...F } fragment F on Subscription { roomEvents(roomId: 1) { seq } }",
        "subscription { a: roomEvents(roomId: 1) { seq } b: roomEvents(roomId: 2) { seq } }",
        "subscription { roomEvents(roomId: 1) @skip(if: true) { seq } }",
        "subscription { }",
    ],
)
def test_a_subscription_selects_one_plain_root_field(source: str) -> None:
    refused(source)


def test_a_plain_subscription_passes() -> None:
    info = check_document('subscription { roomEvents(roomId: "1") { seq } }', None, LIMITS, True)
    assert (info.operation, info.root_fields) == ("subscription", ("roomEvents",))


@pytest.mark.parametrize("literal", ['"a\\u0000b"', '"\\u0000"', '{k: ["ok", "\\u0000"]}'])
def test_string_literals_that_cannot_be_stored_are_refused(literal: str) -> None:
    assert "NUL" in refused("{ a(x: " + literal + ") }")
    assert "NUL" in refused("query($v: String = " + literal + ") { a }")
