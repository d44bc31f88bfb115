"""Decoding JSON that a client sent: bounded in depth, so that nothing downstream recurses on it.

`json.loads` recurses once per nesting level and raises RecursionError (not ValueError) a few
thousand levels down; a value that just fits would then make every later walk of it (variable
coercion, validation, logging) recurse as deep. No GraphQL input of ours nests more than a few
levels, so anything deeper than MAX_DEPTH is refused as a client error.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 32


class InvalidJSON(ValueError):
    """Not JSON, or JSON nested deeper than allowed; the message says which."""


def loads(raw: str | bytes, max_depth: int = MAX_DEPTH) -> Any:
    try:
        value = json.loads(raw)
    except RecursionError:
        raise InvalidJSON(f"nested deeper than {max_depth} levels") from None
    except ValueError:  # JSONDecodeError, and UnicodeDecodeError for bytes
        raise InvalidJSON("not valid JSON") from None
    # No more opening brackets than levels allowed (strings included: a bound, at C speed): it
    # cannot nest too deep, and the walk is saved (a chat send's message has four).
    if _brackets(raw) > max_depth and depth_exceeds(value, max_depth):
        raise InvalidJSON(f"nested deeper than {max_depth} levels")
    return value


def _brackets(raw: str | bytes) -> int:
    if isinstance(raw, str):
        return raw.count("{") + raw.count("[")
    return raw.count(b"{") + raw.count(b"[")


def depth_exceeds(value: Any, max_depth: int = MAX_DEPTH) -> bool:
    """Whether `value` nests lists/objects deeper than `max_depth` (iteratively: no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth >= max_depth:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
