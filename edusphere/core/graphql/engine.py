"""The only module that imports Tartiflette (frozen upstream since 2021).

It cooks one engine per process from the SDL files and resolvers of the domain packages
(Tartiflette's schema registry is global: one schema name, one engine), and turns every error
into EduSphere's single shape. Transports call `GraphQLEngine.execute`/`subscribe` only.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import re
from collections.abc import AsyncIterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

from tartiflette import Resolver, Subscription, TartifletteError, create_engine
from tartiflette.execution.execute import execute as execute_document

from edusphere.core.errors import INTERNAL_MESSAGE, AppError, ErrorCode
from edusphere.core.graphql.registry import registered_resolvers, registered_subscriptions

log = logging.getLogger(__name__)

SCHEMA_NAME = "edusphere"
BASE_SDL = Path(__file__).with_name("base.graphql")

_engine: GraphQLEngine | None = None
_lock = asyncio.Lock()


class GraphQLEngine:
    def __init__(self, engine: Any) -> None:
        self._engine = engine

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
            async with asyncio.timeout(time_limit):
                result: dict[str, Any] = await self._engine.execute(
                    document, operation_name=operation_name, context=context, variables=variables
                )
        except TimeoutError:
            return {"data": None, "errors": [_timeout_error(time_limit)]}
        return result

    def validate(self, document: str) -> list[dict[str, Any]]:
        """Tartiflette's own parse and validation of `document` (cached), as error messages."""
        _, errors = self._engine._cached_parse_and_validate_query(document, self._engine._schema)
        return [{"message": str(getattr(e, "message", e)), "extensions": {"code": ErrorCode.BAD_USER_INPUT.value}}
                for e in errors or ()]  # fmt: skip

    async def execute_event(
        self, document: str, *, event: Any, variables: dict[str, Any] | None, operation_name: str | None, context: Any
    ) -> dict[str, Any]:
        """Run a subscription document against one source event: what a subscriber receives.
        Used by hubs that fan one event out to many subscribers of the same document."""
        parsed, errors = self._engine._cached_parse_and_validate_query(document, self._engine._schema)
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

    async def subscribe(
        self,
        document: str,
        *,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        context: Any,
    ) -> AsyncIterator[dict[str, Any]]:
        async for result in self._engine.subscribe(
            document, operation_name=operation_name, context=context, variables=variables
        ):
            yield result


async def get_engine(domains: Sequence[str]) -> GraphQLEngine:
    """The process's engine, cooked on first use from `domains`."""
    global _engine
    async with _lock:
        if _engine is None:
            _engine = GraphQLEngine(await _cook(tuple(domains)))
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


async def _cook(domains: tuple[str, ...]) -> Any:
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
    return await create_engine(
        sdl_files(domains),
        schema_name=SCHEMA_NAME,
        error_coercer=_coerce_error,  # type: ignore[arg-type]  # its hint omits the coroutine
        custom_default_resolver=_default_resolver,
        coerce_parent_concurrently=False,
    )


async def _default_resolver(parent: Any, args: dict[str, Any], ctx: Any, info: Any) -> Any:
    """Read camelCase GraphQL fields from snake_case attributes or keys (models and dicts)."""
    name = _snake(info.field_name)
    value = parent.get(name) if isinstance(parent, dict) else getattr(parent, name, None)
    # Tartiflette's ID scalar only takes str/int; primary keys are UUIDs.
    return str(value) if isinstance(value, UUID) else value


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
