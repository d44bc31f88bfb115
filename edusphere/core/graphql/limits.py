"""Bounds on what one GraphQL document may cost, checked before the engine sees it.

Tartiflette has none: a 1 KB document of fragments that spread each other twice runs for
seconds, and nesting a few hundred levels deep crashes its C parser. So every document is
first measured here, with graphql-core's parser (a well-kept reference implementation that is
independent of the engine):

1. its size in bytes;
2. its bracket nesting, lexically, before any parser recurses into it;
3. per operation, with fragments expanded (memoised, so the measuring itself stays linear):
   selection depth, field count and alias count; fragment cycles are refused;
4. introspection fields, where introspection is off.

Verdicts for accepted documents are cached: clients send the same few documents again and again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import GraphQLSyntaxError, Undefined, parse, value_from_ast_untyped
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from edusphere.core.errors import AppError, bad_input
from edusphere.core.settings import GraphQLLimits

_INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
_STRINGS_AND_COMMENTS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*')
_BRACKETS = re.compile(r"[{}()\[\]]")


@dataclass(frozen=True)
class DocumentInfo:
    operation: str  # "query", "mutation" or "subscription"
    depth: int
    nodes: int
    aliases: int
    root_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Cost:
    depth: int = 0
    nodes: int = 0
    aliases: int = 0


def check_document(source: str, operation_name: str | None, limits: GraphQLLimits, introspection: bool) -> DocumentInfo:
    """Measure `source`; raise BAD_USER_INPUT naming the limit it breaks."""
    if len(source.encode()) > limits.max_bytes:
        raise bad_input(f"The query is larger than {limits.max_bytes} bytes", limit="size")
    return _check_cached(source, operation_name, limits, introspection)


@lru_cache(maxsize=1024)
def _check_cached(source: str, operation_name: str | None, limits: GraphQLLimits, introspection: bool) -> DocumentInfo:
    if _lexical_nesting(source) > limits.max_depth * 3:
        raise _too_deep(limits)
    try:
        document = parse(source, no_location=True, max_tokens=limits.max_bytes)
    except GraphQLSyntaxError as error:
        raise bad_input(f"Syntax error: {error.message}") from None
    except RecursionError:
        raise _too_deep(limits) from None
    analyzer = _Analyzer(document, limits, introspection)
    costs = {op: analyzer.operation(op) for op in _operations(document)}
    for fragment in analyzer.fragments.values():
        analyzer.fragment(fragment.name.value)
    selected = _select_operation(list(costs), operation_name)
    cost = costs[selected]
    roots = tuple(s.name.value for s in selected.selection_set.selections if isinstance(s, FieldNode))
    return DocumentInfo(selected.operation.value, cost.depth, cost.nodes, cost.aliases, roots)


def root_arguments(source: str, operation_name: str | None, variables: dict[str, Any] | None) -> dict[str, Any]:
    """The arguments of the selected operation's first root field, with variables filled in.
    Call after `check_document` accepted `source`."""
    document = _parsed(source)
    operation = _select_operation(_operations(document), operation_name)
    field = next(s for s in operation.selection_set.selections if isinstance(s, FieldNode))
    values = {arg.name.value: value_from_ast_untyped(arg.value, variables or {}) for arg in field.arguments or ()}
    return {name: value for name, value in values.items() if value is not Undefined}


@lru_cache(maxsize=256)
def _parsed(source: str) -> DocumentNode:
    return parse(source, no_location=True)


def _too_deep(limits: GraphQLLimits) -> AppError:
    return bad_input(f"The query is nested deeper than {limits.max_depth} levels", limit="depth")


def _lexical_nesting(source: str) -> int:
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRINGS_AND_COMMENTS.sub("", source)):
        depth += 1 if match.group() in "{([" else -1
        deepest = max(deepest, depth)
    return deepest


def _operations(document: DocumentNode) -> list[OperationDefinitionNode]:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if not operations:
        raise bad_input("The document contains no operation")
    return operations


def _select_operation(operations: list[OperationDefinitionNode], operation_name: str | None) -> OperationDefinitionNode:
    if operation_name is None:
        if len(operations) > 1:
            raise bad_input("operationName is required when the document has several operations")
        return operations[0]
    for operation in operations:
        if operation.name is not None and operation.name.value == operation_name:
            return operation
    raise bad_input(f"Unknown operation named {operation_name!r}")


class _Analyzer:
    def __init__(self, document: DocumentNode, limits: GraphQLLimits, introspection: bool) -> None:
        self.limits = limits
        self.introspection = introspection
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self._memo: dict[str, _Cost] = {}
        self._visiting: set[str] = set()

    def operation(self, operation: OperationDefinitionNode) -> _Cost:
        return self._checked(self.selection_set(operation.selection_set))

    def fragment(self, name: str) -> _Cost:
        if name in self._memo:
            return self._memo[name]
        if name in self._visiting:
            raise bad_input(f"Fragment {name!r} spreads itself")
        definition = self.fragments.get(name)
        if definition is None:
            raise bad_input(f"Unknown fragment {name!r}")
        self._visiting.add(name)
        cost = self._checked(self.selection_set(definition.selection_set))
        self._visiting.discard(name)
        self._memo[name] = cost
        return cost

    def selection_set(self, selection_set: SelectionSetNode) -> _Cost:
        depth = nodes = aliases = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if not self.introspection and selection.name.value in _INTROSPECTION_FIELDS:
                    raise bad_input("Introspection is disabled")
                inner = self.selection_set(selection.selection_set) if selection.selection_set else _Cost()
                depth = max(depth, inner.depth + 1)
                nodes += inner.nodes + 1
                aliases += inner.aliases + (1 if selection.alias else 0)
            else:
                if isinstance(selection, InlineFragmentNode):
                    inner = self.selection_set(selection.selection_set)
                else:
                    assert isinstance(selection, FragmentSpreadNode)
                    inner = self.fragment(selection.name.value)
                depth = max(depth, inner.depth)
                nodes += inner.nodes
                aliases += inner.aliases
            self._checked(_Cost(depth, nodes, aliases))
        return _Cost(depth, nodes, aliases)

    def _checked(self, cost: _Cost) -> _Cost:
        if cost.depth > self.limits.max_depth:
            raise _too_deep(self.limits)
        if cost.nodes > self.limits.max_nodes:
            raise bad_input(f"The query selects more than {self.limits.max_nodes} fields", limit="nodes")
        if cost.aliases > self.limits.max_aliases:
            raise bad_input(f"The query uses more than {self.limits.max_aliases} aliases", limit="aliases")
        return cost
