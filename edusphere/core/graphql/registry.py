"""Resolver registration that does not depend on the GraphQL engine in use.

Domains decorate plain async functions `(parent, args, ctx, info)`; the engine module binds
them to Tartiflette when it cooks the schema. Swapping the engine touches only that module.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

ResolverFn = Callable[..., Awaitable[Any]]
F = TypeVar("F", bound=Callable[..., Any])

_resolvers: dict[str, ResolverFn] = {}
_subscriptions: dict[str, Callable[..., Any]] = {}
_streams: dict[str, Callable[..., Awaitable[None]]] = {}
_direct: set[str] = set()


def resolver(field: str, *, direct: bool = False) -> Callable[[F], F]:
    """Register the resolver of `Type.field`. `direct`: a root field whose resolver reads no
    `info` (it may be called with None), so that a document selecting plain fields of its result
    may run without the engine (see `direct`)."""

    def register(fn: F) -> F:
        if field in _resolvers and _resolvers[field] is not fn:
            raise ValueError(f"A resolver for {field} is already registered")
        _resolvers[field] = fn
        if direct:
            _direct.add(field)
        return fn

    return register


def subscription(field: str) -> Callable[[F], F]:
    """Register the async generator that produces the source events of `Subscription.field`."""

    def register(fn: F) -> F:
        _subscriptions[field] = fn
        return fn

    return register


def stream(field: str) -> Callable[[F], F]:
    """Register a handler that serves subscriptions to the root field `field` itself, instead of
    the engine executing the document once per subscriber (for fan-out: see `chat.hub`). The
    handler is awaited with a `transport.Subscription` until it returns or is cancelled."""

    def register(fn: F) -> F:
        _streams[field] = fn
        return fn

    return register


def registered_streams() -> dict[str, Callable[..., Awaitable[None]]]:
    return dict(_streams)


def registered_direct() -> set[str]:
    return set(_direct)


def registered_resolvers() -> dict[str, ResolverFn]:
    return dict(_resolvers)


def registered_subscriptions() -> dict[str, Callable[..., Any]]:
    return dict(_subscriptions)
