"""Reading a GraphQL document the way the reference implementation (graphql-core) reads it.

Shared by the limits (which measure a document) and the gate (which validates it against the
schema), so that both see one parse of each document text, and neither has its own idea of
where a comment or a string ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import TypeVar

from graphql import GraphQLSyntaxError, Source, TokenKind, parse
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    Lexer,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    Visitor,
    visit,
)

from edusphere.core.errors import AppError, bad_input

T = TypeVar("T")
_OPENING = frozenset({TokenKind.BRACE_L, TokenKind.PAREN_L, TokenKind.BRACKET_L})
_CLOSING = frozenset({TokenKind.BRACE_R, TokenKind.PAREN_R, TokenKind.BRACKET_R})


def nesting(source: str) -> int:
    """How deep `source` nests braces, parentheses and brackets, counted on graphql-core's own
    tokens (comments end at `\\n` or `\\r`, strings and block strings hold no brackets). The
    lexer is a loop, so this is safe on any input, before a recursive parser sees it."""
    lexer = Lexer(Source(source))
    depth = deepest = 0
    try:
        token = lexer.advance()
        while token.kind is not TokenKind.EOF:
            if token.kind in _OPENING:
                depth += 1
                deepest = max(deepest, depth)
            elif token.kind in _CLOSING:
                depth -= 1
            token = lexer.advance()
    except GraphQLSyntaxError as error:
        raise syntax_error(error) from None
    return deepest


@lru_cache(maxsize=64)
def parse_document(source: str) -> DocumentNode:
    """The parsed document, without locations. Call after `nesting` bounded the source: the
    parser recurses once per level. The cache is small on purpose: it only shares one parse
    between the limits and the gate of one request (a 16 KB document parses into 1.4 MB of
    nodes); what each keeps for later is small (`limits.DocumentInfo`, `gate.CheckedDocument`)."""
    try:
        return parse(source, no_location=True)
    except GraphQLSyntaxError as error:
        raise syntax_error(error) from None


def syntax_error(error: GraphQLSyntaxError) -> AppError:
    return bad_input(f"Syntax error: {error.message}")


def operations(document: DocumentNode) -> list[OperationDefinitionNode]:
    found = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if not found:
        raise bad_input("The document contains no operation")
    return found


def select_operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode:
    """The operation a request runs, by the rules of the spec's GetOperation."""
    return pick_operation(operations(document), operation_name, lambda op: op.name.value if op.name else None)


def pick_operation(candidates: Sequence[T], operation_name: str | None, name_of: Callable[[T], str | None]) -> T:
    if operation_name is None:
        if len(candidates) > 1:
            raise bad_input("operationName is required when the document has several operations")
        return candidates[0]
    for candidate in candidates:
        if name_of(candidate) == operation_name:
            return candidate
    raise bad_input(f"Unknown operation named {operation_name!r}")


def fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def root_field_nodes(document: DocumentNode, selection_set: SelectionSetNode) -> Iterator[FieldNode]:
    """The fields of a selection set, looking through inline fragments and fragment spreads
    (each fragment once, so a cycle ends), in document order."""
    known = fragments(document)
    seen: set[str] = set()
    stack = [iter(selection_set.selections)]
    while stack:
        selection = next(stack[-1], None)
        if selection is None:
            stack.pop()
        elif isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            stack.append(iter(selection.selection_set.selections))
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            seen.add(selection.name.value)
            fragment = known.get(selection.name.value)
            if fragment is not None:
                stack.append(iter(fragment.selection_set.selections))


def string_values(document: DocumentNode) -> list[StringValueNode]:
    """Every string literal of the document (arguments, defaults, directives, descriptions)."""
    found: list[StringValueNode] = []

    class Collect(Visitor):
        def enter_string_value(self, node: StringValueNode, *_: object) -> None:
            found.append(node)

    visit(document, Collect())
    return found
