"""Opaque, signed keyset cursors and page-size checks shared by every connection field.

A cursor names the kind of list it belongs to and is signed with the secret key, so a forged
cursor or one taken from another list is refused instead of silently returning a wrong page.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from edusphere.core.errors import bad_input

M = TypeVar("M", bound=Model)

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def page_size(first: int | None, *, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE) -> int:
    if first is None:
        return default
    if first < 1 or first > maximum:
        raise bad_input(f"`first` must be between 1 and {maximum}", argument="first")
    return first


def edges(items: list[Any], cursors: list[str]) -> list[dict[str, Any]]:
    return [{"cursor": cursor, "node": item} for cursor, item in zip(cursors, items, strict=True)]


def page_info(cursors: list[str], has_next_page: bool) -> dict[str, Any]:
    return {"has_next_page": has_next_page, "end_cursor": cursors[-1] if cursors else None}


def connection(items: list[Any], cursors: list[str], has_next_page: bool, **extra: Any) -> dict[str, Any]:
    """A Relay-style connection as the GraphQL types read it (edges, pageInfo, extras)."""
    return {"edges": edges(items, cursors), "page_info": page_info(cursors, has_next_page), **extra}


def encode_cursor(secret: str, kind: str, values: list[Any]) -> str:
    payload = json.dumps([kind, values], separators=(",", ":")).encode()
    signature = _sign(secret, payload)
    return base64.urlsafe_b64encode(signature + payload).decode().rstrip("=")


def decode_cursor(secret: str, kind: str, cursor: str) -> list[Any]:
    invalid = bad_input("Invalid cursor", argument="after")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError):
        raise invalid from None
    signature, payload = raw[:16], raw[16:]
    if len(signature) != 16 or not hmac.compare_digest(signature, _sign(secret, payload)):
        raise invalid
    try:
        cursor_kind, values = json.loads(payload)
    except (ValueError, TypeError):
        raise invalid from None
    if cursor_kind != kind or not isinstance(values, list):
        raise invalid
    return values


def _sign(secret: str, payload: bytes) -> bytes:
    return hmac.new(secret.encode(), b"cursor:" + payload, hashlib.sha256).digest()[:16]


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]
    cursors: list[str]
    has_next_page: bool


async def newest_first(query: QuerySet[M], secret: str, kind: str, size: int, after: str | None) -> Page[M]:
    """One page of `query`, newest first, keyset-paged on (created_at, id) so pages stay stable
    while rows are added; `after` is a cursor this function signed for the same `kind`."""
    if after:
        values = decode_cursor(secret, kind, after)
        try:
            created, last_id = datetime.fromisoformat(values[0]), UUID(values[1])
        except (IndexError, TypeError, ValueError):
            raise bad_input("Invalid cursor", argument="after") from None
        query = query.filter(Q(created_at__lt=created) | Q(created_at=created, id__lt=last_id))
    rows = await query.order_by("-created_at", "-id").limit(size + 1)
    items = rows[:size]
    cursors = [encode_cursor(secret, kind, [row.created_at.isoformat(), str(row.pk)]) for row in items]  # type: ignore[attr-defined]
    return Page(items, cursors, len(rows) > size)


@dataclass(frozen=True)
class SortKey:
    """One column of a keyset order. `parse` turns a cursor's JSON value back into the column's
    type (a forged-but-signed cursor is impossible, but an old one may carry another shape)."""

    field: str
    descending: bool
    parse: Any = str  # Callable[[Any], Any]: datetime.fromisoformat, UUID, int, float, str

    def encode(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, UUID):
            return str(value)
        if hasattr(value, "value"):  # an enum
            return value.value
        return value


def _parse_datetime(value: Any) -> datetime:
    return datetime.fromisoformat(value)


def newest(field: str = "created_at") -> tuple[SortKey, SortKey]:
    """Newest first on (`field`, id): the admin lists' default order."""
    return (SortKey(field, True, _parse_datetime), SortKey("id", True, UUID))


def oldest(field: str = "created_at") -> tuple[SortKey, SortKey]:
    return (SortKey(field, False, _parse_datetime), SortKey("id", False, UUID))


def by_text(field: str, *, descending: bool = False) -> tuple[SortKey, SortKey]:
    """A text column then id, for sorting by email, name or title (the column must be NOT NULL)."""
    return (SortKey(field, descending, str), SortKey("id", descending, UUID))


def by_number(field: str, *, descending: bool = True, integer: bool = True) -> tuple[SortKey, SortKey]:
    return (SortKey(field, descending, int if integer else float), SortKey("id", descending, UUID))


async def keyset(
    query: QuerySet[M], secret: str, kind: str, size: int, after: str | None, keys: tuple[SortKey, ...]
) -> Page[M]:
    """One page of `query` in the order `keys` give (the last key must be unique, usually id),
    keyset-paged: the next page starts strictly after the last row, by comparing the whole
    key tuple, so pages stay stable and cost the same however deep they go (an index on the
    key columns makes each page an index range scan). The cursor is signed for `kind`, which
    must name the list *and* its order: a cursor from another order is refused."""
    if after:
        values = decode_cursor(secret, kind, after)
        if len(values) != len(keys):
            raise bad_input("Invalid cursor", argument="after")
        try:
            parsed = [key.parse(value) for key, value in zip(keys, values, strict=True)]
        except (TypeError, ValueError):
            raise bad_input("Invalid cursor", argument="after") from None
        query = query.filter(_after(keys, parsed))
    ordering = [f"-{key.field}" if key.descending else key.field for key in keys]
    rows = await query.order_by(*ordering).limit(size + 1)
    items = rows[:size]
    cursors = [encode_cursor(secret, kind, [key.encode(_attribute(row, key.field)) for key in keys]) for row in items]
    return Page(items, cursors, len(rows) > size)


def _attribute(row: Model, field: str) -> Any:
    return getattr(row, "pk" if field == "id" else field)


def _after(keys: tuple[SortKey, ...], values: list[Any]) -> Q:
    """(k1, k2, ...) strictly after (v1, v2, ...) in the keys' own directions:
    k1 >= v1  AND  (k1 > v1  OR  (k1 = v1 AND k2 > v2)  OR ...).

    The leading `k1 >= v1` is implied by the rest, but PostgreSQL cannot see it: it turns no OR
    of tuples into an index range, so without it a deep page scans the index from the start and
    filters out every row before the cursor (measured: 20 ms at row 90,000 of 100,000 reviews).
    With it the scan starts at the cursor."""
    alternatives: list[Q] = []
    for index, key in enumerate(keys):
        equal = {keys[i].field: values[i] for i in range(index)}
        beyond = {f"{key.field}__{'lt' if key.descending else 'gt'}": values[index]}
        alternatives.append(Q(**equal, **beyond))
    lead = keys[0]
    bound = Q(**{f"{lead.field}__{'lte' if lead.descending else 'gte'}": values[0]})
    return bound & Q(*alternatives, join_type="OR")
