"""One message to send, checked as it is made, and turned into MIME only by the standard library.

`OutgoingMail` is the one shape a message has on its way (composed by a template, enqueued,
read back by the worker): frozen, and refused at construction if any header value could
break out of its header. Every value is checked for line breaks and other control characters
(`HeaderInjection`, BAD_USER_INPUT): a display name like "Ada\\r\\nBcc: x@evil" never reaches
a header. The MIME itself is built by `email.message.EmailMessage` with `email.headerregistry`
addresses, which encode non-ASCII display names and subjects (RFC 2047) and fold long lines.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.headerregistry import Address, BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from uuid import UUID

from edusphere.core.errors import AppError, ErrorCode
from edusphere.mail.models import MailKind

if TYPE_CHECKING:
    from edusphere.mail.models import OutboxMessage

MAX_SUBJECT = 500
MAX_NAME = 200
MAX_ADDRESS = 254
MAX_HEADER_VALUE = 2_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FIELD_NAME = re.compile(r"^[!-9;-~]{1,76}$")  # RFC 5322 ftext
# Set by `build` from the message's own fields: never overridden by extra headers.
RESERVED_HEADERS = frozenset(
    {"from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version", "sender",
     "content-type", "content-transfer-encoding", "return-path", "auto-submitted"}
)  # fmt: skip


class MailRefused(AppError):
    """A message that cannot be sent as given (BAD_USER_INPUT, with the field at fault)."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(ErrorCode.BAD_USER_INPUT, message, field=field)


class HeaderInjection(MailRefused):
    """A header value with a line break or another control character in it: the start of
    another header ("Bcc: ...") smuggled into a display name or subject."""

    def __init__(self, field: str) -> None:
        super().__init__(f"The {field} cannot contain line breaks or control characters", field=field)


def check_header_value(value: str, what: str, max_length: int = MAX_HEADER_VALUE) -> str:
    if _CONTROL.search(value):
        raise HeaderInjection(what)
    if len(value) > max_length:
        raise MailRefused(f"The {what} can be at most {max_length} characters", field=what)
    return value


def parse_address(address: str, what: str = "address") -> Address:
    """`user@domain`, nothing else (no display name, no comments), as a headerregistry Address."""
    check_header_value(address, what, MAX_ADDRESS)
    try:
        parsed = Address(addr_spec=address.strip())
    except Exception:  # ValueError, HeaderParseError, ...: whatever the parser makes of it
        raise MailRefused(f"The {what} is not an email address", field=what) from None
    if not parsed.username or not parsed.domain or "@" in parsed.domain:
        raise MailRefused(f"The {what} is not an email address", field=what)
    return parsed


@dataclass(frozen=True)
class Recipient:
    """Who a message is for: an address and the name to greet (a user's display name)."""

    address: str
    name: str = ""

    def __post_init__(self) -> None:
        check_header_value(self.name, "display name", MAX_NAME)
        parse_address(self.address, "recipient address")

    def header(self) -> Address:
        return Address(display_name=self.name.strip(), addr_spec=self.address.strip())


def sender_address(sender: str) -> Address:
    """MAIL_FROM ("Name <user@host>" or "user@host") as an Address."""
    check_header_value(sender, "sender", 320)
    name, address = parseaddr(sender)
    parsed = parse_address(address, "sender")
    return Address(display_name=name, username=parsed.username, domain=parsed.domain)


# Written on one line as given (see `_UnfoldedHeader`), so ASCII and short enough for one line.
UNFOLDED_HEADERS = ("list-unsubscribe", "list-unsubscribe-post")
MAX_UNFOLDED_LENGTH = 900


@dataclass(frozen=True)
class OutgoingMail:
    """A message ready for the outbox. Build one with `edusphere.mail.compose` (a template
    renders subject and both parts) or directly; `headers` are extra ones (List-Unsubscribe,
    List-Unsubscribe-Post, Reply-To), never those `build` sets itself."""

    kind: MailKind
    to: Recipient
    sender: str
    subject: str
    html: str
    text: str
    headers: Mapping[str, str] = field(default_factory=dict)
    user_id: UUID | None = None

    def __post_init__(self) -> None:
        sender_address(self.sender)
        check_header_value(self.subject, "subject", MAX_SUBJECT)
        if not self.subject.strip():
            raise MailRefused("A message needs a subject", field="subject")
        if not self.text.strip() or not self.html.strip():
            raise MailRefused("A message needs both a plain-text and an HTML part", field="body")
        checked: dict[str, str] = {}
        for name, value in self.headers.items():
            if not _FIELD_NAME.match(name):
                raise HeaderInjection("header name")
            if name.lower() in RESERVED_HEADERS:
                raise MailRefused(f"{name} is set from the message itself, not as an extra header", field="headers")
            checked[name] = check_header_value(value, f"{name} header")
            if name.lower() in UNFOLDED_HEADERS and (not value.isascii() or len(value) > MAX_UNFOLDED_LENGTH):
                raise MailRefused(f"{name} must be ASCII and at most {MAX_UNFOLDED_LENGTH} characters", field="headers")
        object.__setattr__(self, "headers", MappingProxyType(checked))


def new_message_id(sender: str) -> tuple[UUID, str]:
    """A row id and the Message-ID made from it, in the sender's domain (RFC 5322 3.6.4)."""
    row_id = uuid.uuid4()
    return row_id, f"<{row_id.hex}@{sender_address(sender).domain}>"


def build(row: OutboxMessage) -> EmailMessage:
    """The MIME message for an outbox row: multipart/alternative, text first (RFC 2046: the
    preferred part last), UTF-8; the same Message-ID and Date on every attempt."""
    return build_parts(
        sender=row.sender,
        to=Recipient(row.to_address, row.to_name),
        subject=row.subject,
        text=row.text,
        html=row.html,
        headers=row.headers or {},
        message_id=row.message_id,
        date=row.created_at,
    )


class _UnfoldedHeader(UnstructuredHeader, BaseHeader):
    """A header written on one line, never folded or RFC 2047-encoded: `List-Unsubscribe`'s
    `<https://…>` is one long token, which the standard folder would turn into `=?utf-8?q?…?=`
    past 78 characters; mail clients then no longer see a URL and offer no one-click unsubscribe
    (RFC 8058). The value is ASCII and well under RFC 5322's 998-character line limit."""

    def fold(self, *, policy: policy.Policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


_HEADERS = HeaderRegistry()
for _name in UNFOLDED_HEADERS:
    _HEADERS.map_to_type(_name, _UnfoldedHeader)
_POLICY = policy.SMTP.clone(header_factory=_HEADERS)


def build_parts(
    *,
    sender: str,
    to: Recipient,
    subject: str,
    text: str,
    html: str,
    headers: Mapping[str, Any],
    message_id: str,
    date: datetime,
) -> EmailMessage:
    message = EmailMessage(policy=_POLICY)
    message["From"] = sender_address(sender)
    message["To"] = to.header()
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation auto-replies to this
    for name, value in headers.items():
        message[name] = str(value)
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message
