"""`edusphere payments check`: the ledger balances and agrees with the orders."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict


def install(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    payments = commands.add_parser("payments", help="payments operations")
    sub = payments.add_subparsers(title="payments commands", metavar="COMMAND")
    check = sub.add_parser("check", help="check that the ledger balances (exit 1 if not; JSON report)")
    check.set_defaults(run=lambda args: asyncio.run(_check(args)))


async def _check(args: argparse.Namespace) -> None:
    from edusphere.cli import _database_url
    from edusphere.core import database
    from edusphere.core.settings import Settings
    from edusphere.payments import ledger

    async with _database_url(Settings.from_env()) as url:
        await database.connect(url)
        try:
            await database.ensure_migrated()
            report = await ledger.check()
        finally:
            await database.disconnect()
    print(json.dumps({"ok": report.ok, **asdict(report)}, indent=2))
    if not report.ok:
        sys.exit(1)
