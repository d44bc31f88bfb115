"""Course chat in the browser beyond the first journey: history upwards, unread badges and the
divider, editing and moderation, recovery when Redis lost the room (RESYNC), and staying live
across token expiry."""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from dataclasses import dataclass

import asyncpg
import pytest
from playwright.async_api import Request, WebSocketRoute, expect
from redis.asyncio import Redis

from tests.e2e.browser import PHONE, CuttableProxy, fail_sends, screenshot
from tests.e2e.conftest import ACCESS_TOKEN_TTL, PASSWORD, NewPage, WebApp
from tests.e2e.test_web_app import assert_on_screen, log_in, long_words_course, published_course, shot, timeline_bodies

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
SEND = "mutation($r: ID!, $b: String!, $c: String!) { sendMessage(roomId: $r, body: $b, clientId: $c) { seq } }"


@dataclass
class Classroom:
    slug: str
    course_id: str
    general_id: str
    creator_email: str
    creator_token: str
    learner_email: str
    learner_token: str

    async def post(self, web_app: WebApp, room_id: str, *bodies: str) -> None:
        for body in bodies:
            variables = {"r": room_id, "b": body, "c": secrets.token_hex(8)}
            await web_app.gql(SEND, variables, token=self.creator_token)


async def classroom(web_app: WebApp) -> Classroom:
    creator_email, creator = await web_app.register("CREATOR", "Chat Creator")
    slug = await published_course(web_app, creator, f"Chatty {secrets.token_hex(3)}")
    course = (await web_app.gql("query($s: String!) { course(slug: $s) { id } }", {"s": slug}))["course"]["id"]
    email, learner = await web_app.register("LEARNER", "Chat Learner")
    await web_app.gql("mutation($c: ID!) { enroll(courseId: $c) { id } }", {"c": course}, token=learner)
    rooms = await web_app.gql("query($c: ID!) { rooms(courseId: $c) { id } }", {"c": course}, token=learner)
    return Classroom(slug, course, rooms["rooms"][0]["id"], creator_email, creator, email, learner)


async def test_history_loads_upwards_and_other_rooms_show_unread_badges(web_app: WebApp, new_page: NewPage) -> None:
    room = await classroom(web_app)
    await room.post(web_app, room.general_id, *(f"message {n}" for n in range(1, 71)))
    questions = (await web_app.gql('mutation($c: ID!) { createRoom(courseId: $c, name: "Questions") { id } }',
                                   {"c": room.course_id}, token=room.creator_token))["createRoom"]["id"]  # fmt: skip
    await room.post(web_app, questions, "Before you came")
    page, _ = await new_page(web_app.base_url)
    histories: list[str] = []  # the room of each history request: a room's history loads when it is shown

    def note_history(request: Request) -> None:
        if request.method == "POST" and "query History" in (request.post_data or ""):
            histories.append(json.loads(request.post_data or "{}")["variables"]["id"])

    page.on("request", note_history)
    await log_in(page, room.learner_email)
    await page.goto(f"/courses/{room.slug}/chat")
    await expect(page.get_by_test_id("live-status")).to_have_text("Live")
    # The socket may be acknowledged before the history page (heavier since threads, reactions
    # and attachments) arrives: wait for the page, then check it.
    await expect(page.get_by_test_id("chat-message")).to_have_count(50)
    assert await timeline_bodies(page) == [f"message {n}" for n in range(21, 71)]
    assert histories == [room.general_id]
    await page.get_by_role("button", name="Load older messages").click()
    await expect(page.get_by_test_id("chat-message")).to_have_count(70)
    assert await timeline_bodies(page) == [f"message {n}" for n in range(1, 71)]
    await expect(page.get_by_role("button", name="Load older messages")).to_have_count(0)

    await room.post(web_app, questions, "Is there homework?", "And a deadline?")
    badge = page.get_by_role("link", name=re.compile("Questions")).get_by_test_id("unread-badge")
    await expect(badge).to_have_text("3 unread")
    await page.get_by_role("link", name=re.compile("Questions")).click()
    await expect(page.get_by_test_id("new-divider")).to_be_visible()
    await expect(page.get_by_test_id("chat-message")).to_have_count(3)
    assert await timeline_bodies(page) == ["Before you came", "Is there homework?", "And a deadline?"]
    await expect(badge).to_have_count(0)
    assert histories == [room.general_id, room.general_id, questions]  # general's second is "load older"


async def test_authors_edit_and_the_creator_moderates_live(web_app: WebApp, new_page: NewPage) -> None:
    room = await classroom(web_app)
    learner, _ = await new_page(web_app.base_url)
    await log_in(learner, room.learner_email)
    await learner.goto(f"/courses/{room.slug}/chat")
    await room.post(web_app, room.general_id, "Rules: be kind")
    await expect(learner.get_by_test_id("timeline")).to_contain_text("Rules: be kind")
    await learner.get_by_label("Message", exact=True).fill("I has a question")
    await learner.get_by_label("Message", exact=True).press("Enter")
    mine = learner.get_by_test_id("chat-message").filter(has_text="I has a question")
    await mine.hover()
    await mine.get_by_role("button", name="Edit").click()
    await learner.get_by_label("Edit message").fill("I have a question")
    await learner.get_by_label("Edit message").press("Enter")
    await expect(mine).to_have_count(0)
    edited = learner.get_by_test_id("chat-message").filter(has_text="I have a question")
    await expect(edited).to_contain_text("(edited)")
    creators_message = learner.get_by_test_id("chat-message").filter(has_text="Rules: be kind")
    await creators_message.hover()
    await expect(creators_message.get_by_role("button", name="Delete")).to_have_count(0)

    creator, _ = await new_page(web_app.base_url)
    await log_in(creator, room.creator_email)
    await creator.goto(f"/courses/{room.slug}/chat")
    learners_message = creator.get_by_test_id("chat-message").filter(has_text="I have a question")
    await expect(learners_message).to_contain_text("(edited)")
    creator.once("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
    await learners_message.hover()
    await learners_message.get_by_role("button", name="Delete").click()
    await expect(learner.get_by_test_id("chat-message").filter(has_text="This message was deleted.")).to_have_count(1)
    await expect(learner.get_by_test_id("timeline")).not_to_contain_text("I have a question")


async def test_a_room_that_redis_lost_is_reloaded_from_postgresql(web_app: WebApp, new_page: NewPage) -> None:
    room = await classroom(web_app)
    await room.post(web_app, room.general_id, "before 1")
    proxy = CuttableProxy(web_app.port)
    port = await proxy.start()
    try:
        page, console = await new_page(f"http://127.0.0.1:{port}")
        await log_in(page, room.learner_email)
        await page.goto(f"/courses/{room.slug}/chat")
        await expect(page.get_by_test_id("live-status")).to_have_text("Live")
        await room.post(web_app, room.general_id, "before 2")  # live: the page learns the room's epoch
        await expect(page.get_by_test_id("timeline")).to_contain_text("before 2")
        await durable(web_app, room.general_id, 2)

        console.allow(r"WebSocket connection to .* failed|Failed to load resource|net::ERR_")
        proxy.cut()
        await expect(page.get_by_test_id("live-status")).to_have_text(re.compile("reconnecting"), timeout=20_000)
        redis = Redis.from_url(web_app.redis_url)
        lost = [key async for key in redis.scan_iter(match=f"{web_app.redis_prefix}room:{room.general_id}:*")]
        assert lost
        await redis.delete(*lost)  # Redis lost the room: a restart without persistence, say
        await redis.aclose()
        await room.post(web_app, room.general_id, "after 1", "after 2")
        reloads: list[str] = []
        page.on("request", lambda r: reloads.append(r.url) if "query History" in (r.post_data or "") else None)
        proxy.restore()
        await expect(page.get_by_test_id("live-status")).to_have_text("Live", timeout=20_000)
        await expect(page.get_by_test_id("timeline")).to_contain_text("after 2")
        assert await timeline_bodies(page) == ["before 1", "before 2", "after 1", "after 2"]
        assert reloads, "the server's RESYNC should have made the app reload the history"
    finally:
        await proxy.close()


async def durable(web_app: WebApp, room_id: str, count: int) -> None:
    """Wait until the write-behind has put `count` messages of the room into PostgreSQL."""
    connection = await asyncpg.connect(web_app.database_url.replace("postgres://", "postgresql://", 1))
    try:
        for _ in range(100):
            stored = await connection.fetchval("SELECT count(*) FROM chat_messages WHERE room_id = $1::uuid", room_id)
            if stored >= count:
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"only {stored} of {count} messages reached PostgreSQL")
    finally:
        await connection.close()


async def test_the_chat_stays_live_across_its_token_expiring(web_app: WebApp, new_page: NewPage) -> None:
    """The server ends a socket when its access token expires; the app comes straight back with
    a fresh one, resumes, and never tells the reader the connection was lost."""
    room = await classroom(web_app)
    page, _ = await new_page(web_app.base_url)
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    await log_in(page, room.learner_email)
    await page.goto(f"/courses/{room.slug}/chat")
    await expect(page.get_by_test_id("live-status")).to_have_text("Live")
    await page.evaluate("""() => {
        window.sawConnectionLost = false
        new MutationObserver(() => {
            if (document.body.innerText.includes('Connection lost')) window.sawConnectionLost = true
        }).observe(document.body, { subtree: true, childList: true, characterData: true })
    }""")
    opened = len(sockets)
    await asyncio.sleep(ACCESS_TOKEN_TTL + 3)  # past the token the socket was opened with
    assert len(sockets) > opened  # the server ended the socket and the app reconnected
    login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"
    creator = (await web_app.gql(login, {"e": room.creator_email, "p": PASSWORD}))["login"]["accessToken"]
    await web_app.gql(SEND, {"r": room.general_id, "b": "Still here?", "c": "after-expiry"}, token=creator)
    await expect(page.get_by_test_id("timeline")).to_contain_text("Still here?")
    await expect(page.get_by_test_id("live-status")).to_have_text("Live")
    assert await page.evaluate("window.sawConnectionLost") is False


async def test_the_chat_reconnects_after_the_server_closes_its_socket_with_1011(
    web_app: WebApp, new_page: NewPage
) -> None:
    """graphql-ws gives up for good on a 1011 (and 4500, 4400…): the page must not, and must not
    claim to be reconnecting while it is not. The page's socket runs through Playwright's
    WebSocket route to the real server, so the test can close it as the server would."""
    room = await classroom(web_app)
    page, _ = await new_page(web_app.base_url)
    routes: list[WebSocketRoute] = []

    def relay(ws: WebSocketRoute) -> None:
        ws.connect_to_server()  # frames flow both ways untouched; closing one side closes the other
        routes.append(ws)

    await page.route_web_socket(re.compile(r"/ws$"), relay)
    await log_in(page, room.learner_email)
    await page.goto(f"/courses/{room.slug}/chat")
    await expect(page.get_by_test_id("live-status")).to_have_text("Live")
    await room.post(web_app, room.general_id, "before the close")
    await expect(page.get_by_test_id("timeline")).to_contain_text("before the close")
    await screenshot(page, "chat-live")

    async with page.expect_websocket(timeout=20_000):  # the page dials again
        await routes[-1].close(code=1011, reason="Internal error")
    await expect(page.get_by_test_id("live-status")).to_have_text("Live", timeout=20_000)
    await room.post(web_app, room.general_id, "after the close")
    await expect(page.get_by_test_id("timeline")).to_contain_text("after the close")
    assert await timeline_bodies(page) == ["before the close", "after the close"]
    await screenshot(page, "chat-reconnected-after-1011")


async def test_the_chat_says_offline_while_the_browser_is_offline(web_app: WebApp, new_page: NewPage) -> None:
    room = await classroom(web_app)
    page, console = await new_page(web_app.base_url)
    await log_in(page, room.learner_email)
    await page.goto(f"/courses/{room.slug}/chat")
    status = page.get_by_test_id("live-status")
    await expect(status).to_have_text("Live")

    console.allow(r"WebSocket connection to .* failed|Failed to load resource|net::ERR_")
    await page.context.set_offline(True)
    await expect(status).to_have_text(re.compile("Offline"))
    await page.get_by_label("Message", exact=True).fill("Sent while offline")
    await page.get_by_label("Message", exact=True).press("Enter")
    await expect(page.get_by_test_id("pending-message")).to_contain_text("Not sent")
    await expect(status).to_have_text(re.compile("Offline"))  # a failed send does not bring it back
    await room.post(web_app, room.general_id, "posted while you were away")
    await screenshot(page, "chat-offline")

    await page.context.set_offline(False)
    await expect(status).to_have_text("Live", timeout=20_000)
    await expect(page.get_by_test_id("timeline")).to_contain_text("posted while you were away")  # resumed with since
    await page.get_by_test_id("pending-message").get_by_role("button", name="Retry").click()
    await expect(page.get_by_test_id("timeline")).to_contain_text("Sent while offline")
    await expect(page.get_by_test_id("pending-message")).to_have_count(0)
    await screenshot(page, "chat-back-online")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
async def test_a_long_unbroken_word_does_not_widen_the_chat(web_app: WebApp, new_page: NewPage, viewport: str) -> None:
    """Issue 11: one member's 300-character word (or 80-character name, or a long room name) must
    not push the room's status, the online count, Send or Retry/Discard off everyone's screen."""
    course = await long_words_course(web_app)  # long names, title and a long room name
    rooms = await web_app.gql("query($c: ID!) { rooms(courseId: $c) { id name } }", {"c": course.course_id},
                              token=await course.token(web_app, course.learner_email))  # fmt: skip
    general = next(room["id"] for room in rooms["rooms"] if room["name"] == "General")
    posted, sent, unsent = (f"{letter * 300}{secrets.token_hex(2)}" for letter in "xyz")
    creator = await course.token(web_app, course.creator_email)
    await web_app.gql(SEND, {"r": general, "b": posted, "c": secrets.token_hex(8)}, token=creator)
    page, console = await new_page(web_app.base_url, PHONE if viewport == "phone" else None)
    await log_in(page, course.learner_email)
    await page.goto(f"/courses/{course.slug}/chat")
    await expect(page.get_by_test_id("live-status")).to_have_text("Live")
    await expect(page.get_by_test_id("timeline")).to_contain_text(posted)
    await page.get_by_label("Message", exact=True).fill(sent)
    await page.get_by_role("button", name="Send").click()
    await expect(page.get_by_test_id("timeline").get_by_test_id("chat-body").last).to_have_text(sent)
    await fail_sends(page, console)
    await page.get_by_label("Message", exact=True).fill(unsent)
    await page.get_by_label("Message", exact=True).press("Enter")
    pending = page.get_by_test_id("pending-message")
    await expect(pending).to_contain_text("Not sent")
    await page.get_by_label("Message", exact=True).fill("short")  # Send is enabled, and measured, with a draft
    await shot(page, "chat-long-words")
    online = page.get_by_test_id("online") if viewport == "desktop" else page.get_by_text(re.compile(r"^\d+ online$"))
    for element in (
        page.get_by_test_id("live-status"),
        online,
        page.get_by_role("button", name="Send"),
        pending.get_by_role("button", name="Retry"),
        pending.get_by_role("button", name="Discard"),
        page.get_by_role("link", name=re.compile("rrrr")),
    ):
        await assert_on_screen(page, element)
    await page.get_by_role("link", name=re.compile("rrrr")).click()  # the long name in the room's header
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"# {'r' * 60}")
    await expect(page.get_by_test_id("live-status")).to_have_text("Live")
    await assert_on_screen(page, page.get_by_test_id("live-status"))
    await shot(page, "chat-long-room-name")
