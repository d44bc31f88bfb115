"""Open sockets follow their identity: token expiry, logout, deactivation, and what survives."""

import asyncio
from dataclasses import replace

from sanic import Sanic

from edusphere.auth import accounts, sessions, tokens
from edusphere.auth.models import Role
from edusphere.auth.sockets import TOKEN_EXPIRED
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
