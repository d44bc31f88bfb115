"""`edusphere mail ...`: the development catcher's mail, and the outbox for operators.

- `mail list [--first N]`: caught mail, newest first (the development catcher's directory);
- `mail show ID [--html|--raw]`: one caught message, its text part (or HTML, or the whole .eml);
- `mail status`: the outbox's figures as JSON (exit status 1 on an incident);
- `mail dead [--first N]`: the newest dead letters (id, kind, recipient, why);
- `mail retry ID`: a dead letter back in the queue, attempts counted from zero;
- `mail test ADDRESS`: queue a test message (a running server sends it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from uuid import UUID

from tortoise.transactions import in_transaction

from edusphere.core import database
from edusphere.core.cli_support import database_url, run_async
from edusphere.core.errors import bad_input, not_found
from edusphere.core.settings import Settings
from edusphere.mail import devmailbox


def install(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    mail = commands.add_parser("mail", help="caught mail (development) and the outbox (operators)")
    sub = mail.add_subparsers(title="mail commands", metavar="COMMAND")
    listing = sub.add_parser("list", help="mail the development catcher caught, newest first")
    listing.add_argument("--first", type=int, default=20)
    listing.set_defaults(run=_list)
    show = sub.add_parser("show", help="one caught message (its text part unless --html or --raw)")
    show.add_argument("id")
    shown = show.add_mutually_exclusive_group()
    shown.add_argument("--html", action="store_true", help="the HTML part")
    shown.add_argument("--raw", action="store_true", help="the whole message as received")
    show.set_defaults(run=_show)
    sub.add_parser("status", help="the outbox's figures (JSON; exit 1 on an incident)").set_defaults(
        run=run_async(_status)
    )
    dead = sub.add_parser("dead", help="the newest dead letters")
    dead.add_argument("--first", type=int, default=50)
    dead.set_defaults(run=run_async(_dead))
    retry = sub.add_parser("retry", help="send a dead letter again (attempts counted from zero)")
    retry.add_argument("id", type=UUID)
    retry.set_defaults(run=run_async(_retry))
    test = sub.add_parser("test", help="queue a test message to ADDRESS (a running server sends it)")
    test.add_argument("address")
    test.set_defaults(run=run_async(_test))


def _list(args: argparse.Namespace) -> None:
    settings = Settings.from_env()
    found = devmailbox.newest(settings.mail_dir, args.first)
    if not found:
        print(f"No mail caught in {settings.mail_dir}.")
        return
    for mail in found:
        when = mail.date.strftime("%Y-%m-%d %H:%M:%S") if mail.date else "?"
        print(f"{mail.id}  {when}  {', '.join(mail.to):<40}  {mail.subject}")


def _show(args: argparse.Namespace) -> None:
    settings = Settings.from_env()
    path = devmailbox.path_of(settings.mail_dir, args.id)
    if path is None:
        raise not_found(f"Caught mail {args.id!r} (see `edusphere mail list`)")
    if args.raw:
        sys.stdout.write(path.read_bytes().decode("utf-8", "replace"))
        return
    mail = devmailbox.parse(args.id, path.read_bytes())
    print(f"From: {mail.sender}\nTo: {', '.join(mail.to)}\nSubject: {mail.subject}\nDate: {mail.date}\n")
    print((mail.html if args.html else mail.text) or "(no such part)")


@asynccontextmanager
async def _outbox(settings: Settings) -> AsyncIterator[None]:
    async with database_url(settings) as url:
        await database.connect(url)
        try:
            await database.ensure_migrated()
            yield
        finally:
            await database.disconnect()


async def _status(args: argparse.Namespace) -> None:
    from edusphere.mail import outbox

    async with _outbox(Settings.from_env()):
        figures = await outbox.figures()
    incidents = figures.incidents()
    print(json.dumps({**asdict(figures), "incidents": incidents}, indent=2, default=str))
    if incidents:
        sys.exit(1)


async def _dead(args: argparse.Namespace) -> None:
    from edusphere.mail import outbox

    async with _outbox(Settings.from_env()):
        letters = await outbox.dead_letters(args.first)
    for row in letters:
        print(f"{row.id}  {row.dead_at:%Y-%m-%d %H:%M}  {row.kind.value:<22} {row.to_address:<40} {row.last_error}")
    if not letters:
        print("No dead letters.")


async def _retry(args: argparse.Namespace) -> None:
    from edusphere.mail import outbox

    async with _outbox(Settings.from_env()):
        row = await outbox.retry(args.id)
    print(f"{row.id} is queued again ({row.message_id}).")


async def _test(args: argparse.Namespace) -> None:
    from edusphere.mail import outbox
    from edusphere.mail.message import MailRefused, Recipient
    from edusphere.mail.models import MailKind
    from edusphere.mail.templates import compose

    settings = Settings.from_env()
    try:
        note = "Sent by the edusphere mail test command."
        message = compose(settings, MailKind.TEST, Recipient(args.address), note=note)
    except MailRefused as refused:
        raise bad_input(refused.message) from None
    async with _outbox(settings), in_transaction():
        row = await outbox.enqueue(message)
    print(f"Queued {row.message_id} to {row.to_address}; a running server sends it.")
