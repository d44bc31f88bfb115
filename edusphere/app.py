"""The Sanic application factory and its life cycle.

Main process (once, before workers): start the embedded PostgreSQL/Redis for whichever URL is
not configured (and, outside production, the SMTP catcher when no SMTP_URL is set), publish
their URLs to the workers through the environment, and check (or, in development, apply)
migrations. Each worker: connect to PostgreSQL and Redis and cook the
GraphQL engine, then start the domains' background workers. Each worker stops its domains'
background workers, then closes its connections; then the main process stops the embedded
servers.

No domain is named here: each `Domain` of `edusphere.domains` brings its routes, workers and
readiness sections (`edusphere.core.domain`).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import socket
from collections.abc import Sequence
from functools import partial
from typing import Any

from sanic import Sanic

from edusphere.auth.authentication import authenticate
from edusphere.auth.sockets import watch_socket
from edusphere.core import database
from edusphere.core.domain import Domain, Worker
from edusphere.core.embedded import EmbeddedServers, ensure_database
from edusphere.core.graphql.engine import get_engine
from edusphere.core.graphql.http import bp as graphql_bp
from edusphere.core.graphql.ws import MAX_FRAME_BYTES
from edusphere.core.graphql.ws import bp as graphql_ws_bp
from edusphere.core.health import bp as health_bp
from edusphere.core.health import sections_report
from edusphere.core.http import JSONErrorHandler, install_cors
from edusphere.core.invalidation import InvalidationBus, channel
from edusphere.core.redis import Keys, check_redis, connect_redis, create_redis
from edusphere.core.runtime import Runtime
from edusphere.core.settings import ConfigurationError, Environment, Settings, check_serving
from edusphere.core.shutdown import install_graceful_shutdown
from edusphere.core.spa import install_spa
from edusphere.domains import DOMAINS, domains

log = logging.getLogger(__name__)

App = Sanic[Any, Any]

REQUEST_MAX_BYTES = 1_000_000


def create_app(settings: Settings, name: str = "edusphere", with_domains: Sequence[Domain] | None = None) -> App:
    """The app for `settings`, wired with `with_domains` (default: every domain of
    `edusphere.domains`; tests pass their own)."""
    app = Sanic(name, error_handler=JSONErrorHandler())
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.REQUEST_MAX_SIZE = REQUEST_MAX_BYTES
    app.config.PROXIES_COUNT = settings.proxies_count
    app.config.DEBUG = False
    app.config.WEBSOCKET_MAX_SIZE = MAX_FRAME_BYTES
    app.ctx.settings = settings
    app.ctx.authenticate = authenticate
    app.ctx.watch_socket = watch_socket
    # Before the socket route: its listener must run before Sanic's, which closes sockets with 1000.
    install_graceful_shutdown(app, settings.shutdown_timeout_seconds)
    app.blueprint(health_bp)
    app.blueprint(graphql_bp)
    app.blueprint(graphql_ws_bp)
    app.ctx.domains = list(domains() if with_domains is None else with_domains)
    for domain in app.ctx.domains:
        for blueprint in domain.blueprints():
            app.blueprint(blueprint)
    install_cors(app, settings.allowed_origins)
    if settings.static_dir is not None:
        install_spa(app, settings.static_dir)
    app.main_process_start(_start_backing_services)
    app.main_process_stop(_stop_backing_services)
    app.before_server_start(_open_resources)
    app.after_server_stop(_close_resources)
    return app


async def _tune_garbage_collector(app: App) -> None:
    """Keep the collector's pauses out of chat latency. A full collection walks every tracked
    object: ~100k after start-up plus ~150 per open socket, 80-100 ms with a thousand sockets,
    and every delivery waited. What is alive once the worker has started (modules, the schema,
    the engine) lives as long as the process and is frozen out of collections; a larger first
    generation promotes far fewer short-lived objects (events in flight), so full collections
    become rare. Measured, 10 rooms x 100 subscribers: one full collection every 5-10 s before,
    none in 20 s after; p99 20-34 ms -> 14 ms."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 10)


def create_app_from_env() -> App:
    """Worker-side factory: the main process has put the resolved URLs into the environment.
    Only a serving worker owns its process, so only it tunes the collector (tests run apps
    inside pytest's process)."""
    app = create_app(Settings.from_env())
    app.after_server_start(_tune_garbage_collector)
    return app


async def _start_backing_services(app: App) -> None:
    settings: Settings = app.ctx.settings
    check_serving(settings)
    embedded = EmbeddedServers(settings.data_dir.resolve())
    app.ctx.embedded = embedded
    try:
        database_url, redis_url = await embedded.start(settings.database_url, settings.redis_url)
        os.environ["DATABASE_URL"], os.environ["REDIS_URL"] = database_url, redis_url
        await check_redis(redis_url, settings.redis_pool)  # a cluster nobody answers for: refused now
        if settings.mail.smtp_url is None:  # never in production: check_serving refused that
            os.environ["SMTP_URL"] = embedded.start_smtp(settings.mail_dir.resolve())
        await _check_migrations(settings, database_url)
    except BaseException:
        embedded.stop()
        raise


async def _check_migrations(settings: Settings, database_url: str) -> None:
    if settings.env is Environment.DEVELOPMENT:
        await ensure_database(database_url)
        await database.apply_migrations(database_url, progress=log.info, pooler=settings.database_pooler)
        return
    await database.connect(database_url, settings.database_pooler)
    try:
        await database.ensure_migrated()
    finally:
        await database.disconnect()


async def _stop_backing_services(app: App) -> None:
    embedded: EmbeddedServers | None = getattr(app.ctx, "embedded", None)
    if embedded is not None:
        embedded.stop()


async def _open_resources(app: App) -> None:
    settings: Settings = app.ctx.settings
    if settings.database_url is None or settings.redis_url is None:
        raise ConfigurationError("DATABASE_URL and REDIS_URL must be resolved before workers start")
    await database.connect(settings.database_url, settings.database_pooler)
    redis = create_redis(settings.redis_url, settings.redis_pool)
    try:
        await connect_redis(redis)  # a cluster nobody answers for stops the start here
    except ConfigurationError:
        await database.disconnect()
        raise
    bus = InvalidationBus(redis, channel(Keys(settings.redis_prefix)))
    await bus.start()
    app.ctx.runtime = Runtime(settings=settings, redis=redis, bus=bus)
    app.ctx.engine = await get_engine(DOMAINS)
    await start_domains(app, app.ctx.runtime, process_name(settings))


def process_name(settings: Settings) -> str:
    """Stable across restarts (host, port, worker), so a restarted process's workers first take
    up what they left pending (chat's write-behind consumers); distinct for every server
    process on a host."""
    worker = os.environ.get("SANIC_WORKER_NAME", str(os.getpid()))
    return f"{socket.gethostname()}-{settings.port}-{worker}"


async def start_domains(app: App, runtime: Runtime, name: str) -> None:
    """Start every domain's workers, in domain order, and gather their readiness sections. If
    one fails to start, those already started are stopped before the error goes on."""
    domains_: list[Domain] = app.ctx.domains
    started: list[list[Worker]] = []
    app.ctx.domain_workers = started
    try:
        for domain in domains_:
            workers: list[Worker] = []
            started.append(workers)
            for factory in domain.workers:
                for worker in _as_list(factory(runtime, name)):
                    await worker.start()
                    workers.append(worker)
    except BaseException:
        await stop_domains(app)
        raise
    app.ctx.readiness_details = sections_report(
        {domain.name: partial(domain.readiness, runtime) for domain in domains_ if domain.readiness is not None}
    )


def _as_list(made: Worker | Sequence[Worker] | None) -> Sequence[Worker]:
    if made is None:
        return ()
    if isinstance(made, Sequence):
        return made
    return (made,)


async def stop_domains(app: App) -> None:
    """Stop the domains' workers, the last domain's first (it may use an earlier one's), each
    domain's side by side. A worker that fails to stop is logged; the others still stop."""
    started: list[list[Worker]] = getattr(app.ctx, "domain_workers", [])
    app.ctx.domain_workers = []
    interrupted: BaseException | None = None
    for workers in reversed(started):
        outcomes = await asyncio.gather(*(worker.stop() for worker in workers), return_exceptions=True)
        for worker, outcome in zip(workers, outcomes, strict=True):
            if isinstance(outcome, Exception):
                log.error("%r did not stop cleanly", worker, exc_info=outcome)
            elif isinstance(outcome, BaseException):
                interrupted = outcome  # a cancellation: the rest still stop first
    if interrupted is not None:
        raise interrupted


async def _close_resources(app: App) -> None:
    await stop_domains(app)
    runtime: Runtime | None = getattr(app.ctx, "runtime", None)
    if runtime is not None:
        for cache in runtime.caches.values():
            if hasattr(cache, "aclose"):
                await cache.aclose()
        if runtime.bus is not None:
            await runtime.bus.stop()
        await runtime.redis.aclose()
    await database.disconnect()
