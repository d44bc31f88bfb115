"""The demo's chat (`edusphere chat seed-demo`), posted the way people post it: the demo accounts
sign in over HTTP and send every message, reply, reaction, answer and pin over the WebSocket,
so what a person sees after `make run` went through the real path (rate limits, the Redis
append, fan-out, write-behind to PostgreSQL), never around it.

It needs `edusphere seed --demo` first (the accounts and courses) and a running server. It is
idempotent: a course whose general room already has messages is left as it is."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from edusphere.core.graphql.client import JSON, ApiError, ApiUnavailable, HttpApi, SocketApi
from edusphere.courses.demo import DEMO_PASSWORD

CREATOR = "demo-creator-000@edusphere.example"
LEARNERS = ("demo-learner-000@edusphere.example", "demo-learner-001@edusphere.example")
# `seed --demo` gives course n to creator n % 20: the first free one of creator 000's is the demo's.
CANDIDATE_SLUGS = tuple(f"demo-course-{n:05d}" for n in range(0, 500, 20))

LOGIN = """mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken user { id displayName } } }"""
COURSE = """query($slug: String!) { course(slug: $slug) { id slug title priceCents viewerEnrollment { id }
  modules { lessons { id title } } } }"""
ENROLL = "mutation($courseId: ID!) { enroll(courseId: $courseId) { id } }"
ROOMS = "query($courseId: ID!) { rooms(courseId: $courseId) { id slug kind latestSeq } }"
SEND = """mutation($roomId: ID!, $body: String!, $clientId: String!, $threadId: ID, $lessonId: ID) {
  sendMessage(roomId: $roomId, body: $body, clientId: $clientId, threadId: $threadId, lessonId: $lessonId) {
    id seq } }"""
REACT = "mutation($messageId: ID!, $emoji: String!) { addReaction(messageId: $messageId, emoji: $emoji) { id } }"
ANSWER = "mutation($messageId: ID!, $answerId: ID) { markAnswer(messageId: $messageId, answerId: $answerId) { id } }"
PIN = "mutation($messageId: ID!) { pinMessage(messageId: $messageId) { id } }"
DIRECT = "mutation($courseId: ID!, $userId: ID!) { directRoom(courseId: $courseId, userId: $userId) { id } }"


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str
    token: str


@dataclass(frozen=True)
class ChatSeedReport:
    course_slug: str | None
    posted: int  # messages and replies
    reactions: int
    skipped: str | None = None  # why nothing was posted


async def wait_until_up(base_url: str, seconds: float) -> None:
    """The server answers `/graphql` (`make run` starts the seeder beside the server)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            async with HttpApi(base_url, timeout=5) as api:
                await api.execute("{ __typename }")
            return
        except ApiUnavailable:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


async def _sign_in(base_url: str, email: str) -> Person:
    async with HttpApi(base_url) as api:
        data = (await api.execute(LOGIN, {"email": email, "password": DEMO_PASSWORD}))["login"]
    return Person(data["user"]["id"], data["user"]["displayName"], data["accessToken"])


async def _demo_course(base_url: str, learners: list[Person]) -> JSON | None:
    """Creator 000's first free course, with both demo learners enrolled (by `enroll`, as they would)."""
    async with HttpApi(base_url, token=learners[0].token) as api:
        for slug in CANDIDATE_SLUGS:
            course = (await api.execute(COURSE, {"slug": slug}))["course"]
            if course is not None and course["priceCents"] == 0:
                break
        else:
            return None
    for learner in learners:
        async with HttpApi(base_url, token=learner.token) as api:
            mine = (await api.execute(COURSE, {"slug": course["slug"]}))["course"]
            if mine["viewerEnrollment"] is None:
                await api.execute(ENROLL, {"courseId": course["id"]})
    found: JSON = course
    return found


async def seed_chat(base_url: str) -> ChatSeedReport:
    """Post the demo conversation (see the module's docstring); `base_url` is the server's."""
    ws_url = base_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1) + "/ws"
    try:
        creator = await _sign_in(base_url, CREATOR)
        learners = [await _sign_in(base_url, email) for email in LEARNERS]
    except ApiError as error:
        return ChatSeedReport(
            None, 0, 0, skipped=f"the demo accounts cannot sign in ({error.code}); run `edusphere seed --demo` first"
        )
    course = await _demo_course(base_url, learners)
    if course is None:
        return ChatSeedReport(None, 0, 0, skipped="no free demo course of demo-creator-000")
    async with HttpApi(base_url, token=creator.token) as api:
        rooms = (await api.execute(ROOMS, {"courseId": course["id"]}))["rooms"]
    general = next(room for room in rooms if room["slug"] == "general")
    if general["latestSeq"] > 0:
        return ChatSeedReport(course["slug"], 0, 0, skipped="its chat already has messages")
    lessons = [lesson for module in course["modules"] for lesson in module["lessons"]]
    ada, ben = learners
    async with (
        SocketApi(ws_url, creator.token) as teacher,
        SocketApi(ws_url, ada.token) as first,
        SocketApi(ws_url, ben.token) as second,
    ):
        conversation = _Conversation(general["id"])
        welcome = await conversation.post(
            teacher,
            f"Welcome to **{course['title']}**! Ask anything here, or on a lesson's page: questions "
            "asked there stay with the lesson for the next learner. <@" + ada.user_id + "> <@" + ben.user_id + ">",
        )
        await teacher.execute(PIN, {"messageId": welcome})
        hello = await conversation.post(first, "Hi all! Starting today, one lesson an evening. 👋")
        await conversation.post(second, "Same here, let's keep each other going.", thread=hello)
        await conversation.post(teacher, "Great plan: short and often beats long and rare.", thread=hello)
        await conversation.react(second, hello, "👍")
        await conversation.react(teacher, hello, "🎉")
        if lessons:
            question = await conversation.post(
                first, f"In “{lessons[0]['title']}”, why do we set things up before the first exercise?",
                lesson=lessons[0]["id"],
            )  # fmt: skip
            answer = await conversation.post(
                teacher,
                "So every exercise starts from the same place. For example:\n\n```python\n"
                "setup = load_defaults()\nrun(exercise, setup)\n```\nTry it with your own values too.",
                thread=question,
            )
            await teacher.execute(ANSWER, {"messageId": question, "answerId": answer})
            await conversation.react(second, answer, "❤️")
            await conversation.post(first, "That makes sense now, thank you!", thread=question)
        direct = (await first.execute(DIRECT, {"courseId": course["id"], "userId": creator.user_id}))["directRoom"]
        private = _Conversation(direct["id"])
        note = await private.post(first, "Hello! Is there a certificate at the end of the course?")
        await private.post(teacher, "Yes: finish every lesson and it is on your learning page.", thread=None)
        await private.react(first, note, "🙏")
    return ChatSeedReport(
        course["slug"], conversation.posted + private.posted, conversation.reactions + private.reactions
    )


@dataclass
class _Conversation:
    room_id: str
    posted: int = 0
    reactions: int = 0

    async def post(self, sender: SocketApi, body: str, *, thread: str | None = None, lesson: str | None = None) -> str:
        variables: JSON = {"roomId": self.room_id, "body": body, "clientId": f"demo-{self.room_id}-{self.posted}"}
        variables |= {"threadId": thread, "lessonId": lesson}
        sent = (await sender.execute(SEND, variables))["sendMessage"]
        self.posted += 1
        return str(sent["id"])

    async def react(self, sender: SocketApi, message_id: str, emoji: str) -> None:
        await sender.execute(REACT, {"messageId": message_id, "emoji": emoji})
        self.reactions += 1
