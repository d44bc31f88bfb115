"""Message search at scale, and what its index costs the write-behind.

Fills `chat_messages` with `--messages` posts spread over `--rooms` rooms in `--courses`
courses (one INSERT ... SELECT generate_series in PostgreSQL, not through the app), then
`chat_search` from it as migration 0019's backfill does (its indexes built afterwards). Bodies are 6-20 words drawn from
an 8,000-word vocabulary with a Zipf-like (log-uniform) law, so the word of rank 1 is in about
two messages of three and the word of rank 5,000 in about one in 5,000: searches range from
"almost everything matches" to "a handful match".

Figures, each beside its floor measured in the same run:
- search: `chat.search.search_messages` (membership, visibility, the full-text query with
  ts_rank and ts_headline, each hit's current state) for a learner of one course, p50/p99 over
  a mix of common, middling, rare, two-word and no-match searches, both orders, first and
  second pages. Floor: the bare full-text query on chat_search's GIN index alone (ids only: no
  plan choice, no headline, no states, no Python around it).
- write-behind: messages/s into the full table, `write_batch` alone and the consumers end to
  end (stream -> PostgreSQL -> XACK), with the search machinery (the queue insert, and a
  SearchIndexer running concurrently on the same PostgreSQL) and without it (the floor: the
  write-behind before migration 0018), in alternating rounds; and the indexer's own rate and
  lag (the oldest queued change's age) while it runs beside the write-behind.

Uses DATABASE_URL/REDIS_URL when set (point DATABASE_URL at a database of its own: the
benchmark fills it), else embedded servers in a temporary directory.

    python -m benchmarks.chat_search [--messages 100000] [--rooms 1000] [--courses 100]
    python -m benchmarks.chat_search --messages 1000000     # the issue's size
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import time
import uuid
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import timedelta

from redis.asyncio import Redis
from tortoise import connections

from benchmarks.harness import connected_database, data_directory, percentile, pin_to_cpu, use_uvloop
from edusphere.auth.models import Role, User
from edusphere.auth.viewer import Viewer
from edusphere.chat import events as chat_events
from edusphere.chat import keys as chat_keys
from edusphere.chat import live, search, searchindex, writebehind
from edusphere.chat.events import Message, MessagePosted
from edusphere.chat.searchindex import SearchIndexer
from edusphere.chat.writebehind import WriteBehind, write_batch
from edusphere.core.redis import Keys, create_redis
from edusphere.core.runtime import Runtime
from edusphere.core.settings import Settings

SYLLABLES = ["ka", "lo", "ri", "ven", "tu", "mar", "sel", "do", "pi", "gor",
             "an", "be", "ci", "fu", "ho", "ja", "ne", "qu", "sa", "tim"]  # fmt: skip
VOCABULARY = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]  # 8,000 words


def zipf_word(rng: random.Random) -> str:
    """A word of rank k (1-based) with probability about ln((k+1)/k) / ln(V), as the SQL does."""
    return VOCABULARY[min(len(VOCABULARY), int(len(VOCABULARY) ** rng.random())) - 1]


FILL = """
INSERT INTO chat_messages (id, room_id, seq, author_id, client_id, body, created_at, edited_at, deleted,
                           last_event_seq, reply_count, reactions, mentions, mentions_here, attachment_ids)
SELECT gen_random_uuid(), ($1::uuid[])[1 + g % $3::int], g / $3::int + 1, $2::uuid, 'b' || g,
       (SELECT string_agg(($4::text[])[least($5::int, floor($5::float8 ^ random())::int)], ' ')
        FROM generate_series(1, 6 + (g * 7) % 15) AS w),
       now() - ($6::int - g) * interval '1 second', NULL, false, g / $3::int + 1, 0, '[]', '[]', false, '[]'
FROM generate_series(0, $6::int - 1) AS g
"""

FLOOR = """
SELECT s.message_id FROM chat_search AS s, plainto_tsquery('english', $2) AS q
WHERE s.room_id = ANY($1::uuid[]) AND s.vector @@ q
ORDER BY {order} LIMIT 21
"""

BACKFILL = """
INSERT INTO chat_search (message_id, room_id, created_at, seq, vector)
SELECT id, room_id, created_at, seq, to_tsvector('english', body) FROM chat_messages WHERE NOT deleted
"""
_SEARCH_INDEXES = ("chat_search_vector", "chat_search_newest")


@dataclass
class Fixture:
    viewer: Viewer
    course_id: str
    room_ids: list[uuid.UUID]  # the viewer's course's rooms
    all_rooms: list[uuid.UUID]
    author_id: uuid.UUID


async def fill(messages: int, rooms: int, courses: int) -> Fixture:
    db = connections.get("default")
    tag = uuid.uuid4().hex[:8]
    creator = await User.create(email=f"search-{tag}@example.com", display_name="Bench", role=Role.CREATOR,
                                password_hash="unused")  # noqa: S106  # fmt: skip
    learner = await User.create(email=f"learner-{tag}@example.com", display_name="Learner", role=Role.LEARNER,
                                password_hash="unused")  # noqa: S106  # fmt: skip
    course_rows = await db.execute_query_dict(
        """INSERT INTO courses (id, slug, title, subtitle, description, level, language, price_cents, currency,
                                status, creator_id, rating_sum, rating_count, rating_avg, enrollment_count,
                                created_at, updated_at, published_at)
           SELECT gen_random_uuid(), $2 || '-' || c, 'Course ' || c, '', '', 'BEGINNER', 'en', 0, 'USD',
                  'PUBLISHED', $1, 0, 0, 0, 0, now(), now(), now()
           FROM generate_series(1, $3) AS c RETURNING id""",
        [creator.id, f"search-{tag}", courses],
    )
    course_ids = [row["id"] for row in course_rows]
    room_rows = await db.execute_query_dict(
        """INSERT INTO chat_rooms (id, course_id, slug, name, kind, created_at)
           SELECT gen_random_uuid(), ($1::uuid[])[1 + r % $2], 'room-' || r, 'Room ' || r, 'DISCUSSION', now()
           FROM generate_series(0, $3 - 1) AS r RETURNING id, course_id""",
        [course_ids, courses, rooms],
    )
    course_id = course_ids[0]
    await db.execute_query(
        "INSERT INTO enrollments (id, learner_id, course_id, source, enrolled_at) VALUES ($1, $2, $3, 'FREE', now())",
        [uuid.uuid4(), learner.id, course_id],
    )
    all_rooms = [row["id"] for row in room_rows]
    started = time.perf_counter()
    await db.execute_script("".join(f"DROP INDEX IF EXISTS {name};" for name in _SEARCH_INDEXES))
    await db.execute_query(FILL, [all_rooms, creator.id, rooms, VOCABULARY, len(VOCABULARY), messages])
    filled = time.perf_counter() - started
    started = time.perf_counter()
    await db.execute_script(BACKFILL)
    backfilled = time.perf_counter() - started
    started = time.perf_counter()
    await db.execute_script(
        "CREATE INDEX chat_search_vector ON chat_search USING GIN (room_id, vector);"
        "CREATE INDEX chat_search_newest ON chat_search (room_id, created_at, message_id)"
    )
    await db.execute_script("VACUUM ANALYZE chat_messages")
    await db.execute_script("VACUUM ANALYZE chat_search")
    indexed = time.perf_counter() - started
    size = await db.execute_query_dict(
        "SELECT pg_size_pretty(pg_relation_size('chat_search_vector')) AS gin,"
        " pg_size_pretty(pg_relation_size('chat_search_newest')) AS newest,"
        " pg_size_pretty(pg_table_size('chat_search')) AS narrow,"
        " pg_size_pretty(pg_table_size('chat_messages')) AS heap"
    )
    print(f"{messages:,} messages in {rooms:,} rooms of {courses:,} courses: inserted in {filled:.1f} s, "
          f"chat_search backfilled in {backfilled:.1f} s ({messages / backfilled:,.0f} msg/s), indexes built in "
          f"{indexed:.1f} s (GIN {size[0]['gin']}, newest-first btree {size[0]['newest']}; chat_search "
          f"{size[0]['narrow']}, chat_messages {size[0]['heap']})")  # fmt: skip
    mine = [row["id"] for row in room_rows if row["course_id"] == course_id]
    viewer = Viewer(user=learner, session_id=uuid.uuid4())
    return Fixture(viewer, str(course_id), mine, all_rooms, creator.id)


def searches(n: int) -> list[tuple[str, str, str]]:
    """(label, text, order): common, middling, rare, two-word and no-match texts, both orders."""
    texts = [("common", VOCABULARY[0]), ("common", VOCABULARY[2]), ("middling", VOCABULARY[49]),
             ("middling", VOCABULARY[299]), ("rare", VOCABULARY[2999]), ("rare", VOCABULARY[6999]),
             ("two words", f"{VOCABULARY[1]} {VOCABULARY[99]}"), ("no match", "zzyzx")]  # fmt: skip
    plan = [(label, text, order) for label, text in texts for order in ("NEWEST", "RELEVANCE")]
    return [plan[i % len(plan)] for i in range(n)]


async def measure_search(rt: Runtime, fixture: Fixture, requests: int) -> None:
    db = connections.get("default")
    plan = searches(requests)
    for _, text, order in plan[:32]:  # warm-up: caches, plans
        await search.search_messages(rt, fixture.viewer, fixture.course_id, text, order=order)
    app: list[float] = []
    by_label: dict[str, list[float]] = {}
    floor: list[float] = []
    second_pages = 0
    for i, (label, text, order) in enumerate(plan):
        started = time.perf_counter()
        page = await search.search_messages(rt, fixture.viewer, fixture.course_id, text, order=order)
        if i % 2 and page.has_next_page:  # every other search also reads its second page
            await search.search_messages(rt, fixture.viewer, fixture.course_id, text, order=order,
                                         after=page.end_cursor)  # fmt: skip
            second_pages += 1
        elapsed = time.perf_counter() - started
        app.append(elapsed)
        by_label.setdefault(f"{label}, {order}", []).append(elapsed)
        sort = "s.created_at DESC, s.message_id DESC" if order == "NEWEST" else (
            "ts_rank(s.vector, q) DESC, s.created_at DESC, s.message_id DESC")  # fmt: skip
        started = time.perf_counter()
        await db.execute_query(FLOOR.format(order=sort), [fixture.room_ids, text])
        floor.append(time.perf_counter() - started)

    def line(name: str, values: list[float]) -> str:
        p50, p99 = percentile(values, 50) * 1000, percentile(values, 99) * 1000
        return f"  {name:<32} p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   ({len(values)})"

    print(f"search ({len(fixture.room_ids)} rooms readable, ~{len(fixture.room_ids) * 1000:,} messages if 1,000 a room;"
          f" {second_pages} searches also read page 2):")  # fmt: skip
    print(line("searchMessages (service)", app))
    print(line("floor: the bare GIN query alone", floor))
    for name, values in sorted(by_label.items()):
        print(line(name, values))


def posts(room_id: str, author_id: str, first_seq: int, count: int, rng: random.Random) -> list[MessagePosted]:
    now = chat_events.now()
    result = []
    for seq in range(first_seq, first_seq + count):
        body = " ".join(zipf_word(rng) for _ in range(6 + seq % 15))
        message = Message(
            id=live.new_message_id(), seq=seq, room_id=room_id, author_id=author_id, author_name="Bench",
            body=body, client_id=f"w{seq}", created_at=now - timedelta(seconds=1), edited_at=None, deleted=False,
            last_event_seq=seq,
        )  # fmt: skip
        result.append(MessagePosted(room_id=room_id, seq=seq, at=now, message=message))
    return result


async def write_rate(fixture: Fixture, writes: int, batch: int, first_seq: int) -> float:
    """Messages/s of `write_batch` for `writes` new posts spread over the table's rooms."""
    rng = random.Random(first_seq)
    batches = []
    for n in range(0, writes, batch):
        room = str(fixture.all_rooms[(n // batch) % len(fixture.all_rooms)])
        batches.append(posts(room, str(fixture.author_id), first_seq + n, min(batch, writes - n), rng))
    started = time.perf_counter()
    for chunk in batches:
        await write_batch(chunk)
    return writes / (time.perf_counter() - started)


async def drain_rate(redis: Redis, keys: Keys, fixture: Fixture, writes: int, batch: int, consumers: int,
                     first_seq: int) -> float:  # fmt: skip
    """Messages/s of `consumers` write-behind consumers draining a stream of `writes` posts
    (XREADGROUP -> write_batch -> XACK -> trim), as a server process runs them."""
    rng = random.Random(first_seq)
    stream = chat_keys.stream(keys)
    async with redis.pipeline(transaction=False) as pipe:
        for n in range(0, writes, batch):
            room = str(fixture.all_rooms[(n // batch) % len(fixture.all_rooms)])
            for event in posts(room, str(fixture.author_id), first_seq + n, min(batch, writes - n), rng):
                pipe.xadd(stream, {"event": chat_events.encode(event)})
        await pipe.execute()
    writers = [WriteBehind(redis, keys, f"bench-{n}", batch_size=batch) for n in range(consumers)]
    started = time.perf_counter()
    for writer in writers:
        await writer.start()
    while sum(writer.written for writer in writers) < writes:  # noqa: ASYNC110 - polling counters, on purpose
        await asyncio.sleep(0.005)
    drained = time.perf_counter() - started
    for writer in writers:
        await writer.stop()
    await redis.delete(stream, chat_keys.dead_letters(keys), chat_keys.attempts(keys))
    return writes / drained


@dataclass
class IndexerRun:
    """A SearchIndexer beside the write-behind, sampling its lag (the oldest queued change's age)."""

    worker: SearchIndexer
    sampler: asyncio.Task[None]
    started: float
    max_lag: float = 0.0
    max_queued: int = 0


async def start_indexer() -> IndexerRun:
    worker = SearchIndexer()
    await worker.start()
    run = IndexerRun(worker, asyncio.create_task(asyncio.sleep(0)), time.perf_counter())

    async def sample() -> None:
        while True:
            state = await searchindex.status()
            run.max_lag, run.max_queued = max(run.max_lag, state.lag_seconds), max(run.max_queued, state.queued)
            await asyncio.sleep(0.2)

    run.sampler = asyncio.create_task(sample())
    return run


async def finish_indexer(run: IndexerRun) -> tuple[float, float, float]:
    """Wait for the queue to empty; (indexed msg/s over the run, max lag, seconds to catch up
    once the writes were done)."""
    done_writing = time.perf_counter()
    while (await searchindex.status()).queued:  # noqa: ASYNC110 - polls the database
        await asyncio.sleep(0.05)
    caught_up = time.perf_counter()
    run.sampler.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await run.sampler
    await run.worker.stop()
    return run.worker.indexed / (caught_up - run.started), run.max_lag, caught_up - done_writing


async def measure_writes(redis: Redis, fixture: Fixture, args: argparse.Namespace) -> None:
    """Rounds alternate with and without the search machinery (the write-behind's queue insert
    and a SearchIndexer running beside it), so a machine whose speed drifts favours neither."""
    keys = Keys(f"bench-{uuid.uuid4().hex[:6]}:")
    writes, batch, consumers = args.writes, args.batch, args.consumers
    await write_rate(fixture, batch * 5, batch, 10_000_000)  # warm-up
    await searchindex.index_all()
    figures: dict[tuple[bool, str], list[float]] = {}
    indexer_figures: list[tuple[float, float, float]] = []
    seq = 20_000_000
    for round_ in range(args.rounds):
        writebehind.QUEUE_FOR_SEARCH = True  # the queue insert alone, no indexer beside it
        figures.setdefault((True, "queue only"), []).append(await write_rate(fixture, writes, batch, seq))
        seq += writes
        await searchindex.index_all()
        for indexed in (True, False) if round_ % 2 == 0 else (False, True):
            writebehind.QUEUE_FOR_SEARCH = indexed
            run = await start_indexer() if indexed else None
            try:
                figures.setdefault((indexed, "batch"), []).append(await write_rate(fixture, writes, batch, seq))
                seq += writes
                rate = await drain_rate(redis, keys, fixture, writes, batch, consumers, seq)
                figures.setdefault((indexed, "consumer"), []).append(rate)
                seq += writes
            finally:
                writebehind.QUEUE_FOR_SEARCH = True
                if run is not None:
                    indexer_figures.append(await finish_indexer(run))
    print(f"write-behind ({writes:,} messages per figure, batches of {batch}; {args.rounds} rounds, alternating;"
          f" 'with search' = the queue insert + a SearchIndexer running concurrently):")  # fmt: skip
    for what, name in (("batch", "write_batch alone"), ("consumer", f"consumers end to end ({consumers})")):
        with_index, without = figures[(True, what)], figures[(False, what)]
        best_with, best_without = max(with_index), max(without)
        print(f"  {name:<32} with search {best_with:>8,.0f} msg/s   floor (no search machinery) {best_without:>8,.0f}"
              f" msg/s   = {best_with / best_without:.0%}   (rounds: {', '.join(f'{r:,.0f}' for r in with_index)}"
              f" / {', '.join(f'{r:,.0f}' for r in without)})")  # fmt: skip
    queued = max(figures[(True, "queue only")])
    print(f"  {'write_batch, queue insert only':<32} no indexer  {queued:>8,.0f} msg/s   = "
          f"{queued / max(figures[(False, 'batch')]):.0%} of the floor (rounds: "
          f"{', '.join(f'{r:,.0f}' for r in figures[(True, 'queue only')])})")  # fmt: skip
    for n, (rate, lag, catch_up) in enumerate(indexer_figures, 1):
        print(f"  indexer, round {n}: {rate:,.0f} msg/s indexed while the write-behind ran ({2 * writes:,} messages);"
              f" max lag {lag:.2f} s; caught up {catch_up:.2f} s after the last write")  # fmt: skip


async def measure(args: argparse.Namespace) -> None:
    async with AsyncExitStack() as stack:
        _, redis_url = await connected_database(stack, stack.enter_context(data_directory()))
        redis = create_redis(redis_url)
        stack.push_async_callback(redis.aclose)
        settings = Settings.from_env()
        rt = Runtime(settings=settings, redis=redis)
        fixture = await fill(args.messages, args.rooms, args.courses)
        await measure_search(rt, fixture, args.requests)
        if args.writes:
            await measure_writes(redis, fixture, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--rooms", type=int, default=1_000)
    parser.add_argument("--courses", type=int, default=100, help="the rooms are spread evenly over them")
    parser.add_argument("--requests", type=int, default=400, help="searches measured")
    parser.add_argument("--writes", type=int, default=20_000, help="messages written per round (0: skip)")
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--consumers", type=int, default=Settings().write_behind_consumers,
                        help="write-behind consumers, as one server process runs them")  # fmt: skip
    args = parser.parse_args()
    if args.rooms < args.courses or args.messages < args.rooms:
        parser.error("need at least one room per course and one message per room")
    pin_to_cpu(1)
    use_uvloop()
    asyncio.run(measure(args))


if __name__ == "__main__":
    main()
