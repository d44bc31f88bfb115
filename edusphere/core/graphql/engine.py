"""The only module that imports Tartiflette (frozen upstream since 2021).

It cooks one engine per process from the SDL files and resolvers of the domain packages
(Tartiflette's schema registry is global: one schema name, one engine), puts graphql-core's
gate in front of it (see `gate`), and turns every error into EduSphere's single shape.
Transports call `GraphQLEngine` only.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any
from uuid import UUID

from graphql import GraphQLEnumType, GraphQLSchema, OperationType
from tartiflette import Resolver, Subscription, TartifletteError, create_engine
from tartiflette.execution.execute import execute as execute_document
from tartiflette.resolver.default import default_field_resolver

from edusphere.core.errors import INTERNAL_MESSAGE, AppError, ErrorCode
from edusphere.core.graphql.direct import Coercer, DirectPlan, Planner
from edusphere.core.graphql.gate import CheckedDocument, Gate, install
from edusphere.core.graphql.registry import registered_direct, registered_resolvers, registered_subscriptions

log = logging.getLogger(__name__)

SCHEMA_NAME = "edusphere"
BASE_SDL = Path(__file__).with_name("base.graphql")
# Scalars Tartiflette defines itself, which the SDL files may use without declaring.
ENGINE_SCALARS = ("Date", "DateTime", "Time")

_engine: GraphQLEngine | None = None
_lock = asyncio.Lock()


@dataclass(frozen=True)
class Admitted:
    """A request the gate let through: what the engine runs."""

    source: str  # the document as the engine must read it (see `gate.engine_source`)
    variables: dict[str, Any] | None
    operation_name: str | None
    # A document of the direct shape, with variables that fit it: run without the engine (see
    # `direct`), the same answer. None: the engine runs it.
    direct: tuple[DirectPlan, dict[str, Any]] | None = None


class GraphQLEngine:
    """Tartiflette behind graphql-core's gate: every entry point admits the request first, so
    an invalid one is BAD_USER_INPUT whichever transport brings it."""

    def __init__(self, engine: Any, gate: Gate, planner: Planner | None = None) -> None:
        self._engine = engine
        self.gate = gate
        self._planner = planner
        self._plans = lru_cache(maxsize=1024)(planner.plan) if planner is not None else None

    def admit(self, document: str, operation_name: str | None, variables: dict[str, Any] | None) -> Admitted:
        """Validate `document` (cached) and coerce `variables`; AppError when they are not valid."""
        checked = self.gate.check(document)
        direct = self._direct(checked, document, operation_name, variables)
        if direct is None:
            self.gate.variables(checked, operation_name, variables)
        return Admitted(checked.engine_source, variables, operation_name, direct)

    def _direct(
        self, checked: CheckedDocument, document: str, operation_name: str | None, variables: dict[str, Any] | None
    ) -> tuple[DirectPlan, dict[str, Any]] | None:
        """The direct plan of a valid `document` and the resolver's arguments, when the document
        is of its shape and `variables` are exactly of the types it takes (graphql-core would
        accept them as they are: the gate's coercion is not needed)."""
        if self._plans is None or self._planner is None:
            return None
        operation = checked.operation(operation_name)
        root = operation.root_field
        if root is None or f"{_ROOT_TYPES[operation.operation]}.{root.name.value}" not in self._planner.direct:
            return None
        plan = self._plans(document, operation_name)
        arguments = plan.arguments_of(variables) if plan is not None else None
        return None if plan is None or arguments is None else (plan, arguments)

    async def execute(
        self,
        document: str,
        *,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        context: Any,
        time_limit: float,
    ) -> dict[str, Any]:
        try:
            admitted = self.admit(document, operation_name, variables)
        except AppError as error:
            return {"data": None, "errors": [error.as_graphql()]}
        return await self.run(admitted, context=context, time_limit=time_limit)

    async def run(self, admitted: Admitted, *, context: Any, time_limit: float) -> dict[str, Any]:
        try:
            async with asyncio.timeout(time_limit):
                if admitted.direct is not None:
                    plan, arguments = admitted.direct
                    return await plan.run(arguments, context)
                result: dict[str, Any] = await self._engine.execute(
                    admitted.source,
                    operation_name=admitted.operation_name,
                    context=context,
                    variables=admitted.variables,
                )
        except TimeoutError:
            return {"data": None, "errors": [_timeout_error(time_limit)]}
        return result

    async def execute_event(
        self, document: str, *, event: Any, variables: dict[str, Any] | None, operation_name: str | None, context: Any
    ) -> dict[str, Any]:
        """Run a subscription document against one source event: what a subscriber receives.
        Used by hubs that fan one event out to many subscribers of the same document, after
        `admit` accepted it."""
        source = self.gate.check(document).engine_source
        parsed, errors = self._engine._cached_parse_and_validate_query(source, self._engine._schema)
        if errors:
            response: dict[str, Any] = await self._engine._build_response(errors=errors)
            return response
        return await execute_document(
            self._engine._schema,
            parsed,
            self._engine._build_response,
            event,
            context,
            variables,
            operation_name,
        )


async def get_engine(domains: Sequence[str]) -> GraphQLEngine:
    """The process's engine, cooked on first use from `domains`."""
    global _engine
    async with _lock:
        if _engine is None:
            _engine = await _cook(tuple(domains))
    return _engine


def sdl_files(domains: Sequence[str]) -> list[str]:
    files = [str(BASE_SDL)]
    for domain in domains:
        package = importlib.import_module(domain)
        assert package.__file__ is not None
        schema = Path(package.__file__).with_name("schema.graphql")
        if schema.exists():
            files.append(str(schema))
    return files


async def _cook(domains: tuple[str, ...]) -> GraphQLEngine:
    for domain in domains:
        try:
            importlib.import_module(f"{domain}.resolvers")
        except ModuleNotFoundError as error:
            if error.name != f"{domain}.resolvers":
                raise
    for field, fn in registered_resolvers().items():
        Resolver(field, schema_name=SCHEMA_NAME)(fn)
    for field, fn in registered_subscriptions().items():
        Subscription(field, schema_name=SCHEMA_NAME)(fn)
    files = sdl_files(domains)
    gate = Gate.from_files(files, ENGINE_SCALARS)
    engine = await create_engine(
        files,
        schema_name=SCHEMA_NAME,
        error_coercer=_coerce_error,  # type: ignore[arg-type]  # its hint omits the coroutine
        custom_default_resolver=_default_resolver,
        coerce_parent_concurrently=False,
        # Parsed documents, by text: 256 (not its default 512) of up to ~0.8 MB each at the limits.
        query_cache_decorator=lru_cache(maxsize=256),
    )
    align_introspection(engine._schema, gate.schema)
    install(gate)
    planner = Planner(
        schema=gate.schema,
        resolvers=registered_resolvers(),
        direct=frozenset(registered_direct()),
        coercer=partial(_output_coercer, engine._schema),
        snake=_snake,
    )
    return GraphQLEngine(engine, gate, planner)


def _output_coercer(schema: Any, name: str) -> Coercer | None:
    """How the engine writes a value of the scalar `name` (what its scalar coercer calls), or
    None for a scalar with directives (they may change it) or that it does not know."""
    scalar = schema.find_scalar(name)
    if scalar is None or scalar.directives or scalar.coerce_output is None:
        return None
    coerce: Coercer = scalar.coerce_output
    return coerce


_ROOT_TYPES = {
    OperationType.QUERY: "Query",
    OperationType.MUTATION: "Mutation",
    OperationType.SUBSCRIPTION: "Subscription",
}


def align_introspection(schema: Any, reference: GraphQLSchema) -> None:
    """Make Tartiflette's introspection describe the schema of the SDL files, as graphql-core
    reads them: Tartiflette keeps a block string description undedented, and lists its own
    unused built-ins (the Date and Time scalars, the @nonIntrospectable directive)."""
    schema.types = [t for t in schema.types if t.name in reference.type_map]
    schema.directives = [d for d in schema.directives if reference.get_directive(d.name) is not None]
    for engine_type in schema.types:
        described = reference.type_map[engine_type.name]
        engine_type.description = described.description
        if isinstance(described, GraphQLEnumType):
            for value in engine_type.values:
                value.description = described.values[value.name].description
        fields = getattr(described, "fields", None)
        for field in getattr(engine_type, "fields", None) or getattr(engine_type, "inputFields", None) or ():
            if fields is not None and field.name in fields:
                field.description = fields[field.name].description
                _align_arguments(field, getattr(fields[field.name], "args", {}))
    for directive in schema.directives:
        reference_directive = reference.get_directive(directive.name)
        assert reference_directive is not None
        directive.description = reference_directive.description
        _align_arguments(directive, reference_directive.args)


def _align_arguments(engine_field: Any, arguments: dict[str, Any]) -> None:
    for argument in getattr(engine_field, "args", None) or ():
        if argument.name in arguments:
            argument.description = arguments[argument.name].description


async def _default_resolver(parent: Any, args: dict[str, Any], ctx: Any, info: Any) -> Any:
    """Read camelCase GraphQL fields from snake_case attributes or keys (models and dicts).
    Tartiflette's introspection objects (`__Schema`, `__Type`, ...) have camelCase attributes:
    they are read by Tartiflette's own resolver."""
    if info.parent_type.name.startswith("__"):
        return await default_field_resolver(parent, args, ctx, info)
    name = _snake(info.field_name)
    value = parent.get(name) if isinstance(parent, dict) else getattr(parent, name, None)
    # Tartiflette's ID scalar only takes str/int; primary keys are UUIDs. Its list coercer only
    # takes lists; frozen structs hold tuples.
    if isinstance(value, UUID):
        return str(value)
    return list(value) if isinstance(value, tuple) else value


@cache
def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


async def _coerce_error(exception: Exception, error: dict[str, Any]) -> dict[str, Any]:
    original = _original_error(exception)
    if isinstance(original, AppError):
        shaped = original.as_graphql()
    elif _raised_by_tartiflette(exception, original):
        # Syntax, validation, or coercion of variables and arguments: the client's doing.
        shaped = {
            "message": error.get("message", "Bad request"),
            "extensions": {"code": ErrorCode.BAD_USER_INPUT.value},
        }
    else:
        log.error("unhandled error in a resolver", exc_info=original)
        shaped = {"message": INTERNAL_MESSAGE, "extensions": {"code": ErrorCode.INTERNAL.value}}
    for key in ("path", "locations"):
        if error.get(key):
            shaped[key] = error[key]
    return shaped


def _raised_by_tartiflette(exception: Exception, original: BaseException | None) -> bool:
    """Resolver failures arrive as a plain TartifletteError wrapping the real exception;
    Tartiflette's own complaints are either unwrapped or one of its subclasses (CoercionError)."""
    if original is None or isinstance(original, TartifletteError):
        return True
    return isinstance(exception, TartifletteError) and type(exception) is not TartifletteError


def _original_error(exception: Exception) -> BaseException | None:
    if isinstance(exception, AppError):
        return exception
    original = getattr(exception, "original_error", None)
    while isinstance(original, TartifletteError) and getattr(original, "original_error", None):
        original = original.original_error
    return original


def _timeout_error(timeout: float) -> dict[str, Any]:
    return {
        "message": f"The query did not finish within {timeout:g} seconds",
        "extensions": {"code": ErrorCode.INTERNAL.value},
    }
