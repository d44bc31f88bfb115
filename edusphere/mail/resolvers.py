"""GraphQL for the development Mailbox (the outbox itself has no API: mail is sent, not asked for)."""

from __future__ import annotations

import asyncio
from typing import Any

from edusphere.core.graphql import RequestContext, resolver
from edusphere.mail import devmailbox
from edusphere.mail.routes import html_path

Args = dict[str, Any]


def _shown(mail: devmailbox.CaughtMail) -> dict[str, Any]:
    return {
        "id": mail.id,
        "from": mail.sender,
        "to": mail.to,
        "subject": mail.subject,
        "date": mail.date,
        "message_id": mail.message_id,
        "text": mail.text,
        "html": mail.html,
        "html_url": html_path(mail.id) if mail.html is not None else None,
    }


@resolver("Query.devMailboxEnabled")
async def dev_mailbox_enabled(parent: Any, args: Args, ctx: RequestContext, info: Any) -> bool:
    return devmailbox.enabled(ctx.runtime.settings)


@resolver("Query.devMailbox")
async def dev_mailbox(parent: Any, args: Args, ctx: RequestContext, info: Any) -> list[dict[str, Any]]:
    settings = ctx.runtime.settings
    devmailbox.require_enabled(settings)
    found = await asyncio.to_thread(devmailbox.newest, settings.mail_dir, args.get("first"))
    return [_shown(mail) for mail in found]


@resolver("Query.devMail")
async def dev_mail(parent: Any, args: Args, ctx: RequestContext, info: Any) -> dict[str, Any] | None:
    settings = ctx.runtime.settings
    devmailbox.require_enabled(settings)
    mail = await asyncio.to_thread(devmailbox.get, settings.mail_dir, str(args["id"]))
    return _shown(mail) if mail is not None else None
