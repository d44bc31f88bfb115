"""Reading a GraphQL document the way the reference implementation (graphql-core) reads it.

Shared by the limits (which measure a document) and the gate (which validates it against the
schema), so that both see one parse of each document text, and neither has its own idea of
where a comment or a string ends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import TypeVar

from graphql import GraphQLSyntaxError, parse
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    Visitor,
    visit,
)

from edusphere.core.errors import AppError, bad_input

T = TypeVar("T")
# What holds no brackets, as the lexer reads it: a block string (only `\\"""` escapes in it, any
# other backslash is itself), a string (ends at a line terminator: `\\n` or `\\r`), a comment (ends
# at `\\n` or `\\r` too). On a document the lexer reads, these are the lexer's spans exactly, so
# the brackets left over are its bracket tokens (`tests/core/test_limits.py` checks it).
_UNBRACKETED = re.compile(r'"""(?:\\"""|[^"\\]|\\(?!""")|"(?!""))*"""|"(?:[^"\\\n\r]|\\[^\n\r])*"|#[^\n\r]*')
_BRACKETS = re.compile(r"[{}()\[\]]")


def nesting(source: str) -> int:
    """How deep `source` nests braces, parentheses and brackets, as graphql-core's tokens nest
    (comments end at `\\n` or `\\r`, strings and block strings hold no brackets): on every
    document graphql-core's lexer reads, the same number as counting its tokens, at C speed
    (0.2 ms for 9,000 tokens, against 25 ms for the lexer). One it cannot read may count
    otherwise: the parser refuses it (a syntax error; a RecursionError on the way is caught).
    No recursion here, so it is safe on any input, before a recursive parser sees it."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_UNBRACKETED.sub("", source)):
        if bracket in "{([":
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
    return deepest


def verdict(check: Callable[[], T]) -> T | AppError:
    """What `check` returns, or the AppError it raises: a verdict to cache whichever it is, so
    that a document refused once is refused from the cache after (a refusal can cost as much as
    an acceptance: `functools.lru_cache` alone would redo it on every request). The error is
    kept as a copy without traceback or context, which would hold the frames (and the parsed
    document) alive in the cache."""
    try:
        return check()
    except AppError as error:
        return _copy(error)


def upheld(cached: T | AppError) -> T:
    """The result of a cached `verdict`, or its refusal raised (a fresh copy each time: one
    exception object raised again and again would collect every raise's frames)."""
    if isinstance(cached, AppError):
        raise _copy(cached)
    return cached


def _copy(error: AppError) -> AppError:
    return AppError(error.code, error.message, **error.details)


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
