"""Write-behind throughput: chat events from the Redis stream into PostgreSQL, in batches.

Figures: `write_batch` alone (one transaction, one statement per table, per batch), and the
whole consumer (XREADGROUP -> write -> XACK -> trim) draining a stream filled beforehand, with
one consumer and with as many as one server process runs (`CHAT_WRITE_BEHIND_CONSUMERS`).
Uses DATABASE_URL/REDIS_URL when set, else embedded servers in a temporary directory.

    python -m benchmarks.write_behind [--messages 100000] [--batch 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from contextlib import AsyncExitStack

from redis.asyncio import Redis

from benchmarks.harness import connected_database, data_directory, pin_to_cpu
from edusphere.chat import events as chat_events
from edusphere.chat import keys as chat_keys
from edusphere.chat import live
from edusphere.chat.events import Message, MessagePosted
from edusphere.chat.models import Room
from edusphere.chat.writebehind import WriteBehind, write_batch
from edusphere.core.redis import Keys, create_redis
from edusphere.core.settings import Settings
from edusphere.courses.models import Course


def events(room_id: str, author_id: str, first_seq: int, count: int) -> list[MessagePosted]:
    now = chat_events.now()
    result = []
    for seq in range(first_seq, first_seq + count):
        message = Message(
            id=live.new_message_id(), seq=seq, room_id=room_id, author_id=author_id, author_name="Bench",
            body=f"message {seq} " + "x" * 60, client_id=f"c{seq}", created_at=now, edited_at=None, deleted=False,
            last_event_seq=seq,
        )  # fmt: skip
        result.append(MessagePosted(room_id=room_id, seq=seq, at=now, message=message))
    return result


async def fixture_room() -> tuple[str, str]:
    from edusphere.auth.models import Role, User

    user = await User.create(email=f"bench-{uuid.uuid4().hex[:8]}@example.com", display_name="Bench",
                             role=Role.CREATOR, password_hash="unused")  # noqa: S106  # fmt: skip
    course = await Course.create(slug=f"bench-{uuid.uuid4().hex[:8]}", title="Bench", creator_id=user.id)
    room = await Room.create(course_id=course.id, slug="general", name="General")
    return str(room.id), str(user.id)


async def measure(messages: int, batch: int, consumers_per_process: int) -> None:
    async with AsyncExitStack() as stack:
        _, redis_url = await connected_database(stack, stack.enter_context(data_directory()))
        redis = create_redis(redis_url)
        stack.push_async_callback(redis.aclose)
        keys = Keys(f"bench-{uuid.uuid4().hex[:6]}:")

        room_id, author_id = await fixture_room()
        batches = [events(room_id, author_id, 1 + n, min(batch, messages - n)) for n in range(0, messages, batch)]
        started = time.perf_counter()
        for chunk in batches:
            await write_batch(chunk)
        direct = time.perf_counter() - started
        print(f"write_batch alone:      {messages / direct:>9,.0f} messages/s  ({messages:,} in {direct:.2f} s, "
              f"batches of {batch})")  # fmt: skip

        for consumers in sorted({1, consumers_per_process}):
            drained = await drain(redis, keys, messages, batch, consumers)
            print(f"consumer end to end:    {messages / drained:>9,.0f} messages/s  ({messages:,} in {drained:.2f} s, "
                  f"stream -> PostgreSQL -> XACK, {consumers} consumer{'s' if consumers > 1 else ''})")  # fmt: skip


async def drain(redis: Redis, keys: Keys, messages: int, batch: int, consumers: int) -> float:
    """Seconds for `consumers` write-behind consumers to drain a stream of `messages` posts."""
    room_id, author_id = await fixture_room()
    stream = chat_keys.stream(keys)
    async with redis.pipeline(transaction=False) as pipe:
        for chunk in events(room_id, author_id, 1, messages):
            pipe.xadd(stream, {"event": chat_events.encode(chunk)})
        await pipe.execute()
    writers = [WriteBehind(redis, keys, f"bench-{n}", batch_size=batch) for n in range(consumers)]
    started = time.perf_counter()
    for writer in writers:
        await writer.start()
    while sum(writer.written for writer in writers) < messages:  # noqa: ASYNC110 - polling counters, on purpose
        await asyncio.sleep(0.01)
    drained = time.perf_counter() - started
    for writer in writers:
        await writer.stop()
    await redis.delete(stream, chat_keys.dead_letters(keys), chat_keys.attempts(keys))
    return drained


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--consumers", type=int, default=Settings().write_behind_consumers,
                        help="consumers, as one server process runs them (also measured: 1)")  # fmt: skip
    args = parser.parse_args()
    pin_to_cpu(1)
    asyncio.run(measure(args.messages, args.batch, args.consumers))


if __name__ == "__main__":
    main()
