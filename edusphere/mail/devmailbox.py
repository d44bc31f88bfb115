"""What the embedded SMTP catcher caught, for the development Mailbox, its page and the CLI.

The catcher (`edusphere.core.embedded.EmbeddedSMTP`) writes each message to
`<data dir>/mail/<id>.eml`; this reads them back. Never in production: there is no catcher
there, and `require_enabled` answers NOT_FOUND so that the API and the page do not even say
they exist. "Development" here means every environment but production: the browser tests run
the server with EDUSPHERE_ENV=test and a newcomer's verification link must be clickable there
as in `make run`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from edusphere.core.embedded import CAUGHT_NAME
from edusphere.core.errors import not_found
from edusphere.core.settings import Settings

DEFAULT_FIRST = 20
MAX_FIRST = 100


@dataclass(frozen=True)
class CaughtMail:
    id: str
    sender: str
    to: list[str]
    subject: str
    date: datetime | None
    message_id: str | None
    text: str | None
    html: str | None
    headers: list[tuple[str, str]]


def enabled(settings: Settings) -> bool:
    return not settings.is_production


def require_enabled(settings: Settings) -> None:
    if not enabled(settings):
        raise not_found("Page")


def caught_ids(directory: Path) -> list[str]:
    """Newest first (the names sort by arrival)."""
    try:
        names = [entry.name for entry in directory.iterdir()]
    except FileNotFoundError:
        return []
    return sorted((match["id"] for match in map(CAUGHT_NAME.match, names) if match), reverse=True)


def path_of(directory: Path, mail_id: str) -> Path | None:
    """The file of caught message `mail_id`, or None (an id never names another file)."""
    if not CAUGHT_NAME.match(f"{mail_id}.eml"):
        return None
    path = directory / f"{mail_id}.eml"
    return path if path.is_file() else None


def newest(directory: Path, first: int | None = None) -> list[CaughtMail]:
    count = DEFAULT_FIRST if first is None else max(1, min(MAX_FIRST, first))
    found = []
    for mail_id in caught_ids(directory)[:count]:
        mail = get(directory, mail_id)
        if mail is not None:
            found.append(mail)
    return found


def get(directory: Path, mail_id: str) -> CaughtMail | None:
    path = path_of(directory, mail_id)
    if path is None:
        return None
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    return parse(mail_id, raw)


def parse(mail_id: str, raw: bytes) -> CaughtMail:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    date = message["Date"]
    return CaughtMail(
        id=mail_id,
        sender=str(message.get("From", "")),
        to=[str(address) for address in getattr(message.get("To"), "addresses", ())],
        subject=str(message.get("Subject", "")),
        date=getattr(date, "datetime", None),
        message_id=str(message["Message-ID"]) if message["Message-ID"] else None,
        text=_part(message, "plain"),
        html=_part(message, "html"),
        headers=[(name, str(value)) for name, value in message.items()],
    )


def _part(message: EmailMessage, subtype: str) -> str | None:
    body = message.get_body(preferencelist=(subtype,))
    if body is None or body.get_content_subtype() != subtype:
        return None
    content = body.get_content()
    return content if isinstance(content, str) else None
