"""What text may be stored: the one rule every input passes before it can reach PostgreSQL.

PostgreSQL's text types refuse U+0000, and UTF-8 has no encoding for a lone surrogate (JSON's
`"\\ud800"` decodes to one in Python), so either would be accepted by the API and then fail
later, far from the client: a chat message acknowledged with a seq and then dropped by the
write-behind, a filter answered INTERNAL. They are refused at the door instead.

Two levels:
- `unstorable(text)`: the characters no text anywhere may hold (U+0000, lone surrogates).
  The transports check every string of a request with it (`find_unstorable`).
- `check_plain_text(text, field)`: what people type into a form or a chat: also no other
  control character (C0 but tab and newline, DEL, C1 such as U+009B, the 8-bit CSI a terminal
  obeys); a carriage return is normalised away with `\\r\\n`.

A string that is only looked up goes through `lookup_key` with its column's length (see
`column_length`): one longer than the column matches no row, and Tortoise would refuse it in a
filter with a ValidationError (answered INTERNAL) instead of finding nothing.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from edusphere.core.errors import bad_input

if TYPE_CHECKING:
    from tortoise.models import Model

# Unicode's Cc but tab and newline: C0, DEL and C1 (U+0080-U+009F, e.g. U+009B, the 8-bit CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_WALK_DEPTH = 64


def has_lone_surrogate(text: str) -> bool:
    """Whether `text` has no UTF-8 encoding (a lone surrogate is the only way), at C speed."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def unstorable(text: str) -> str | None:
    """Why `text` cannot be stored as PostgreSQL text, or None when it can."""
    if "\x00" in text:
        return "contains the NUL character (U+0000)"
    if has_lone_surrogate(text):
        return "contains a lone UTF-16 surrogate"
    return None


def check_storable(value: str, field: str) -> str:
    """`value` unchanged, or BAD_USER_INPUT naming `field` when PostgreSQL could not even
    receive it (U+0000, a lone surrogate): for strings that are only compared with stored ones
    (a login's email, a search term, a slug), which asyncpg would otherwise refuse as INTERNAL."""
    reason = unstorable(value)
    if reason is not None:
        raise bad_input(f"{field} {reason}", field=field)
    return value


def lookup_key(value: str, field: str, max_length: int) -> str | None:
    """`value` checked as by `check_storable`, or None when it is longer than `max_length` (its
    column's): no row can hold it, so the caller answers as for any value that matches nothing."""
    checked = check_storable(value, field)
    return checked if len(checked) <= max_length else None


def column_length(model: type[Model], field: str) -> int:
    """The max_length of `model`'s CharField `field`: the bound `lookup_key` needs."""
    length = getattr(model._meta.fields_map[field], "max_length", None)
    if not isinstance(length, int):
        raise TypeError(f"{model.__name__}.{field} has no max_length")
    return length


def check_plain_text(text: str, field: str) -> str:
    """`text` with `\\r\\n` (and lone `\\r`) as `\\n`; BAD_USER_INPUT naming `field` when it holds a
    control character other than tab and newline, NUL or a lone surrogate."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    reason = unstorable(normalised)
    if reason is None and _CONTROL.search(normalised):
        reason = "contains control characters"
    if reason is not None:
        raise bad_input(f"{field} {reason}", field=field)
    return normalised


def find_unstorable(value: Any, path: str = "") -> tuple[str, str] | None:
    """The first string in a decoded JSON value (keys included) that cannot be stored, as
    (its path, why); None when there is none. Walks at most MAX_WALK_DEPTH levels; deeper
    values are the caller's to refuse (see `core.jsonvalue`)."""
    stack: list[tuple[Any, str, int]] = [(value, path, 0)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, str):
            reason = unstorable(item)
            if reason is not None:
                return where or "value", reason
        elif depth < MAX_WALK_DEPTH and isinstance(item, dict):
            for key, inner in item.items():
                key_reason = unstorable(str(key))
                if key_reason is not None:
                    return f"{where}.<key>" if where else "<key>", key_reason
                stack.append((inner, f"{where}.{key}" if where else str(key), depth + 1))
        elif depth < MAX_WALK_DEPTH and isinstance(item, list):
            stack.extend((inner, f"{where}[{i}]", depth + 1) for i, inner in enumerate(item))
    return None


def check_instant(raw: str | None, field: str) -> datetime | None:
    """An ISO 8601 instant from a client (`2027-01-31T23:59:59Z`, JavaScript's toISOString; a
    date alone is its midnight; without a zone it is UTC), or None for blank; BAD_USER_INPUT
    naming `field` when it is not one or lies outside 2000-9000 (beyond which PostgreSQL and
    Python disagree)."""
    if raw is None or not raw.strip():
        return None
    try:
        value = datetime.fromisoformat(check_storable(raw, field).strip()[:64])
    except ValueError:
        raise bad_input(f"{field} must be a date and time, e.g. 2027-01-31T23:59:59Z", field=field) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if not datetime(2000, 1, 1, tzinfo=UTC) <= value <= datetime(9000, 1, 1, tzinfo=UTC):
        raise bad_input(f"{field} is out of range", field=field)
    return value


def one_line(text: str, max_length: int | None = None) -> str:
    """`text` as one header-safe line: every run of whitespace (newlines, Unicode line and
    paragraph separators included) one space, every other control character dropped, and cut
    to `max_length` with an ellipsis. For user text that ends up in a mail header (a course
    title in a Subject, a display name in To), where a line break would be refused as header
    injection and the message could never be sent."""
    folded = " ".join(_CONTROL.sub("", " ".join(text.split())).split())
    if max_length is not None and len(folded) > max_length:
        folded = folded[: max(0, max_length - 1)].rstrip() + "…"
    return folded
