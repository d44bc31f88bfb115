"""One-click unsubscribe tokens: who, and which courses, signed with SECRET_KEY; no database row.

A token is base64url (no padding) of `version · user id · course ids · tag`, the ids as their
16 bytes, the course ids sorted and distinct, and `tag` the first 16 bytes of HMAC-SHA256 with
SECRET_KEY over the purpose (`edusphere/unsubscribe/v1`) and everything before it. So a token
made for unsubscribing is good for nothing else (another feature's HMAC over the same ids
has another purpose), and it cannot be altered without the key: any changed character, even
one that base64 would decode to the same bytes, is refused (only the canonical spelling is
read). A course's id, 16 bytes, keeps the List-Unsubscribe URL short.

Tokens do not expire: an unsubscribe link must work however old the mail (RFC 8058 asks
nothing else), and all a token can do is turn its own recipient's course emails (announcements
and mentions) off.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

PURPOSE = b"edusphere/unsubscribe/v1"
VERSION = 1
TAG_BYTES = 16
MAX_COURSES = 25  # a digest lists at most this many courses (see notifications.digest)
MAX_TOKEN_CHARS = 4 * (1 + 16 * (MAX_COURSES + 1) + TAG_BYTES) // 3 + 4


@dataclass(frozen=True)
class Unsubscribe:
    """What a valid token says: turn off these courses' emails for this user."""

    user_id: UUID
    course_ids: tuple[UUID, ...]


def _tag(secret: str, body: bytes) -> bytes:
    return hmac.new(secret.encode(), PURPOSE + b"\x00" + body, hashlib.sha256).digest()[:TAG_BYTES]


def make(secret: str, user_id: UUID, course_ids: Iterable[UUID]) -> str:
    """The token for `user_id` and `course_ids` (at least one, at most MAX_COURSES)."""
    courses = sorted(set(course_ids), key=lambda course: course.bytes)
    if not 1 <= len(courses) <= MAX_COURSES:
        raise ValueError(f"an unsubscribe token names 1 to {MAX_COURSES} courses, not {len(courses)}")
    body = bytes([VERSION]) + user_id.bytes + b"".join(course.bytes for course in courses)
    return base64.urlsafe_b64encode(body + _tag(secret, body)).rstrip(b"=").decode()


def read(secret: str, token: str | None) -> Unsubscribe | None:
    """What `token` says, or None when it is not one EduSphere made (missing, malformed,
    altered, signed with another key, or for another purpose)."""
    if not token or len(token) > MAX_TOKEN_CHARS or not token.isascii():
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != token:
        return None  # not the canonical spelling (e.g. other trailing bits): altered
    body, tag = raw[:-TAG_BYTES], raw[-TAG_BYTES:]
    if len(body) < 1 + 32 or (len(body) - 1) % 16 or body[0] != VERSION:
        return None
    if not hmac.compare_digest(_tag(secret, body), tag):
        return None
    ids = [UUID(bytes=body[start : start + 16]) for start in range(1, len(body), 16)]
    user_id, courses = ids[0], tuple(ids[1:])
    if len(courses) > MAX_COURSES or list(courses) != sorted(set(courses), key=lambda course: course.bytes):
        return None
    return Unsubscribe(user_id=user_id, course_ids=courses)
