"""`edusphere payments check`: the ledger balances and agrees with the orders."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from edusphere.core import database
from edusphere.core.cli_support import database_url, run_async
from edusphere.core.settings import Settings


def install(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    payments = commands.add_parser("payments", help="payments operations")
    sub = payments.add_subparsers(title="payments commands", metavar="COMMAND")
    check = sub.add_parser("check", help="check that the ledger balances and matches the orders (JSON; exit 1 if not)")
    check.set_defaults(run=run_async(_check))


async def _check(args: argparse.Namespace) -> None:
    from edusphere.payments import ledger

    async with database_url(Settings.from_env()) as url:
        await database.connect(url)
        try:
            await database.ensure_migrated()
            report = await ledger.check()
        finally:
            await database.disconnect()
    print(json.dumps({"ok": report.ok, **asdict(report)}, indent=2))
    if not report.ok:
        sys.exit(1)
