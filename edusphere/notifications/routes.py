"""`/unsubscribe?token=...`: one-click unsubscribe (RFC 8058) from a course's emails (its
announcements and the mentions in its rooms: one choice, `notifications.preferences`).

- `POST` turns off the courses the signed token names (`notifications.tokens`: all the courses
  of the mail it came in) for the user it names, without a login, and answers 200: what a
  mail client sends for `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, and what the
  confirmation page's button sends. Doing it twice changes nothing more.
- `GET` only shows that page ("Unsubscribe from ...?" and a button): mail scanners and link
  previewers fetch every link in a message, so following the link must not unsubscribe.
- A forged, altered or truncated token: 400 on both, and nothing changes.

The pages are rendered here (autoescaped: course titles are user text), without the web app, so
they work from any mail client whether or not the app is loaded, and send no Referer (the token
is in the URL).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import urlencode
from uuid import UUID

import jinja2
from sanic import Blueprint, Request
from sanic.response import HTTPResponse, html

from edusphere.core.runtime import Runtime
from edusphere.core.text import one_line
from edusphere.courses.models import Course
from edusphere.notifications import preferences, tokens
from edusphere.notifications.digest import MAX_TITLE, UNSUBSCRIBE_PATH

bp = Blueprint("notifications_unsubscribe")

HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-robots-tag": "noindex",
}


@cache
def _pages() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def _page(rt: Runtime, status: int, state: str, heading: str, titles: list[str], token: str = "") -> HTTPResponse:
    body = (
        _pages()
        .get_template("unsubscribe.html")
        .render(
            product=rt.settings.mail.product_name,
            state=state,
            heading=heading,
            titles=titles,
            action=f"{UNSUBSCRIBE_PATH}?{urlencode({'token': token})}",
        )
    )
    return html(body, status=status, headers=HEADERS)


def _invalid(rt: Runtime) -> HTTPResponse:
    return _page(rt, 400, "invalid", "This link is not valid", [])


async def _titles(course_ids: list[UUID]) -> list[str]:
    courses = await Course.filter(id__in=course_ids).order_by("title")
    return [one_line(course.title, MAX_TITLE) for course in courses]


@bp.get(UNSUBSCRIBE_PATH)
async def confirm(request: Request) -> HTTPResponse:
    rt: Runtime = request.app.ctx.runtime
    token = request.args.get("token")
    found = tokens.read(rt.settings.secret_key, token)
    if found is None or token is None:
        return _invalid(rt)
    return _page(rt, 200, "confirm", "Unsubscribe?", await _titles(list(found.course_ids)), token)


@bp.post(UNSUBSCRIBE_PATH)
async def unsubscribe(request: Request) -> HTTPResponse:
    rt: Runtime = request.app.ctx.runtime
    found = tokens.read(rt.settings.secret_key, request.args.get("token"))
    if found is None:
        return _invalid(rt)
    changed = await preferences.record(found.user_id, found.course_ids, False)
    return _page(rt, 200, "done", "You are unsubscribed", await _titles(changed))
