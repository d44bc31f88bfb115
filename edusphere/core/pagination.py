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
