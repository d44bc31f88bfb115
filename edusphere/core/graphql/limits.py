"""Bounds on what one GraphQL document may cost, checked before the engine sees it.

Tartiflette has none: a 1 KB document of fragments that spread each other twice runs for
seconds, and nesting a few hundred levels deep crashes its C parser. So every document is
first measured here, with graphql-core's lexer and parser (a well-kept reference implementation
that is independent of the engine; see `document`):

1. its size in bytes;
2. its bracket nesting, on the lexer's tokens, before any parser recurses into it;
3. per operation, with fragments expanded (memoised, so the measuring itself stays linear):
   selection depth, field count and alias count; fragment cycles are refused;
4. introspection fields, where introspection is off. Where it is on, the subtrees of `__schema`
   and `__type` do not count against the client's depth limit (as graphql-depth-limit, which
   Apollo and Strawberry servers use, ignores them): they get a depth of their own, the depth of
   graphql-core's standard introspection query, so GraphiQL and codegen tools work and the
   limit still holds. Their fields still count as fields;
5. a subscription selects exactly one field of `Subscription`, directly: the socket serves a
   subscription by its root field, and `__typename` is no stream;
6. string literals hold only text that can be stored (no U+0000: see `core.text`);
7. at most `MAX_OVERLAP` fields answer to one place in the response, so that graphql-core's
   validation, which compares each pair of them, stays cheap (see `gate` for its own bound).

Verdicts are cached, refusals as well as acceptances: clients send the same few documents again
and again, and a refusal can cost as much to reach as an acceptance.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from graphql import get_introspection_query
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)

from edusphere.core.errors import AppError, bad_input
from edusphere.core.graphql import gate
from edusphere.core.graphql.document import (
    fragments,
    nesting,
    operations,
    parse_document,
    root_field_nodes,
    select_operation,
    string_values,
    upheld,
    verdict,
)
from edusphere.core.settings import GraphQLLimits
from edusphere.core.text import unstorable

_INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
# At most how many fields may answer to one place in the response (one response name in a
# selection set, fragments included, and so on below it). graphql-core's validation compares
# every pair of them (OverlappingFieldsCanBeMergedRule: `{ courses(first: 1) { totalCount } }`
# 300 times is 9 KB and 0.4 s of blocked event loop); a client has no reason to repeat a field
# more than a few times, so this is no setting.
MAX_OVERLAP = 50


@dataclass(frozen=True)
class DocumentInfo:
    operation: str  # "query", "mutation" or "subscription"
    depth: int
    nodes: int
    aliases: int
    # The selected operation's root fields, through fragments, in document order, each once.
    root_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Cost:
    depth: int = 0
    nodes: int = 0
    aliases: int = 0
    # The deepest `__schema`/`__type` subtree, counted apart from `depth`.
    introspection_depth: int = 0
    # At most how many of its fields (fragments flattened in) share one response name: the
    # most repeated name, plus each fragment's own figure (a bound, not a count: cheap).
    repeats: int = 0
    # The largest `overlap` of the selection sets of its fields.
    below: int = 0

    @property
    def overlap(self) -> int:
        """At most how many fields answer to one place in the response, at or below here."""
        return self.repeats * max(1, self.below)


def check_document(source: str, operation_name: str | None, limits: GraphQLLimits, introspection: bool) -> DocumentInfo:
    """Measure `source`; raise BAD_USER_INPUT naming the limit it breaks."""
    if len(source.encode(errors="surrogatepass")) > limits.max_bytes:
        raise bad_input(f"The query is larger than {limits.max_bytes} bytes", limit="size")
    return upheld(_verdict(source, operation_name, limits, introspection))


@lru_cache(maxsize=1024)
def _verdict(
    source: str, operation_name: str | None, limits: GraphQLLimits, introspection: bool
) -> DocumentInfo | AppError:
    return verdict(lambda: _measure(source, operation_name, limits, introspection))


def _measure(source: str, operation_name: str | None, limits: GraphQLLimits, introspection: bool) -> DocumentInfo:
    reason = unstorable(source)
    if reason is not None:  # the transports refuse it first (`http.request_from_json`)
        raise bad_input(f"The query {reason}")
    if nesting(source) > limits.max_depth * 3:
        raise _too_deep(limits)
    try:
        document = parse_document(source)
    except RecursionError:
        raise _too_deep(limits) from None
    _check_literals(document)
    analyzer = _Analyzer(document, limits, max(limits.max_depth, _introspection_depth()) if introspection else None)
    costs = {op: analyzer.operation(op) for op in operations(document)}
    for name in analyzer.fragments:
        analyzer.fragment(name)
    for operation in costs:
        if operation.operation is OperationType.SUBSCRIPTION:
            _check_subscription_root(operation)
    selected = select_operation(document, operation_name)
    cost = costs[selected]
    roots = tuple(dict.fromkeys(f.name.value for f in root_field_nodes(document, selected.selection_set)))
    depth = max(cost.depth, cost.introspection_depth)
    return DocumentInfo(selected.operation.value, depth, cost.nodes, cost.aliases, roots)


def root_arguments(source: str, operation_name: str | None, variables: dict[str, Any] | None) -> dict[str, Any]:
    """The arguments of the selected operation's first root field, coerced to the schema's types
    (an Int is an int), with variables filled in; BAD_USER_INPUT when they do not fit. Call after
    `check_document` accepted `source`, in a process whose engine is cooked (see `gate`)."""
    return gate.current().root_arguments(source, operation_name, variables)


def _check_literals(document: DocumentNode) -> None:
    for node in string_values(document):
        reason = unstorable(node.value)
        if reason is not None:
            raise bad_input(f"A string in the query {reason}")


def _check_subscription_root(operation: OperationDefinitionNode) -> None:
    selections = operation.selection_set.selections
    field = selections[0] if len(selections) == 1 else None
    if not isinstance(field, FieldNode) or field.name.value.startswith("__") or field.directives:
        raise bad_input(
            "A subscription selects exactly one field of Subscription, directly: "
            "not __typename, not through a fragment, without @skip or @include"
        )


@cache
def _introspection_depth() -> int:
    """The depth of graphql-core's own introspection query, with every option it has: what
    GraphiQL, Apollo tooling and graphql-codegen send."""
    query = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
        experimental_directive_deprecation=True,
        one_of=True,
    )
    unbounded = GraphQLLimits(max_bytes=1 << 20, max_depth=1 << 10, max_aliases=1 << 10, max_nodes=1 << 20)
    document = parse_document(query)
    analyzer = _Analyzer(document, unbounded, unbounded.max_depth)
    return max(analyzer.operation(op).introspection_depth for op in operations(document))


def _on(type_condition: NamedTypeNode | None, cost: _Cost) -> _Cost:
    """The cost of a fragment on `type_condition`: on an introspection type (`__Type`, ...) all
    of its depth is introspection depth."""
    if not _introspective(type_condition):
        return cost
    return _Cost(0, cost.nodes, cost.aliases, max(cost.depth, cost.introspection_depth), cost.repeats, cost.below)


def _introspective(type_condition: NamedTypeNode | None) -> bool:
    return type_condition is not None and type_condition.name.value.startswith("__")


def _too_deep(limits: GraphQLLimits) -> AppError:
    return bad_input(f"The query is nested deeper than {limits.max_depth} levels", limit="depth")


class _Analyzer:
    def __init__(self, document: DocumentNode, limits: GraphQLLimits, introspection_limit: int | None) -> None:
        """`introspection_limit`: how deep `__schema`/`__type` may nest; None where it is off."""
        self.limits = limits
        self.introspection = introspection_limit is not None
        self.fragments = fragments(document)
        self._memo: dict[str, _Cost] = {}
        self._visiting: set[str] = set()
        self._introspection_limit = introspection_limit or limits.max_depth

    def operation(self, operation: OperationDefinitionNode) -> _Cost:
        return self._checked(self.selection_set(operation.selection_set, False), False)

    def fragment(self, name: str) -> _Cost:
        if name in self._memo:
            return self._memo[name]
        if name in self._visiting:
            raise bad_input(f"Fragment {name!r} spreads itself")
        definition = self.fragments.get(name)
        if definition is None:
            raise bad_input(f"Unknown fragment {name!r}")
        self._visiting.add(name)
        inside = _introspective(definition.type_condition)
        cost = self._checked(
            _on(definition.type_condition, self.selection_set(definition.selection_set, inside)), False
        )
        self._visiting.discard(name)
        self._memo[name] = cost
        return cost

    def selection_set(self, selection_set: SelectionSetNode, inside: bool) -> _Cost:
        """The cost of `selection_set`; `inside`: below `__schema`/`__type` (or in a fragment on
        an introspection type), where all depth is introspection depth from the start."""
        depth = nodes = aliases = introspection_depth = 0
        names: dict[str, int] = {}
        most = spread = below = 0  # for `_Cost.repeats` and `_Cost.below`
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                introspective = selection.name.value in _INTROSPECTION_FIELDS
                if introspective and not self.introspection:
                    raise bad_input("Introspection is disabled")
                inner = (
                    self.selection_set(selection.selection_set, inside or introspective)
                    if selection.selection_set
                    else _Cost()
                )
                if introspective:
                    # Everything below `__schema`/`__type` is introspection, whatever its name.
                    under = max(inner.depth, inner.introspection_depth)
                    introspection_depth = max(introspection_depth, under + 1)
                else:
                    depth = max(depth, inner.depth + 1)
                    if inner.introspection_depth:
                        introspection_depth = max(introspection_depth, inner.introspection_depth + 1)
                nodes += inner.nodes + 1
                aliases += inner.aliases + (1 if selection.alias else 0)
                response_name = (selection.alias or selection.name).value
                names[response_name] = count = names.get(response_name, 0) + 1
                most = max(most, count)
                below = max(below, inner.overlap)
            else:
                if isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    inner = _on(
                        condition, self.selection_set(selection.selection_set, inside or _introspective(condition))
                    )
                else:
                    assert isinstance(selection, FragmentSpreadNode)
                    inner = self.fragment(selection.name.value)
                depth = max(depth, inner.depth)
                introspection_depth = max(introspection_depth, inner.introspection_depth)
                nodes += inner.nodes
                aliases += inner.aliases
                spread += inner.repeats
                below = max(below, inner.below)
            self._checked(_Cost(depth, nodes, aliases, introspection_depth, most + spread, below), inside)
        return _Cost(depth, nodes, aliases, introspection_depth, most + spread, below)

    def _checked(self, cost: _Cost, inside: bool) -> _Cost:
        if cost.depth > self.limits.max_depth and not inside:
            raise _too_deep(self.limits)
        if max(cost.introspection_depth, cost.depth if inside else 0) > self._introspection_limit:
            raise bad_input(
                f"The introspection query is nested deeper than {self._introspection_limit} levels", limit="depth"
            )
        if cost.nodes > self.limits.max_nodes:
            raise bad_input(f"The query selects more than {self.limits.max_nodes} fields", limit="nodes")
        if cost.aliases > self.limits.max_aliases:
            raise bad_input(f"The query uses more than {self.limits.max_aliases} aliases", limit="aliases")
        if cost.overlap > MAX_OVERLAP:
            raise bad_input(
                f"The query selects more than {MAX_OVERLAP} fields for one place in the response (one response "
                "name, fragments included): select a field once there, or give each its own alias",
                limit="overlap",
            )
        return cost
