"""`edusphere chat seed-demo`: the demo's conversation goes through the running server's socket
(threads, a lesson question with its answer, reactions, a pin, mentions, a direct room), once."""

from __future__ import annotations

from typing import Any

import pytest
from sanic import Sanic

from edusphere.chat import demo
from edusphere.chat.demo import seed_chat
from edusphere.core.graphql.client import JSON, HttpApi, SocketApi
from edusphere.core.runtime import Runtime
from edusphere.courses.demo import seed_demo

MESSAGES = """query($roomId: ID!) { messages(roomId: $roomId, last: 50) { messages {
  id body threadId replyCount lessonId answer { id } pinned mentions { id } reactions { emoji count } } } }"""
THREAD = "query($id: ID!) { thread(messageId: $id, last: 50) { messages { id body } } }"
ROOMS = "query($courseId: ID!) { rooms(courseId: $courseId) { id slug kind } }"


@pytest.fixture
def transports(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The documents the seeder's client sent, by transport (a recorder on our own client)."""
    sent: dict[str, list[str]] = {"http": [], "socket": []}
    for name, cls in (("http", HttpApi), ("socket", SocketApi)):
        real = cls.execute

        async def recording(self: Any, document: str, variables: JSON | None = None, *, _real: Any = real,
                            _into: list[str] = sent[name]) -> JSON:  # fmt: skip
            _into.append(document)
            answer: JSON = await _real(self, document, variables)
            return answer

        monkeypatch.setattr(cls, "execute", recording)
    return sent


async def test_nothing_is_posted_without_the_demo_accounts(app: Sanic, transports: dict[str, list[str]]) -> None:
    report = await seed_chat(app.ctx.base_url)
    assert report.posted == 0
    assert report.skipped is not None
    assert "seed --demo" in report.skipped
    assert transports["socket"] == []


async def test_the_demo_conversation_goes_over_the_socket_once(
    app: Sanic, runtime: Runtime, transports: dict[str, list[str]]
) -> None:
    await seed_demo(runtime.settings.password_hashing, courses=len(demo.CANDIDATE_SLUGS) * 20)
    report = await seed_chat(app.ctx.base_url)
    assert report.skipped is None, report.skipped
    assert (report.posted, report.reactions) == (9, 4)
    mutations = ("sendMessage", "addReaction", "markAnswer", "pinMessage", "directRoom")
    assert not [doc for doc in transports["http"] if any(name in doc for name in mutations)]
    assert sum("sendMessage" in doc for doc in transports["socket"]) == 9

    ada = await demo._sign_in(app.ctx.base_url, demo.LEARNERS[0])
    async with HttpApi(app.ctx.base_url, token=ada.token) as api:
        course = (await api.execute(demo.COURSE, {"slug": report.course_slug}))["course"]
        rooms = (await api.execute(ROOMS, {"courseId": course["id"]}))["rooms"]
        general = next(room for room in rooms if room["slug"] == "general")
        assert [room["kind"] for room in rooms if room is not general] == ["DIRECT"]

        timeline = (await api.execute(MESSAGES, {"roomId": general["id"]}))["messages"]["messages"]
        welcome, hello, question = timeline  # the roots: replies are in their threads
        assert welcome["pinned"]
        assert len(welcome["mentions"]) == 2
        assert hello["replyCount"] == 2
        assert sorted((r["emoji"], r["count"]) for r in hello["reactions"]) == [("🎉", 1), ("👍", 1)]
        assert question["lessonId"] == course["modules"][0]["lessons"][0]["id"]
        replies = (await api.execute(THREAD, {"id": question["id"]}))["thread"]["messages"]
        assert question["answer"]["id"] == replies[0]["id"]
        assert "```python" in replies[0]["body"]

    again = await seed_chat(app.ctx.base_url)
    assert again.posted == 0
    assert again.skipped == "its chat already has messages"
