"""Mentions: a body names a member as `<@USER_ID>` (Slack's convention), and the course's
creator may call everyone in an announcement with `<!here>`.

`check_mentions` reads a body before it is posted or edited: every `<@…>` must hold a user id
(a malformed one is refused, not left as text: the client meant a mention), each user must be
able to read the room (the course's creator, an admin, or a learner enrolled now), and a body
names at most `MAX_MENTIONS` people. The message keeps them, each once and in order, with their
names as they were (`Message.mentions`); clients render `<@id>` with that name.

Mentions are counted per room after the viewer's read marker (`Room.unreadMentions`) and listed
across courses (`myMentions`) from `chat_mentions`, an index the write-behind fills; the
message's own `mentions` stay the truth (an edit that drops a name drops the mention).

Who may read a course is remembered per process for `READERS_SECONDS` (positives only): a room
where people keep naming each other asks PostgreSQL once a half-minute per person, not once per
message (it was the mention's whole extra cost on the send path). The price: for up to that
long, someone who just lost access (a refund, a deactivation) can still be named, and a
renamed member is named as before; reading the room stays checked on every read.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from uuid import UUID

from tortoise import connections

from edusphere.chat.events import ChatUser, Message
from edusphere.chat.models import RoomKind
from edusphere.chat.rooms import Membership
from edusphere.core.errors import bad_input, forbidden

MAX_MENTIONS = 20
READERS_SECONDS = 30.0
_READERS_KEPT = 50_000  # entries a process remembers at most (then it starts over)
# (course id, user id) -> (when it stops counting, display name): known readers of the course.
_known_readers: dict[tuple[str, str], tuple[float, str]] = {}
HERE = "<!here>"
_TOKEN = re.compile(r"<@([^<>\s]{0,64})>")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

# Who of `$1` may read the course's rooms: active, and an admin, the creator ($2) or enrolled in it ($3).
_READERS = """
SELECT u.id, u.display_name FROM users AS u
WHERE u.id = ANY($1::uuid[]) AND u.is_active AND (
    u.role = 'ADMIN' OR u.id = $2
    OR EXISTS (SELECT 1 FROM enrollments AS e WHERE e.learner_id = u.id AND e.course_id = $3 AND e.revoked_at IS NULL))
"""


@dataclass(frozen=True)
class Mentions:
    users: tuple[ChatUser, ...]
    here: bool


NONE = Mentions((), False)


async def check_mentions(member: Membership, body: str) -> Mentions:
    """The members `body` mentions (see the module's notes); BAD_USER_INPUT for a malformed
    id, someone who cannot read the room, or too many; `<!here>` only from the course's
    creator or an admin in an announcement room."""
    here = HERE in body
    if here:
        if not member.moderates:
            raise forbidden("Only the course's creator or an admin can notify everyone with <!here>")
        if member.room.kind is not RoomKind.ANNOUNCEMENTS:
            raise bad_input("<!here> is for announcement rooms", field="body")
    ids: list[str] = []
    for match in _TOKEN.finditer(body):
        raw = match.group(1)
        if not _UUID.fullmatch(raw):
            raise bad_input(f"<@{raw[:40]}> does not name a member (use <@USER_ID>)", field="body")
        canonical = str(UUID(raw))
        if canonical not in ids:
            ids.append(canonical)
            if len(ids) > MAX_MENTIONS:
                raise bad_input(f"A message can mention at most {MAX_MENTIONS} people", field="body")
    if not ids:
        return Mentions((), here)
    names = await _readers(member, ids)
    if member.room.kind is RoomKind.DIRECT:  # only its two members read a direct room
        pair = {str(member.room.member_a_id), str(member.room.member_b_id)}
        names = {i: name for i, name in names.items() if i in pair}
    missing = [i for i in ids if i not in names]
    if missing:
        raise bad_input(f"<@{missing[0]}> is not a member of this room", field="body")
    return Mentions(tuple(ChatUser(i, names[i]) for i in ids), here)


async def _readers(member: Membership, ids: list[str]) -> dict[str, str]:
    """The display names of those of `ids` who may read the course's rooms."""
    course = str(member.course.id)
    now = time.monotonic()
    names: dict[str, str] = {}
    unknown: list[str] = []
    for user_id in ids:
        known = _known_readers.get((course, user_id))
        if known is not None and known[0] > now:
            names[user_id] = known[1]
        else:
            unknown.append(user_id)
    if unknown:
        rows = await connections.get("default").execute_query_dict(
            _READERS,
            [unknown, member.course.creator_id, member.course.id],  # type: ignore[attr-defined]
        )
        if len(_known_readers) > _READERS_KEPT:
            _known_readers.clear()
        for row in rows:
            user_id, name = str(row["id"]), str(row["display_name"])
            names[user_id] = name
            _known_readers[(course, user_id)] = (now + READERS_SECONDS, name)
    return names


def forget_readers() -> None:
    """Forget every remembered reader (tests that change access and mention at once)."""
    _known_readers.clear()


def mentions_viewer(message: Message, viewer_id: str) -> bool:
    """Whether `message` (not deleted) calls the viewer: by name, or `<!here>` from someone else."""
    if message.deleted:
        return False
    if message.mentions_here and message.author_id != viewer_id:
        return True
    return any(user.id == viewer_id for user in message.mentions)


def as_text(body: str, mentioned: tuple[ChatUser, ...]) -> str:
    """`body` as a person reads it: each `<@id>` as `@Name` (the name the message keeps for that
    id, as clients render it; `@someone` for an id it does not name) and `<!here>` as `@here`.
    Plain text, for an email or a notification; whoever shows it escapes it as usual."""
    names = {user.id: user.display_name for user in mentioned}

    def name(match: re.Match[str]) -> str:
        raw = match.group(1)
        known = names.get(str(UUID(raw))) if _UUID.fullmatch(raw) else None
        return f"@{known}" if known is not None else "@someone"

    return _TOKEN.sub(name, body).replace(HERE, "@here")
