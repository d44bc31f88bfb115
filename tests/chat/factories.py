"""A published course with a creator, an enrolled learner and its general room."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from edusphere.auth.sessions import AuthResult
from edusphere.chat import live, rooms
from edusphere.chat.models import Room
from edusphere.chat.writebehind import WriteBehind, write_batch
from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.courses.models import Course
from tests.courses import factories as course_factories
from tests.helpers import make_user


@dataclass
class Classroom:
    course: Course
    creator: AuthResult
    learner: AuthResult
    room: Room

    @property
    def room_id(self) -> str:
        return str(self.room.id)


async def classroom(runtime: Runtime, learners: int = 1) -> Classroom:
    creator = await course_factories.creator(runtime)
    course = await course_factories.course(creator)
    learner = await make_user(runtime, name="Learner")
    await enrollment.enroll(learner.viewer, str(course.id))
    room = (await rooms.rooms_of_course(creator.viewer, str(course.id)))[0]
    return Classroom(course, creator, learner, room)


async def forget_rooms(runtime: Runtime) -> None:
    """What a Redis restart without persistence, or a flush, does to chat."""
    await runtime.redis.delete(*[k async for k in runtime.redis.scan_iter(match=runtime.keys("room", "*"))])


async def drain_stream(runtime: Runtime) -> None:
    """Write everything the stream holds into PostgreSQL, as the write-behind would."""
    raw = await runtime.redis.xrange(runtime.keys(live.STREAM))
    await write_batch([json.loads(fields["event"]) for _, fields in raw])


async def run_writer_until(writer: WriteBehind, done: Callable[[], Awaitable[bool]], within: float = 6.0) -> None:
    """Run a write-behind consumer until `done()` holds (or `within` seconds pass), then stop it."""
    await writer.start()
    try:
        deadline = asyncio.get_running_loop().time() + within
        while not await done() and asyncio.get_running_loop().time() < deadline:  # noqa: ASYNC110 - polls the database
            await asyncio.sleep(0.02)
    finally:
        await writer.stop()


async def enrolled(runtime: Runtime, room: Classroom, name: str = "Another") -> AuthResult:
    learner = await make_user(runtime, name=name)
    await enrollment.enroll(learner.viewer, str(room.course.id))
    return learner
