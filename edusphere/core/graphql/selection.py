"""What a query asks of a field's result, for a resolver that can start work early.

A connection's `totalCount` is resolved only after the page it belongs to, so its count would
wait for the page; a resolver that knows the count is wanted can start both at once. This reads
the field's own selection set (through inline fragments and named fragment spreads), never
deeper, and ignores `@skip`/`@include`: asking too eagerly costs one query, never a wrong
answer. The one place outside the engine that reads Tartiflette's AST.
"""

from __future__ import annotations

from typing import Any


def selects(info: Any, *names: str) -> bool:
    """Whether the resolved field's selection names any of `names` directly."""
    wanted = set(names)
    fragments = getattr(info, "fragments", None) or {}
    seen: set[str] = set()
    pending = [node.selection_set for node in getattr(info, "field_nodes", None) or []]
    while pending:
        selection_set = pending.pop()
        for selection in getattr(selection_set, "selections", None) or []:
            kind = type(selection).__name__
            if kind == "FieldNode":
                if selection.name.value in wanted:
                    return True
            elif kind == "InlineFragmentNode":
                pending.append(selection.selection_set)
            elif kind == "FragmentSpreadNode":
                name = selection.name.value
                if name not in seen and name in fragments:
                    seen.add(name)
                    pending.append(fragments[name].selection_set)
    return False
