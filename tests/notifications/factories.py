"""A published course with an ANNOUNCEMENTS room, its general room and enrolled learners;
posting announcements and mentions and making them durable as the chat write-behind does."""

from __future__ import annotations

import dataclasses
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from edusphere.auth.sessions import AuthResult
from edusphere.chat import messages, rooms
from edusphere.chat.events import Message
from edusphere.chat.models import Room
from edusphere.core.runtime import Runtime
from edusphere.core.settings import NotificationSettings
from edusphere.courses import enrollment
from edusphere.courses.models import Course
from edusphere.notifications import digest
from tests.chat.factories import drain_stream
from tests.courses import factories as course_factories
from tests.helpers import make_user

GATHER = timedelta(seconds=NotificationSettings.gather_seconds)
WINDOW = timedelta(minutes=NotificationSettings.digest_minutes)
MENTION_DELAY = timedelta(minutes=NotificationSettings.mention_delay_minutes)
# A test clock starts just before the messages it waits on are posted (their created_at is the
# real clock's): this much more and they are surely due.
JUST_AFTER = timedelta(seconds=5)


@dataclass
class NewsCourse:
    course: Course
    creator: AuthResult
    learners: list[AuthResult]
    news: Room
    general: Room

    @property
    def learner(self) -> AuthResult:
        return self.learners[0]


async def news_course(runtime: Runtime, learners: int = 1, *, title: str | None = None) -> NewsCourse:
    creator = await course_factories.creator(runtime)
    course = await course_factories.course(creator, title=title)
    enrolled = []
    for n in range(learners):
        learner = await make_user(runtime, name=f"Learner {n + 1}")
        await enrollment.enroll(learner.viewer, str(course.id))
        enrolled.append(learner)
    news = await rooms.create_room(creator.viewer, str(course.id), "News", True)
    general = await Room.get(course_id=course.id, slug=rooms.GENERAL)
    return NewsCourse(course, creator, enrolled, news, general)


async def join(runtime: Runtime, course: Course, name: str = "Another") -> AuthResult:
    learner = await make_user(runtime, name=name)
    await enrollment.enroll(learner.viewer, str(course.id))
    return learner


async def announce(runtime: Runtime, where: NewsCourse, body: str) -> dict[str, Any]:
    """Post in the course's announcements room and write it to PostgreSQL (as the write-behind)."""
    posted = await messages.send_message(runtime, where.creator.viewer, str(where.news.id), body, secrets.token_hex(8))
    await drain_stream(runtime)
    return posted


async def say(
    runtime: Runtime, who: AuthResult, room: Room, body: str, *, thread_id: str | None = None, durable: bool = True
) -> Message:
    """Post `body` in `room` as `who` (mentions with `<@USER_ID>`); written to PostgreSQL as the
    write-behind does unless `durable` is false."""
    posted = await messages.send_message(
        runtime, who.viewer, str(room.id), body, secrets.token_hex(8), thread_id=thread_id
    )
    if durable:
        await drain_stream(runtime)
    return posted


def at(user: AuthResult) -> str:
    """How a body mentions `user`."""
    return f"<@{user.user.id}>"


def tuned(runtime: Runtime, **changes: Any) -> Runtime:
    """The runtime with other notification settings (batch sizes)."""
    settings = dataclasses.replace(
        runtime.settings, notifications=dataclasses.replace(runtime.settings.notifications, **changes)
    )
    return dataclasses.replace(runtime, settings=settings)


class Clock:
    """The tests' time: starts now, moves only when told."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def advance(self, delta: timedelta) -> datetime:
        self.now += delta
        return self.now

    async def round(self, runtime: Runtime) -> digest.RoundResult:
        return await digest.run_once(runtime, now=self.now)

    async def mentions_due(self, runtime: Runtime) -> digest.RoundResult:
        """The mentions posted since the clock started are due: a round then (which queues
        them), and one once gathered (which mails them): its result."""
        self.advance(MENTION_DELAY + JUST_AFTER)
        return await self.gathered(runtime)

    async def gathered(self, runtime: Runtime) -> digest.RoundResult:
        """A round now (the fan-out: the digests become due once gathered), then one when
        they are: its result."""
        await self.round(runtime)
        self.advance(GATHER)
        return await self.round(runtime)
