"""graphql-core, the reference implementation, as the gatekeeper of every document and its
variables before Tartiflette sees them.

Tartiflette (frozen since 2021) answers some invalid requests with an exception of its own
(INTERNAL): a nested list where a list of strings is expected, a string where an Int is, and its
C parser reads a `\\uXXXX` escape as one byte (`"\\u00e9"` is invalid UTF-8 to it, `"\\u0141"` is
`"A"`). So each document is first validated against a graphql-core schema built from the same
SDL files (once per document text: clients repeat a few documents), each request's variables
are coerced by graphql-core, and every refusal is BAD_USER_INPUT. What reaches Tartiflette is
valid by the reference's rules, and its string literals are rewritten in the one form both
parsers read alike (`engine_source`), so a resolver receives what graphql-core's `parse` reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLObjectType,
    OverlappingFieldsCanBeMergedRule,
    ValidationContext,
    build_schema,
    parse,
    specified_rules,
    validate,
)
from graphql.execution.values import get_argument_values, get_variable_values
from graphql.language import (
    DocumentNode,
    FieldNode,
    NamedTypeNode,
    OperationDefinitionNode,
    OperationType,
    VariableDefinitionNode,
    Visitor,
    visit,
)

from edusphere.core.errors import AppError, bad_input
from edusphere.core.graphql.document import (
    operations,
    parse_document,
    pick_operation,
    root_field_nodes,
    string_values,
    upheld,
    verdict,
)

# How much work graphql-core's field-merging rule may do on one document, in its own units (a
# pair of fields compared is 2; its default, 500,000, is about 1 s of blocked event loop). What
# `limits` lets through (at most `limits.MAX_OVERLAP` fields per place in the response) stays far
# below for the shapes it knows; this bounds every other shape (at 1-4 us a unit, tens of ms).
# The standard introspection query spends 0, 50 repeats of `courses(first: 1) { totalCount }` 7,350.
OVERLAP_BUDGET = 20_000

# Escapes for the characters a GraphQL string literal cannot hold as they are: the quote, the
# backslash and the C0 controls. Everything else is written as itself. (Tartiflette's parser
# reads `\\u0000`-`\\u007F` right: one byte is one character there.)
_LITERAL_ESCAPES = {
    **{code: f"\\u{code:04X}" for code in range(0x20)},
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0C: "\\f",
    0x0D: "\\r",
    0x22: '\\"',
    0x5C: "\\\\",
}


@dataclass(frozen=True)
class CheckedOperation:
    """What a request needs of one operation, kept without the rest of the document's nodes."""

    name: str | None
    operation: OperationType
    variable_definitions: tuple[VariableDefinitionNode, ...]
    # Its first root field (through fragments), with its arguments only; None for `__typename`.
    root_field: FieldNode | None


@dataclass(frozen=True)
class CheckedDocument:
    """A document graphql-core validated against the schema."""

    # The text to hand to the engine: the source with its string literals rewritten as needed.
    engine_source: str
    operations: tuple[CheckedOperation, ...]

    def operation(self, operation_name: str | None) -> CheckedOperation:
        return pick_operation(self.operations, operation_name, lambda operation: operation.name)


class Gate:
    def __init__(self, sdl: str, engine_scalars: Iterable[str] = ()) -> None:
        """`sdl`: the schema's SDL; `engine_scalars`: scalars the engine defines itself (such as
        DateTime), declared here when the SDL uses them."""
        self.schema = build_schema(sdl + _scalar_declarations(sdl, engine_scalars))
        self._verdict = lru_cache(maxsize=1024)(self._verdict_of)

    @classmethod
    def from_files(cls, paths: Iterable[str], engine_scalars: Iterable[str] = ()) -> Gate:
        return cls("\n".join(Path(path).read_text() for path in paths), engine_scalars)

    def check(self, source: str) -> CheckedDocument:
        """`source` parsed and validated; BAD_USER_INPUT with the reference's messages when it is
        not valid. Cached per text, refusals too: validation can cost milliseconds."""
        checked: CheckedDocument = upheld(self._verdict(source))
        return checked

    def _verdict_of(self, source: str) -> CheckedDocument | AppError:
        return verdict(lambda: self._check(source))

    def _check(self, source: str) -> CheckedDocument:
        document = parse_document(source)
        try:
            errors = validate(self.schema, document, _RULES, max_errors=10)
        except RecursionError:  # a document `limits` measured first never gets here
            raise bad_input("The query is nested too deeply") from None
        if errors:
            raise _refusal(errors)
        summaries = tuple(_summary(document, operation) for operation in operations(document))
        return CheckedDocument(engine_source(source), summaries)

    def variables(
        self, checked: CheckedDocument, operation_name: str | None, variables: dict[str, Any] | None
    ) -> dict[str, Any]:
        """The request's variables coerced to the operation's types; BAD_USER_INPUT when they
        do not fit (wrong type, missing, null where non-null)."""
        coerced: dict[str, Any] = self._variable_values(checked.operation(operation_name), variables).coerced
        return coerced

    def root_arguments(
        self, source: str, operation_name: str | None, variables: dict[str, Any] | None
    ) -> dict[str, Any]:
        """The coerced arguments of the selected operation's first root field."""
        operation = self.check(source).operation(operation_name)
        root = self._root_type(operation.operation)
        field = operation.root_field
        if field is None or field.name.value not in root.fields:
            raise bad_input("The operation selects no field of its root type")
        try:
            arguments: dict[str, Any] = get_argument_values(
                root.fields[field.name.value], field, self._variable_values(operation, variables)
            )
        except GraphQLError as error:
            raise bad_input(error.message) from None
        return arguments

    def _variable_values(self, operation: CheckedOperation, variables: dict[str, Any] | None) -> Any:
        try:
            values = get_variable_values(self.schema, operation.variable_definitions, variables or {}, max_errors=10)
        except RecursionError:  # input is bounded in depth at the door (`core.jsonvalue`)
            raise bad_input("The variables are nested too deeply") from None
        if isinstance(values, list):
            raise _refusal(values)
        return values

    def _root_type(self, operation: OperationType) -> GraphQLObjectType:
        root = {
            OperationType.QUERY: self.schema.query_type,
            OperationType.MUTATION: self.schema.mutation_type,
            OperationType.SUBSCRIPTION: self.schema.subscription_type,
        }[operation]
        if root is None:
            raise bad_input(f"The schema has no {operation.value} type")
        return root


def _summary(document: DocumentNode, operation: OperationDefinitionNode) -> CheckedOperation:
    first = next((f for f in root_field_nodes(document, operation.selection_set) if f.name.value != "__typename"), None)
    root_field = None if first is None else FieldNode(name=first.name, arguments=first.arguments, directives=())
    return CheckedOperation(
        name=operation.name.value if operation.name else None,
        operation=operation.operation,
        variable_definitions=tuple(operation.variable_definitions or ()),
        root_field=root_field,
    )


def engine_source(source: str) -> str:
    """`source` with each string literal that the engine might read differently from
    graphql-core (one with a `\\u` escape, a block string, a raw tab) written as `literal`
    writes it. Only those are touched, so the positions in the engine's error messages stay
    right on every other line; most documents have none and are returned as they are."""
    if "\\u" not in source and '"""' not in source and "\t" not in source:
        return source
    edits = []
    for node in string_values(parse(source)):  # with locations, this once
        assert node.loc is not None
        written = literal(node.value)
        if source[node.loc.start : node.loc.end] != written:
            edits.append((node.loc.start, node.loc.end, written))
    parts, end = [], 0
    for start, stop, written in sorted(edits):
        parts += [source[end:start], written]
        end = stop
    parts.append(source[end:])
    return "".join(parts)


def literal(text: str) -> str:
    """`text` as a GraphQL string literal: its characters as themselves, escapes only where the
    grammar requires one."""
    return f'"{text.translate(_LITERAL_ESCAPES)}"'


class _BudgetedFieldMerging(OverlappingFieldsCanBeMergedRule):
    """graphql-core's field-merging rule with `OVERLAP_BUDGET` instead of its default budget
    (for this rule only: the module's global stays as it is)."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.rule_context.remaining_complexity_budget = OVERLAP_BUDGET


_RULES = tuple(_BudgetedFieldMerging if rule is OverlappingFieldsCanBeMergedRule else rule for rule in specified_rules)
_ABORTED = "Validation aborted."


def _refusal(errors: list[GraphQLError]) -> AppError:
    messages = [
        "The query is too complex to validate: select each field once where you can"
        if error.message == _ABORTED
        else error.message
        for error in errors
    ]
    return bad_input(messages[0], errors=messages) if len(messages) > 1 else bad_input(messages[0])


def _scalar_declarations(sdl: str, engine_scalars: Iterable[str]) -> str:
    """`scalar X` for each engine scalar that `sdl` uses without declaring it: the schema must
    be the SDL files' and no more (an unused Date would show in introspection)."""
    document = parse(sdl)
    used: set[str] = set()

    class Names(Visitor):
        def enter_named_type(self, node: NamedTypeNode, *_: object) -> None:
            used.add(node.name.value)

    visit(document, Names())
    defined = {name.value for d in document.definitions if (name := getattr(d, "name", None)) is not None}
    return "".join(f"\nscalar {name}\n" for name in engine_scalars if name in used and name not in defined)


_current: Gate | None = None


def install(gate: Gate) -> None:
    """Make `gate` the process's (the engine's registry is per process too: see `engine`)."""
    global _current
    _current = gate


def current() -> Gate:
    if _current is None:
        raise RuntimeError("No GraphQL gate yet: the engine is cooked at startup (engine.get_engine)")
    return _current
