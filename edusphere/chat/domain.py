"""What chat brings besides its GraphQL: the write-behind consumers of every server process,
its search indexer and its activity reporter, their figures in `/readyz`, and `edusphere chat status`."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

from edusphere.core.cli_support import redis_url, run_async
from edusphere.core.domain import AssetUse, Domain, Worker
from edusphere.core.settings import Settings

if TYPE_CHECKING:
    from edusphere.core.runtime import Runtime


def write_behinds(runtime: Runtime, process_name: str) -> Sequence[Worker] | None:
    """`CHAT_WRITE_BEHIND_CONSUMERS` consumers named `<process>-<n>`: stable across restarts,
    so a restarted process first re-reads what it left pending."""
    from edusphere.chat.writebehind import WriteBehind

    settings = runtime.settings
    if not settings.write_behind:
        return None
    return [
        WriteBehind(runtime.redis, runtime.keys, consumer=f"{process_name}-{n}")
        for n in range(settings.write_behind_consumers)
    ]


def search_indexer(runtime: Runtime, process_name: str) -> Worker | None:
    """The search indexer (`chat.searchindex`), where the write-behind runs: it indexes what the
    write-behind queued. Any number of processes may run one (SKIP LOCKED)."""
    from edusphere.chat.searchindex import SearchIndexer

    return SearchIndexer() if runtime.settings.write_behind else None


def activity_reporter(runtime: Runtime, process_name: str) -> Worker:
    """Sockets and messages per minute for the admin's dashboard (`chat.activity`)."""
    from edusphere.chat.activity import ActivityReporter

    return ActivityReporter(runtime, process_name)


async def readiness(runtime: Runtime) -> dict[str, object]:
    from edusphere.chat import searchindex
    from edusphere.chat.writebehind import status

    return {
        "chat_write_behind": asdict(await status(runtime.redis, runtime.keys)),
        "chat_search_index": asdict(await searchindex.status()),
    }


def install_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    chat = commands.add_parser("chat", help="chat operations")
    chat_commands = chat.add_subparsers(title="chat commands", metavar="COMMAND")
    chat_status = chat_commands.add_parser("status", help="write-behind backlog, lag and dead letters (JSON)")
    chat_status.set_defaults(run=run_async(_status))
    demo = chat_commands.add_parser(
        "seed-demo", help="post the demo's chat over the WebSocket of a running server (after `seed --demo`)"
    )
    demo.add_argument("--url", default=None, help="the server (default http://EDUSPHERE_HOST:EDUSPHERE_PORT)")
    demo.add_argument("--wait", type=float, default=0, help="seconds to wait for the server to answer first")
    demo.set_defaults(run=run_async(_seed_demo))


async def _status(args: argparse.Namespace) -> None:
    from edusphere.chat.writebehind import status
    from edusphere.core.redis import Keys, create_redis

    settings = Settings.from_env()
    async with redis_url(settings) as url:
        redis = create_redis(url, settings.redis_pool)
        try:
            print(json.dumps(asdict(await status(redis, Keys(settings.redis_prefix))), indent=2))
        finally:
            await redis.aclose()


async def _seed_demo(args: argparse.Namespace) -> None:
    from edusphere.chat.demo import seed_chat, wait_until_up
    from edusphere.core.graphql.client import ApiError, ApiUnavailable

    settings = Settings.from_env()
    url = args.url or f"http://{settings.host}:{settings.port}"
    try:
        await wait_until_up(url, max(0.0, args.wait))
        report = await seed_chat(url)
    except (ApiError, ApiUnavailable) as error:
        raise SystemExit(f"edusphere chat seed-demo: {error}") from None
    if report.skipped:
        print(f"Demo chat: nothing posted, {report.skipped}.")
    else:
        print(
            f"Demo chat: {report.posted} messages and {report.reactions} reactions posted over the WebSocket "
            f"in {report.course_slug} (sign in as demo-learner-000@edusphere.example to read them)."
        )


def asset_uses() -> Sequence[AssetUse]:
    """Attachments: members of the room open them; the media collector keeps them."""
    from edusphere.chat import attachments

    return (AssetUse(may_open=attachments.may_open, in_use=attachments.in_use),)


DOMAIN = Domain(
    name="chat",
    package="edusphere.chat",
    workers=(write_behinds, search_indexer, activity_reporter),
    readiness=readiness,
    commands=install_commands,
    asset_uses=asset_uses,
)
