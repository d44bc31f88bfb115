"""`GET /_dev/mail/<id>.html`: one caught message's HTML part as a page (the Mailbox's frame,
and a screenshot's subject). NOT_FOUND in production, as the API.

The page is the message as sent, with a `<base target="_top">` added so that its links open in
the window around the Mailbox's frame (a newcomer clicks "Verify" and lands in the app), an
empty icon (no request for /favicon.ico, which is not there), and a Content-Security-Policy
sandbox: no scripts, no forms, nothing loaded but inline styles and images, whatever the
message holds.
"""

from __future__ import annotations

import asyncio
import re

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, html, json

from edusphere.core.runtime import Runtime
from edusphere.mail import devmailbox

PREFIX = "/_dev/mail"
SANDBOX_POLICY = (
    "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation; "
    "default-src 'none'; img-src data: http: https:; style-src 'unsafe-inline'; frame-ancestors 'self'"
)
_HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)

bp = Blueprint("mail_dev")


def html_path(mail_id: str) -> str:
    return f"{PREFIX}/{mail_id}.html"


def _not_found() -> HTTPResponse:
    return json({"error": {"code": "NOT_FOUND", "message": "Not found"}}, status=404)


def framed(body: str) -> str:
    """The message's HTML with its links aimed at the top window."""
    base = '<base target="_top"><link rel="icon" href="data:,">'
    head = _HEAD.search(body)
    return f"{body[: head.end()]}{base}{body[head.end() :]}" if head else f"{base}{body}"


@bp.get(f"{PREFIX}/<name:str>")
async def caught_html(request: Request, name: str) -> HTTPResponse:
    rt: Runtime = request.app.ctx.runtime
    if not devmailbox.enabled(rt.settings) or not name.endswith(".html"):
        return _not_found()
    mail = await asyncio.to_thread(devmailbox.get, rt.settings.mail_dir, name.removesuffix(".html"))
    if mail is None or mail.html is None:
        return _not_found()
    headers = {
        "content-security-policy": SANDBOX_POLICY,
        "x-content-type-options": "nosniff",
        "cache-control": "no-store",
        "referrer-policy": "no-referrer",
    }
    return html(framed(mail.html), headers=headers)
