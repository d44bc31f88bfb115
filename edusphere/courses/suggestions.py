"""Search-as-you-type for the catalog box: course titles, categories and creators.

One SQL statement (three LIMITed branches of a UNION ALL, one round trip) over the trigram
indexes of migration 0008: a title, category name or creator name with a word starting with the
text (`ILIKE 'py%' OR ILIKE '% py%'`: both anchored at a word's start, so even two letters give
the index trigrams to narrow by, where '%py%' would read every title), or, from FUZZY_FROM
characters, similar to it word by word (`<%`, so "pythn" still offers Python): those starting
with it first, then the closest, then the most taken. Only published courses, categories with
a published course and creators of one are offered.

Public and unauthenticated, so limited per client address (`catalog_suggest_limit`, counted by
`ratelimit.client_key`): the limit is taken before the text is even looked at, so a flood of
bad requests counts as much as a flood of good ones. Past it: RATE_LIMITED with
`retryAfterSeconds`. A text too short (under MIN_TEXT characters), too long (over
catalog.MAX_TEXT) or without a letter or digit offers nothing, as the catalog answers such texts
with an empty page.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from tortoise import connections

from edusphere.core import ratelimit
from edusphere.core.runtime import Runtime
from edusphere.core.text import check_storable
from edusphere.courses.catalog import MAX_TEXT

MIN_TEXT = 2
DEFAULT_COURSES = 5
MAX_COURSES = 10
CATEGORIES = 3
CREATORS = 3


class SuggestionKind(StrEnum):
    COURSE = "COURSE"
    CATEGORY = "CATEGORY"
    CREATOR = "CREATOR"


@dataclass(frozen=True)
class Suggestion:
    kind: SuggestionKind
    label: str
    course_slug: str | None = None
    category_slug: str | None = None
    creator_id: UUID | None = None
    # A course's creator: two courses of one title ("Practical Python") are told apart by it.
    detail: str | None = None


def check_text(raw: str) -> str | None:
    """The text as matched (lower-cased, spaces collapsed), or None when it offers nothing."""
    if len(raw) > MAX_TEXT * 4:
        return None
    text = " ".join(check_storable(raw, "text").split()).lower()
    if len(text) < MIN_TEXT or len(text) > MAX_TEXT or not any(ch.isalnum() for ch in text):
        return None
    return text


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_SQL = """
(SELECT 'COURSE' AS kind, c.title AS label, c.slug AS course_slug, NULL::text AS category_slug,
        NULL::uuid AS creator_id, author.display_name AS detail
   FROM courses c JOIN users author ON author.id = c.creator_id
  WHERE c.status = 'PUBLISHED' AND (c.title ILIKE $3 OR c.title ILIKE $2 /*similar:c.title*/)
  ORDER BY c.title ILIKE $3 DESC, word_similarity($1, c.title) DESC, c.enrollment_count DESC, c.id
  LIMIT $4)
UNION ALL
(SELECT 'CATEGORY', cat.name, NULL, cat.slug, NULL, NULL
   FROM categories cat
  WHERE (cat.name ILIKE $3 OR cat.name ILIKE $2 /*similar:cat.name*/)
    AND EXISTS (SELECT 1 FROM courses c WHERE c.category_id = cat.id AND c.status = 'PUBLISHED')
  ORDER BY cat.name ILIKE $3 DESC, word_similarity($1, cat.name) DESC, cat.name
  LIMIT $5)
UNION ALL
(SELECT 'CREATOR', u.display_name, NULL, NULL, u.id, NULL
   FROM users u
  WHERE (u.display_name ILIKE $3 OR u.display_name ILIKE $2 /*similar:u.display_name*/)
    AND EXISTS (SELECT 1 FROM courses c WHERE c.creator_id = u.id AND c.status = 'PUBLISHED')
  ORDER BY u.display_name ILIKE $3 DESC, word_similarity($1, u.display_name) DESC, u.id
  LIMIT $6)
"""


# Texts of FUZZY_FROM characters or more also match by similarity: shorter ones have few
# trigrams, so the similarity check (costly per row) would run on most titles, and a 4-letter
# prefix is rarely a typo yet.
FUZZY_FROM = 5
_EXACT_SQL = _SQL
for _column in ("c.title", "cat.name", "u.display_name"):
    _EXACT_SQL = _EXACT_SQL.replace(f"/*similar:{_column}*/", "")
    _SQL = _SQL.replace(f"/*similar:{_column}*/", f"OR $1 <% {_column}")


async def suggest(rt: Runtime, raw: str, first: int | None, client_address: str) -> list[Suggestion]:
    limit = rt.settings.catalog_suggest_limit
    key = rt.keys("catalog-suggest", "address", ratelimit.client_key(client_address))
    decision = await ratelimit.hit(rt.redis, key, limit.limit, limit.window_seconds)
    if not decision.allowed:
        raise ratelimit.rate_limited(decision, "suggestion requests")
    courses = DEFAULT_COURSES if first is None else max(0, min(first, MAX_COURSES))
    text = check_text(raw)
    if text is None:
        return []
    rows = await connections.get("default").execute_query_dict(
        _SQL if len(text) >= FUZZY_FROM else _EXACT_SQL,
        [text, f"% {_escaped(text)}%", f"{_escaped(text)}%", courses, CATEGORIES, CREATORS],
    )
    return [
        Suggestion(
            kind=SuggestionKind(row["kind"]),
            label=row["label"],
            course_slug=row["course_slug"],
            category_slug=row["category_slug"],
            creator_id=row["creator_id"],
            detail=row["detail"],
        )
        for row in rows
    ]
