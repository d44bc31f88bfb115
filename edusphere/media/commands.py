"""`edusphere media gc [--grace-hours N]`: remove unused assets and their files (see `gc`)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from edusphere.core import database
from edusphere.core.cli_support import database_url, run_async
from edusphere.core.settings import Settings


def install(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    media = commands.add_parser("media", help="media operations")
    sub = media.add_subparsers(title="media commands", metavar="COMMAND")
    gc = sub.add_parser("gc", help="remove assets nothing references (and their files), older than the grace period")
    gc.add_argument(
        "--grace-hours", type=_hours, default=None, help="only assets older than this (default: MEDIA_GC_GRACE_HOURS)"
    )
    gc.set_defaults(run=run_async(_gc))


def _hours(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError("a number of hours") from None
    if not 0 <= value <= 100_000:
        raise argparse.ArgumentTypeError("between 0 and 100000 hours")
    return value


async def _gc(args: argparse.Namespace) -> None:
    from edusphere.media.gc import collect
    from edusphere.media.storage import storage_for

    settings = Settings.from_env()
    grace = settings.media.gc_grace_hours if args.grace_hours is None else args.grace_hours
    async with database_url(settings) as url:
        await database.connect(url)
        try:
            await database.ensure_migrated()
            report = await collect(storage_for(settings.media_dir), grace)
        finally:
            await database.disconnect()
    print(json.dumps(asdict(report)))
