"""Direct operations: a document of one plain root field answered without the engine.

Tartiflette spends most of a chat send's GraphQL time building an execution context, coercing
variables again and resolving every scalar field through a chain of coroutines (200 us of a
send on a slow machine). The documents chat's clients send are always the same few, of one
shape: one root field whose resolver is registered `direct` (it reads no `info`: it gets None),
its arguments all variables of exactly the argument's (non-null, built-in scalar) type, and a
selection of fields that the engine would read with its default resolver (no resolver of their
own, no arguments, no directives, no fragments; `__typename` is fine). Such a document gets a
`DirectPlan` once per text, and each request whose variables have exactly the Python types the
engine would hand the resolver (a str for String and ID, an int within 32 bits for Int, a bool
for Boolean; no variable beyond the document's) runs as: the resolver awaited, its result read
as the engine's default resolver reads it (`engine._default_resolver`), each scalar written by
the engine's own output coercer, errors shaped as `engine._coerce_error` shapes them (with the
same `path` and `locations`). The answer is the engine's, byte for byte: tests compare the two
on every such document the app sends. Anything else (another shape, a variable of another type,
which the engine would coerce or refuse) goes to the engine as before.

What the engine would answer for a result that breaks its own type (a null for a non-null
field, a value its scalar cannot write) is not reproduced: that is a bug of the server, answered
INTERNAL and logged, as any other.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from graphql import GraphQLField, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType, GraphQLSchema, parse
from graphql.error import GraphQLSyntaxError
from graphql.language import (
    FieldNode,
    NamedTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Source,
    VariableNode,
    get_location,
)

from edusphere.core.errors import INTERNAL_MESSAGE, AppError, ErrorCode

log = logging.getLogger(__name__)

Coercer = Callable[[Any], Any]
ResolverFn = Callable[..., Awaitable[Any]]


def _fits_string(value: Any) -> bool:
    return type(value) is str


def _fits_int(value: Any) -> bool:
    return type(value) is int and -(2**31) <= value < 2**31


def _fits_boolean(value: Any) -> bool:
    return type(value) is bool


# The variable types a direct plan takes, and the Python values the engine passes on unchanged.
_FITS: dict[str, Callable[[Any], bool]] = {
    "String": _fits_string,
    "ID": _fits_string,
    "Int": _fits_int,
    "Boolean": _fits_boolean,
}


class Broken(Exception):
    """The resolver's result does not fit its type (a bug of the server)."""


@dataclass(frozen=True)
class Field:
    """One selected field: `key` in the response, read from `attribute` of its parent."""

    key: str
    attribute: str
    nullable: bool
    coerce: Coercer | None = None  # a scalar's output coercer
    selection: tuple[Field, ...] | None = None  # an object's fields
    typename: str | None = None  # `__typename`: this constant


@dataclass(frozen=True)
class DirectPlan:
    key: str  # the root field's response key
    resolver: ResolverFn
    arguments: tuple[tuple[str, str, Callable[[Any], bool]], ...]  # (argument, variable, fits)
    root: Field
    locations: tuple[dict[str, int], ...]

    def arguments_of(self, variables: dict[str, Any] | None) -> dict[str, Any] | None:
        """The resolver's arguments, when `variables` are exactly what the plan takes; else None
        (the engine coerces or refuses them)."""
        given = variables or {}
        if len(given) != len(self.arguments):
            return None
        arguments = {}
        for argument, variable, fits in self.arguments:
            if variable not in given or not fits(given[variable]):
                return None
            arguments[argument] = given[variable]
        return arguments

    async def run(self, arguments: dict[str, Any], context: Any) -> dict[str, Any]:
        try:
            value = await self.resolver(None, arguments, context, None)
        except AppError as error:
            return self._failed(error.as_graphql())
        except Exception as error:
            log.error("unhandled error in a resolver", exc_info=error)
            return self._failed(_internal())
        try:
            return {"data": {self.key: _complete(self.root, value)}}
        except Exception as error:
            log.error("a direct operation's result does not fit its type", exc_info=error)
            return self._failed(_internal())

    def _failed(self, shaped: dict[str, Any]) -> dict[str, Any]:
        shaped["path"] = [self.key]
        shaped["locations"] = [dict(location) for location in self.locations]
        return {"data": None, "errors": [shaped]}


def _internal() -> dict[str, Any]:
    return {"message": INTERNAL_MESSAGE, "extensions": {"code": ErrorCode.INTERNAL.value}}


def _complete(field: Field, value: Any) -> Any:
    if value is None:
        if not field.nullable:
            raise Broken(f"null for the non-null {field.key}")
        return None
    if field.coerce is not None:
        return field.coerce(value)
    assert field.selection is not None
    result: dict[str, Any] = {}
    for child in field.selection:
        if child.typename is not None:
            result[child.key] = child.typename
            continue
        # As `engine._default_resolver` reads a field (models and dicts; a UUID as its text).
        read = value.get(child.attribute) if isinstance(value, dict) else getattr(value, child.attribute, None)
        result[child.key] = _complete(child, str(read) if isinstance(read, UUID) else read)
    return result


@dataclass(frozen=True)
class Planner:
    """Makes plans against the schema graphql-core validated the document with."""

    schema: GraphQLSchema
    resolvers: dict[str, ResolverFn]  # every registered resolver, by "Type.field"
    direct: frozenset[str]  # the root fields whose resolvers may run directly
    coercer: Callable[[str], Coercer | None]  # the engine's output coercer of a scalar
    snake: Callable[[str], str]  # the default resolver's attribute name for a field

    def plan(self, source: str, operation_name: str | None) -> DirectPlan | None:
        """A plan for `source` (already valid: the gate checked it), or None when it is not of
        the direct shape."""
        # The engine counts columns in bytes and may count line ends otherwise: ASCII, `\n` only.
        if not source.isascii() or "\r" in source:
            return None
        try:
            document = parse(source)
        except GraphQLSyntaxError:
            return None
        if len(document.definitions) != 1 or not isinstance(document.definitions[0], OperationDefinitionNode):
            return None
        operation = document.definitions[0]
        named = operation.name.value if operation.name else None
        if operation.directives or (operation_name is not None and named != operation_name):
            return None
        root_type = self.schema.get_root_type(operation.operation)
        selections = operation.selection_set.selections
        if root_type is None or len(selections) != 1 or not isinstance(selections[0], FieldNode):
            return None
        node = selections[0]
        name = f"{root_type.name}.{node.name.value}"
        definition = root_type.fields.get(node.name.value)
        if name not in self.direct or name not in self.resolvers or not _plain(definition) or node.directives:
            return None
        assert definition is not None
        arguments = self._arguments(operation, node, definition.args)
        root = self._field(node, definition.type, root=True)
        if arguments is None or root is None or root.nullable or node.loc is None:
            return None
        location = get_location(Source(source), node.loc.start)
        return DirectPlan(
            key=root.key,
            resolver=self.resolvers[name],
            arguments=arguments,
            root=root,
            locations=({"line": location.line, "column": location.column},),
        )

    def _arguments(
        self, operation: OperationDefinitionNode, node: FieldNode, declared: dict[str, Any]
    ) -> tuple[tuple[str, str, Callable[[Any], bool]], ...] | None:
        definitions = {}
        for definition in operation.variable_definitions or ():
            if definition.default_value is not None or definition.directives:
                return None
            definitions[definition.variable.name.value] = definition.type
        found = []
        used = set()
        for argument in node.arguments or ():
            value, declaration = argument.value, declared.get(argument.name.value)
            if not isinstance(value, VariableNode) or declaration is None or value.name.value in used:
                return None
            kind = _non_null_scalar(definitions.get(value.name.value))
            if kind is None or kind not in _FITS or str(declaration.type) != f"{kind}!":
                return None
            used.add(value.name.value)
            found.append((argument.name.value, value.name.value, _FITS[kind]))
        if used != set(definitions):
            return None
        return tuple(found)

    def _field(self, node: FieldNode, output: Any, *, root: bool = False) -> Field | None:
        if node.directives or (node.arguments and not root):
            return None
        key = (node.alias or node.name).value
        nullable = not isinstance(output, GraphQLNonNull)
        named = output.of_type if isinstance(output, GraphQLNonNull) else output
        attribute = self.snake(node.name.value)
        if isinstance(named, GraphQLScalarType):
            coerce = self.coercer(named.name)
            if node.selection_set is not None or coerce is None:
                return None
            return Field(key, attribute, nullable, coerce=coerce)
        if isinstance(named, GraphQLObjectType) and node.selection_set is not None:
            selection = self._selection(named, node.selection_set)
            return None if selection is None else Field(key, attribute, nullable, selection=selection)
        return None  # lists, enums, interfaces and unions go to the engine

    def _selection(self, parent: GraphQLObjectType, selection_set: SelectionSetNode) -> tuple[Field, ...] | None:
        fields: list[Field] = []
        for selection in selection_set.selections:
            if not isinstance(selection, FieldNode):
                return None  # fragments go to the engine
            key = (selection.alias or selection.name).value
            if any(f.key == key for f in fields):
                return None  # the engine merges a repeated response key
            if selection.name.value == "__typename":
                if selection.directives:
                    return None
                fields.append(Field(key, "", False, typename=parent.name))
                continue
            definition = parent.fields.get(selection.name.value)
            if not _plain(definition) or f"{parent.name}.{selection.name.value}" in self.resolvers:
                return None  # a field with a resolver of its own is the engine's
            assert definition is not None
            field = self._field(selection, definition.type)
            if field is None:
                return None
            fields.append(field)
        return tuple(fields)


def _plain(definition: GraphQLField | None) -> bool:
    """A field the schema declares without directives (one could change how it is written)."""
    return definition is not None and not (definition.ast_node is not None and definition.ast_node.directives)


def _non_null_scalar(node: Any) -> str | None:
    if isinstance(node, NonNullTypeNode) and isinstance(node.type, NamedTypeNode):
        return node.type.name.value
    return None
