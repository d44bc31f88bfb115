"""Messages for the mail tests: the sample template (`MailKind.TEST`) to fresh addresses."""

from __future__ import annotations

import secrets

from tortoise.transactions import in_transaction

from edusphere.core.settings import Settings
from edusphere.mail import MailKind, OutboxMessage, OutgoingMail, Recipient, compose, enqueue_many


def address(prefix: str = "learner") -> str:
    return f"{prefix}-{secrets.token_hex(4)}@example.com"


def sample(settings: Settings, to: str | None = None, name: str = "Ada Lovelace", **context: object) -> OutgoingMail:
    return compose(settings, MailKind.TEST, Recipient(to or address(), name), note=context.pop("note", ""), **context)


async def committed(settings: Settings, count: int = 1, *, to: str | None = None) -> list[OutboxMessage]:
    """`count` sample messages enqueued in one committed transaction."""
    async with in_transaction():
        return await enqueue_many([sample(settings, to) for _ in range(count)])
