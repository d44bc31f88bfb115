"""Open sockets follow their identity: token expiry, logout, deactivation, and what survives."""

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from types import SimpleNamespace

from sanic import Sanic

from edusphere.auth import accounts, sessions, tokens
from edusphere.auth.authentication import SESSION_TOPIC, USER_TOPIC
from edusphere.auth.models import Role
from edusphere.auth.sockets import TOKEN_EXPIRED, SocketWatch
from edusphere.auth.viewer import Viewer
from edusphere.core.runtime import Runtime
from tests.core.test_graphql_ws import acked, closed_with, receive, send, socket
from tests.helpers import make_user


async def still_open(ws) -> bool:  # type: ignore[no-untyped-def]
    await send(ws, {"type": "ping"})
    return await receive(ws) == {"type": "pong"}


async def test_a_socket_closes_when_its_token_expires(app: Sanic, runtime: Runtime) -> None:
    auth = await make_user(runtime)
    short = replace(runtime.settings, access_token_ttl_seconds=1)
    token = tokens.issue_access_token(short, auth.user.id, auth.user.role, auth.session_id)
    async with socket(app) as ws:
        await acked(ws, token)
        started = asyncio.get_running_loop().time()
        assert await closed_with(ws) == (4403, TOKEN_EXPIRED)
        assert asyncio.get_running_loop().time() - started < 3


async def test_logout_closes_that_session_s_sockets_and_no_others(app: Sanic, runtime: Runtime) -> None:
    laptop = await make_user(runtime)
    phone = await sessions.start_session(runtime, laptop.user)  # the same person, a second session
    async with socket(app) as on_laptop, socket(app) as on_phone:
        await acked(on_laptop, laptop.access_token)
        await acked(on_phone, phone.access_token)
        await sessions.logout(runtime, laptop.refresh_token)
        assert await closed_with(on_laptop) == (4403, "This session has been revoked")
        assert await still_open(on_phone)


async def test_deactivating_an_account_closes_its_sockets(app: Sanic, runtime: Runtime) -> None:
    admin = await make_user(runtime, Role.ADMIN, name="Admin")
    learner = await make_user(runtime)
    async with socket(app) as ws:
        await acked(ws, learner.access_token)
        await accounts.set_user_active(runtime, admin.viewer, str(learner.user.id), False)
        code, _ = await closed_with(ws)
        assert code == 4403


async def test_a_changed_user_who_still_passes_carries_on_as_changed(app: Sanic, runtime: Runtime) -> None:
    learner = await make_user(runtime, name="Before")
    async with socket(app) as ws:
        await acked(ws, learner.access_token)
        await accounts.update_profile(runtime, learner.viewer, display_name="After")
        await asyncio.sleep(0.2)  # the announcement reaches the socket's recheck
        assert await still_open(ws)
        await send(ws, {"id": "me", "type": "subscribe", "payload": {"query": "{ me { displayName } }"}})
        assert (await receive(ws))["payload"] == {"data": {"me": {"displayName": "After"}}}


class FakeBus:
    def __init__(self) -> None:
        self.handlers: dict[str, list[Callable[[str], None]]] = {}
        self.resets: list[Callable[[], None]] = []

    def on(self, topic: str, handler: Callable[[str], None]) -> None:
        self.handlers.setdefault(topic, []).append(handler)

    def on_reset(self, reset: Callable[[], None]) -> None:
        self.resets.append(reset)

    def announce(self, topic: str, value: object) -> None:
        for handler in self.handlers[topic]:
            handler(str(value))


def viewer(user_id: uuid.UUID, session_id: uuid.UUID, expires_at: float | None = None) -> Viewer:
    return Viewer(user=SimpleNamespace(id=user_id), session_id=session_id, expires_at=expires_at)  # type: ignore[arg-type]


class FakeSocket:
    def __init__(self) -> None:
        self.rechecks = 0
        self.ended: list[str] = []

    async def recheck(self) -> None:
        self.rechecks += 1

    async def end(self, reason: str) -> None:
        self.ended.append(reason)


async def test_the_watch_rechecks_whom_an_announcement_names_and_everyone_after_a_reset() -> None:
    bus = FakeBus()
    watch = SocketWatch(SimpleNamespace(bus=bus))  # type: ignore[arg-type]
    ana, bob = uuid.uuid4(), uuid.uuid4()
    ana_laptop, ana_phone, bob_laptop = FakeSocket(), FakeSocket(), FakeSocket()
    ana_session = uuid.uuid4()
    watch.watch(viewer(ana, ana_session), ana_laptop)
    unwatch = watch.watch(viewer(ana, uuid.uuid4()), ana_phone)
    watch.watch(viewer(bob, uuid.uuid4()), bob_laptop)

    bus.announce(SESSION_TOPIC, ana_session)
    bus.announce(USER_TOPIC, "not-a-uuid")  # ignored
    await asyncio.sleep(0)
    assert (ana_laptop.rechecks, ana_phone.rechecks, bob_laptop.rechecks) == (1, 0, 0)
    bus.announce(USER_TOPIC, ana)
    await asyncio.sleep(0)
    assert (ana_laptop.rechecks, ana_phone.rechecks, bob_laptop.rechecks) == (2, 1, 0)
    unwatch()  # the phone closed
    for reset in bus.resets:
        reset()
    await asyncio.sleep(0.01)
    assert (ana_laptop.rechecks, ana_phone.rechecks, bob_laptop.rechecks) == (3, 1, 1)
    await watch.aclose()


async def test_a_watched_socket_ends_when_its_token_runs_out() -> None:
    watch = SocketWatch(SimpleNamespace(bus=None), sweep_seconds=0.02)  # type: ignore[arg-type]
    socket, closed_early = FakeSocket(), FakeSocket()
    user = uuid.uuid4()
    watch.watch(viewer(user, uuid.uuid4(), expires_at=time.time() + 0.05), socket)
    unwatch = watch.watch(viewer(user, uuid.uuid4(), expires_at=time.time() + 0.05), closed_early)
    unwatch()
    await asyncio.sleep(0.15)
    assert (socket.ended, closed_early.ended) == ([TOKEN_EXPIRED], [])
    assert not watch.sockets
    await watch.aclose()
