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
    assert "more than" in refused(source)  # fields, or fields in one place (2**30 of each)


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


# --- issue 11 review: validation cost, cached refusals, the nesting pre-check, introspection ---

COURSES = "courses(first: 1) { totalCount }"


def overlap_refused(source: str) -> None:
    with pytest.raises(AppError) as caught:
        check_document(source, None, LIMITS, True)
    assert caught.value.code is ErrorCode.BAD_USER_INPUT
    assert caught.value.details == {"limit": "overlap"}, caught.value.message


@pytest.mark.parametrize(
    "source",
    [
        # graphql-core's field-merging rule compares every pair of these: 0.3-1 s each.
        "{ " + " ".join([COURSES] * 300) + " }",
        "{ "
        + " ".join(f"...F{i}" for i in range(15))
        + " } "
        + " ".join(f"fragment F{i} on Query {{ " + " ".join([COURSES] * 20) + " }" for i in range(15)),
        "{ " + " ".join("... on Query { " + COURSES + " }" for _ in range(60)) + " }",
        "{ "
        + " ".join(f"...F{i}" for i in range(400))
        + " } "
        + " ".join(f"fragment F{i} on Query {{ apiVersion }}" for i in range(400)),
        # 20 x 20: each repeat alone is below the bound, their product (one place) is not.
        "{ " + " ".join("me { " + " ".join(["id"] * 20) + " }" for _ in range(20)) + " }",
        "{ " + " ".join("me { ...U }" for _ in range(20)) + " } fragment U on User { " + " ".join(["id"] * 20) + " }",
    ],
)
def test_fields_answering_to_one_place_are_bounded_before_validation(source: str) -> None:
    overlap_refused(source)


def test_a_field_may_repeat_where_clients_repeat_it() -> None:
    assert check_document("{ " + " ".join([COURSES] * 50) + " }", None, LIMITS, True).nodes == 100
    fragments = " ".join(f"fragment F{i} on User {{ id displayName }}" for i in range(10))
    source = "{ me { id " + " ".join(f"...F{i}" for i in range(10)) + " } me { id } } " + fragments
    assert check_document(source, None, LIMITS, True).depth == 2


def test_a_refusal_is_cached_like_an_acceptance(monkeypatch: pytest.MonkeyPatch) -> None:
    from edusphere.core.graphql import limits

    parses: list[str] = []
    parse = limits.parse_document
    monkeypatch.setattr(limits, "parse_document", lambda source: parses.append(source) or parse(source))
    source = "{ " + " ".join([COURSES] * 51) + " } # cached refusal"
    for _ in range(3):
        overlap_refused(source)
    deep = nested(11) + " # cached refusal"
    for _ in range(3):
        assert "deeper than 10" in refused(deep)
    assert parses == [source, deep]


def test_a_cached_refusal_is_raised_afresh_each_time() -> None:
    source = "{ " + " ".join(f"a{i}: me {{ id }}" for i in range(31)) + " } # afresh"
    with pytest.raises(AppError) as first:
        check_document(source, None, LIMITS, True)
    with pytest.raises(AppError) as second:
        check_document(source, None, LIMITS, True)
    assert first.value is not second.value
    assert (second.value.message, second.value.details) == (first.value.message, first.value.details)


@pytest.mark.parametrize("padding", [" ", " 1, ", ' "]]]", ', " # ]]]\r", ' """ ]]] \\""" ]]] """, '])
def test_a_too_deep_document_is_refused_however_it_is_padded(padding: str) -> None:
    assert "deeper than 10" in refused("{ a(x: [" + padding * (12_000 // len(padding)) + "1]) " + nested(31)[1:])


def test_the_nesting_pre_check_counts_as_the_lexer_does() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from edusphere.core.graphql.document import nesting

    pieces = ["{", "}", "(", ")", "[", "]", '"', '"""', "\\", '\\"""', "#", "\n", "\r", "a", " ", '""', "\\u00e9"]

    @settings(max_examples=1500, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=16).map("".join))
    def agrees(source: str) -> None:
        expected = lexer_nesting(source)
        if expected is not None:
            assert nesting(source) == expected, source

    agrees()


def lexer_nesting(source: str) -> int | None:
    """The nesting on graphql-core's own tokens; None where its lexer cannot read `source`."""
    from graphql import GraphQLSyntaxError, Source, TokenKind
    from graphql.language import Lexer

    lexer = Lexer(Source(source))
    depth = deepest = 0
    try:
        token = lexer.advance()
        while token.kind is not TokenKind.EOF:
            if token.kind in (TokenKind.BRACE_L, TokenKind.PAREN_L, TokenKind.BRACKET_L):
                depth += 1
                deepest = max(deepest, depth)
            elif token.kind in (TokenKind.BRACE_R, TokenKind.PAREN_R, TokenKind.BRACKET_R):
                depth -= 1
            token = lexer.advance()
    except GraphQLSyntaxError:
        return None
    return deepest


def inlined(source: str) -> str:
    """`source` with each fragment spread replaced by the fragment's fields, spliced in where the
    spread was (no fragment, no type condition left), as some clients send the introspection
    query."""
    from graphql import parse, print_ast
    from graphql.language import (
        FieldNode,
        FragmentDefinitionNode,
        FragmentSpreadNode,
        OperationDefinitionNode,
        SelectionNode,
        SelectionSetNode,
    )

    document = parse(source, no_location=True)
    known = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}

    def splice(selection_set: SelectionSetNode) -> SelectionSetNode:
        selections: list[SelectionNode] = []
        for selection in selection_set.selections:
            if isinstance(selection, FragmentSpreadNode):
                selections += splice(known[selection.name.value].selection_set).selections
            elif isinstance(selection, FieldNode) and selection.selection_set:
                selections.append(FieldNode(alias=selection.alias, name=selection.name, arguments=selection.arguments,
                                            directives=selection.directives,
                                            selection_set=splice(selection.selection_set)))  # fmt: skip
            else:
                selections.append(selection)
        return SelectionSetNode(selections=tuple(selections))

    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    return print_ast(
        OperationDefinitionNode(
            operation=operation.operation, name=operation.name, selection_set=splice(operation.selection_set)
        )
    )


def test_the_introspection_query_with_its_fragments_inlined_fits_the_limits() -> None:
    from graphql import get_introspection_query

    query = get_introspection_query(descriptions=True, input_value_deprecation=True)
    source = inlined(query)
    assert "fragment" not in source
    assert "..." not in source
    info = check_document(source, None, LIMITS, True)
    assert (info.depth, info.root_fields) == (check_document(query, None, LIMITS, True).depth, ("__schema",))
    # Below `__schema` nothing counts against the client's limit, and no deeper than the
    # standard query's own depth either.
    assert "introspection query is nested deeper" in refused(
        '{ __type(name: "User") ' + "{ ofType " * 20 + "{ name }" + " }" * 21
    )
