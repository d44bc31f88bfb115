"""The catalog: full-text search, filters, sorts, keyset pages and facets, in PostgreSQL.

Search uses the weighted `search_vector` column (GIN-indexed), `websearch_to_tsquery` (which
accepts anything a person types, operators and quotes included, without raising) and `ts_rank`.
Pages are keyset-based on (sort value, id), so they are stable under ties and under inserts, and
the cursor names its sort so a cursor from another sort is refused. Facets count the matches per
category and per price band, each ignoring its own filter so the other options stay visible.

Search forgives (migration 0021, `pg_trgm`): when every word must match and nothing does, the
catalog ranks by any word (ANY_WORD); when no word matches either, by trigram word similarity
over titles (SIMILAR_TITLES, 0008's GIN trigram index on title) with a "did you mean"
correction built from the matched titles' words. Terms with symbols ("c++", "c#", ".net",
"node.js"), which the english configuration reduces to "c" or "net", match titles literally
(`ILIKE`, through the same trigram index). The mode found is part of the filter, so the total,
the facets and the next pages count and page exactly what the first page showed, and the
cursor names it. Punctuation only, or a text over MAX_TEXT characters, searches nothing: an
empty result whose `search.mode` says why (NO_WORDS, TOO_LONG), as the catalog always answered
such texts with an empty page rather than an error.

Ranking: RATING sorts by `rating_score`, a Bayesian (damped) average stored by PostgreSQL
(RATING_PRIOR_*), and RELEVANCE weighs text rank by it; POPULAR counts enrollments of the last
RECENT_DAYS days RECENT_WEIGHT times over.

Admins feature published courses (`set_featured`, audited): the catalog's first page leads with
the newest featured (`featured`). A course leaving the catalog stops being featured
(`authoring._set_status`), so a featured course is always a published one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.transactions import in_transaction

from edusphere.audit import log as audit
from edusphere.audit.actions import AuditAction
from edusphere.audit.log import AuditRecord, check_reason
from edusphere.auth.viewer import Viewer
from edusphere.core.database import select_columns
from edusphere.core.errors import bad_input, not_found
from edusphere.core.pagination import decode_cursor, encode_cursor, page_size
from edusphere.core.text import check_storable
from edusphere.courses.access import parse_id
from edusphere.courses.admin import require_admin
from edusphere.courses.models import Course, CourseStatus, Level

TS_CONFIG = "english"
MAX_FEATURED = 8
MAX_TEXT = 200
# A correction is offered when titles only matched approximately (SIMILAR_TITLES: a word at
# least 0.3 similar), or when the search fell back to any word and a word of it is close to one
# of the titles found (ANY_WORD: 0.45, "machne" -> "machine" at 0.5, so that a word merely
# absent is not "corrected" into an unrelated one).
CORRECTION_SIMILARITY = {"SIMILAR_TITLES": 0.3, "ANY_WORD": 0.45}

# The Bayesian average (C*m + rating_sum) / (C + rating_count): a course's mean pulled toward m
# by C imaginary ratings, so a 5.0 from one review (45/11 = 4.09) ranks below a 4.9 from 300
# (1510/310 = 4.87). C = 10: about what a course page's histogram needs before it says much.
# m = 4.0: the platform's mean rating (the demo and scale catalogs' is 4.0-4.2). Both are fixed
# in migration 0021's generated column rather than read live, so the sort stays indexable and
# a cursor's value stays valid between pages; moving the mean is a migration, rarely needed
# (the mean of thousands of ratings moves slowly).
RATING_PRIOR_WEIGHT = 10
RATING_PRIOR_MEAN = 4.0

# POPULAR: all-time enrollments plus RECENT_WEIGHT times those of the last RECENT_DAYS days,
# counted at query time (`RECENT_JOIN_SQL`). Computed rather than a stored counter: always exact,
# with no refresh job to schedule or to forget; the cost is one grouped pass over the last 30
# days' enrollments per POPULAR page (benchmarks/catalog_search.py measures it).
RECENT_DAYS = 30
RECENT_WEIGHT = 4
POPULARITY_SQL = f"(c.enrollment_count + {RECENT_WEIGHT} * coalesce(recent.n, 0))"
# Joined for the POPULAR sort (and the home page's recommendations, courses.home) only: one
# pass over the last days' enrollments, grouped, rather than a count per candidate course
# (10,000 index probes: 45 ms a page at 10,000 courses).
RECENT_JOIN_SQL = (
    " LEFT JOIN (SELECT e.course_id, count(*) AS n FROM enrollments e WHERE e.revoked_at IS NULL"
    f" AND e.enrolled_at > now() - interval '{RECENT_DAYS} days' GROUP BY e.course_id) recent"
    " ON recent.course_id = c.id"
)
_DAMPED = "(0.5 + c.rating_score / 10)"  # 0.5 to 1.0: ratings tip relevance, they do not outweigh it


class Match(StrEnum):
    """How the catalog matched the search text (`CatalogSearch.mode`)."""

    ALL_WORDS = "ALL_WORDS"
    ANY_WORD = "ANY_WORD"
    SIMILAR_TITLES = "SIMILAR_TITLES"
    NOTHING_FOUND = "NOTHING_FOUND"
    NO_WORDS = "NO_WORDS"
    TOO_LONG = "TOO_LONG"


_SEARCHING = (Match.ALL_WORDS, Match.ANY_WORD, Match.SIMILAR_TITLES)
_WORD = re.compile(r"\w+")
_ALNUM = re.compile(r"[^\W_]+")
_SYMBOL_TERM = re.compile(r"[+#.]")
_EDGE_PUNCTUATION = ",;:!?\"'()[]{}"


@dataclass(frozen=True)
class Terms:
    """The search text split for matching: `plain` for full text (symbol terms taken out),
    `words` its words, `symbols` the terms matched literally in titles ("c++", ".net")."""

    text: str
    plain: str
    words: tuple[str, ...]
    symbols: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.words) + len(self.symbols)


def split_terms(text: str) -> Terms:
    plain: list[str] = []
    symbols: list[str] = []
    for raw in text.split():
        token = raw.strip(_EDGE_PUNCTUATION).rstrip(".").lower()
        if _SYMBOL_TERM.search(token) and _WORD.search(token):
            symbols.append(token)
        else:
            plain.append(raw)
    joined = " ".join(plain)
    return Terms(text, joined, tuple(w.lower() for w in _ALNUM.findall(joined)), tuple(dict.fromkeys(symbols)))


def _similar_words(terms: Terms) -> list[str]:
    """The words tried by similarity: a shorter word, or a symbol term ("c++", ".net", precise
    by nature), has too few trigrams to be told from most titles."""
    return [w for w in dict.fromkeys(terms.words) if len(w) >= 3]


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class Sort:
    expression: str
    descending: bool
    sql_type: str


SORTS: dict[str, Sort] = {
    # RELEVANCE's expression depends on how the text matched (`_relevance`).
    "RELEVANCE": Sort("", True, "double precision"),
    "NEWEST": Sort("c.published_at", True, "timestamptz"),
    "RATING": Sort("c.rating_score", True, "double precision"),
    "POPULAR": Sort(POPULARITY_SQL, True, "bigint"),
    "PRICE_ASC": Sort("c.price_cents", False, "integer"),
    "PRICE_DESC": Sort("c.price_cents", True, "integer"),
}


@dataclass(frozen=True)
class PriceBand:
    key: str
    label: str
    min_cents: int
    max_cents: int | None  # inclusive


PRICE_BANDS = (
    PriceBand("FREE", "Free", 0, 0),
    PriceBand("UNDER_20", "Under 20", 1, 1_999),
    PriceBand("FROM_20_TO_50", "20 to 50", 2_000, 4_999),
    PriceBand("FROM_50_TO_100", "50 to 100", 5_000, 9_999),
    PriceBand("OVER_100", "100 and more", 10_000, None),
)


@dataclass(frozen=True)
class CatalogFilter:
    text: str | None = None
    category_slugs: tuple[str, ...] = ()
    price_min: int | None = None
    price_max: int | None = None
    free_only: bool = False
    rating_min: float | None = None
    level: Level | None = None
    language: str | None = None
    creator_id: UUID | None = None
    # Set by `search`, not by a client: how `text` matched (see the module's docstring).
    match: Match = Match.ALL_WORDS

    @property
    def searchable(self) -> bool:
        return self.match in _SEARCHING

    def checked(self) -> CatalogFilter:
        """Refuses what cannot be asked (bounds out of order, strings PostgreSQL cannot take)."""
        for value, name in [(self.text, "text"), (self.language, "language")] + [
            (slug, "categorySlugs") for slug in self.category_slugs
        ]:
            if value is not None:
                check_storable(value, name)
        if self.price_min is not None and self.price_min < 0:
            raise bad_input("priceMin cannot be negative", field="priceMin")
        if self.price_max is not None and self.price_max < 0:
            raise bad_input("priceMax cannot be negative", field="priceMax")
        if self.price_min is not None and self.price_max is not None and self.price_min > self.price_max:
            raise bad_input("priceMin is above priceMax", field="priceMin")
        if self.rating_min is not None and not 0 <= self.rating_min <= 5:
            raise bad_input("ratingMin must be between 0 and 5", field="ratingMin")
        if self.text is not None and len(self.text) > MAX_TEXT * 4:
            return replace(self, text=self.text[:MAX_TEXT], match=Match.TOO_LONG)  # not even split
        text = " ".join((self.text or "").split()) or None
        if text is None:
            return replace(self, text=None)
        if len(text) > MAX_TEXT:
            return replace(self, text=text[:MAX_TEXT], match=Match.TOO_LONG)
        if not any(ch.isalnum() for ch in text):
            return replace(self, text=text, match=Match.NO_WORDS)
        return replace(self, text=text)


@dataclass
class CatalogPage:
    courses: list[Course]
    cursors: list[str]
    has_next_page: bool
    filter: CatalogFilter
    extras: dict[str, Any] = field(default_factory=dict)
    did_you_mean: str | None = None


class _Query:
    """Collects SQL conditions and their numbered parameters."""

    def __init__(self) -> None:
        self.params: list[Any] = []
        self.conditions: list[str] = ["c.status = 'PUBLISHED'"]

    def param(self, value: Any, cast: str = "") -> str:
        self.params.append(value)
        return f"${len(self.params)}{'::' + cast if cast else ''}"


@cache
def _course_columns() -> str:
    """Read at the first query, not at import: Tortoise adds the foreign keys' columns
    (`creator_id`, `category_id`) to the model's fields only when it initialises, and a module
    imported before that (by a test, a script) would otherwise select courses without them."""
    return select_columns(Course, "c")


def _filtered(catalog_filter: CatalogFilter, *, skip: str = "") -> tuple[_Query, str]:
    """The FROM clause and conditions for `catalog_filter`, leaving out the filter named `skip`."""
    query = _Query()
    source = "courses c"
    f = catalog_filter
    if f.text and not f.searchable:
        query.conditions.append("false")
    elif f.text:
        source = _text_condition(query, f.text, f.match)
    if f.category_slugs and skip != "category":
        query.conditions.append(
            f"c.category_id IN (SELECT id FROM categories WHERE slug = ANY({query.param(list(f.category_slugs))}))"
        )
    if skip != "price":
        if f.free_only:
            query.conditions.append("c.price_cents = 0")
        if f.price_min is not None:
            query.conditions.append(f"c.price_cents >= {query.param(f.price_min)}")
        if f.price_max is not None:
            query.conditions.append(f"c.price_cents <= {query.param(f.price_max)}")
    if f.rating_min is not None:
        query.conditions.append(f"c.rating_avg >= {query.param(float(f.rating_min))}")
    if f.level is not None:
        query.conditions.append(f"c.level = {query.param(f.level.value)}")
    if f.language is not None:
        query.conditions.append(f"c.language = {query.param(f.language)}")
    if f.creator_id is not None:
        query.conditions.append(f"c.creator_id = {query.param(f.creator_id)}")
    return query, source


def _text_condition(query: _Query, text: str, match: Match) -> str:
    """Adds the text's condition for `match` to `query`; returns the FROM clause (with `q.query`,
    the tsquery, and `q.text`, the lower-cased text, for the relevance expression)."""
    terms = split_terms(text)
    lowered = query.param(text.lower())
    if match is Match.SIMILAR_TITLES:
        # Each word on its own ("pythn beginers": the whole text is far from any title), of 3
        # characters or more (what trigrams need; `resolve_match` skips this mode without one).
        words = _similar_words(terms)
        query.conditions.append("(" + " OR ".join(f"{query.param(w)} <% c.title" for w in words) + ")")
        return f"courses c CROSS JOIN (SELECT ''::tsquery, {lowered}::text) AS q(query, text)"
    if match is Match.ALL_WORDS:
        tsquery = f"websearch_to_tsquery('{TS_CONFIG}', {query.param(terms.plain)})"
        parts = ["c.search_vector @@ q.query"] if terms.words else []
        parts += [f"c.title ILIKE {query.param(_like_pattern(s))}" for s in terms.symbols]
        joiner = " AND "
    else:
        # Any word, but in a title or subtitle (`title_vector`, migration 0021): falling back to
        # any word, a word found only in descriptions ("learning" is in most of them) would rank
        # nearly the whole catalog and say little.
        tsquery = f"websearch_to_tsquery('{TS_CONFIG}', {query.param(' or '.join(terms.words))})"
        parts = ["c.title_vector @@ q.query"] if terms.words else []
        parts += [f"c.title ILIKE {query.param(_like_pattern(s))}" for s in terms.symbols]
        joiner = " OR "
    query.conditions.append(f"({joiner.join(parts) or 'false'})")
    return f"courses c CROSS JOIN (SELECT {tsquery}, {lowered}::text) AS q(query, text)"


def _relevance(match: Match) -> str:
    if match is Match.SIMILAR_TITLES:
        return f"(word_similarity(q.text, c.title)::double precision * {_DAMPED})"
    vector = "c.title_vector" if match is Match.ANY_WORD else "c.search_vector"  # the one matched
    return f"((ts_rank({vector}, q.query) + word_similarity(q.text, c.title))::double precision * {_DAMPED})"


async def _matches(catalog_filter: CatalogFilter) -> bool:
    query, source = _filtered(catalog_filter)
    sql = f"SELECT 1 FROM {source} WHERE {' AND '.join(query.conditions)} LIMIT 1"
    return bool(await connections.get("default").execute_query_dict(sql, query.params))


def _candidates(catalog_filter: CatalogFilter) -> list[CatalogFilter]:
    """The modes to try, in order: ALL_WORDS, ANY_WORD (with more than one term),
    SIMILAR_TITLES (with a word of 3 characters or more)."""
    terms = split_terms(catalog_filter.text or "")
    found = []
    for match in _SEARCHING:
        if match is Match.ANY_WORD and terms.count < 2:
            continue
        if match is Match.SIMILAR_TITLES and not _similar_words(terms):
            continue
        found.append(replace(catalog_filter, match=match))
    return found


async def resolve_match(catalog_filter: CatalogFilter) -> CatalogFilter:
    """The first mode of `_candidates` that finds a course under the other filters, or
    NOTHING_FOUND; a filter without searchable text as it is. For a next page (`search` with a
    cursor), where the first page's mode must be found again without its rows."""
    if not catalog_filter.text or not catalog_filter.searchable:
        return catalog_filter
    for candidate in _candidates(catalog_filter):
        if await _matches(candidate):
            return candidate
    return replace(catalog_filter, match=Match.NOTHING_FOUND)


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one lower-cased word: padded with two spaces before, one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's `similarity` of two words: shared trigrams over all trigrams of both."""
    x, y = trigrams(a), trigrams(b)
    return len(x & y) / len(x | y) if x or y else 0.0


def did_you_mean(text: str, titles: list[str], minimum: float = 0.3) -> str | None:
    """The text with each word that is in none of `titles` (the best similar titles, the page
    just found) replaced by the most similar word of theirs (similarity at least
    `minimum`, the same measure as pg_trgm's), or None when nothing changes.
    Computed from the page in hand: no query of its own."""
    vocabulary = sorted({w for title in titles for w in _WORD.findall(title.lower()) if len(w) >= 2})
    replacements: dict[str, str] = {}
    for word in dict.fromkeys(split_terms(text).words):
        if len(word) < 3 or word in vocabulary:
            continue
        scored = [(similarity(word, candidate), candidate) for candidate in vocabulary]
        best = max(scored, key=lambda pair: (pair[0], -len(pair[1])), default=(0.0, word))
        if best[0] >= minimum:
            replacements[word] = best[1]
    if not replacements:
        return None
    return _WORD.sub(lambda m: replacements.get(m.group(0), m.group(0)), " ".join(text.lower().split()))


async def search(
    secret: str, catalog_filter: CatalogFilter, sort_name: str, first: int | None, after: str | None
) -> CatalogPage:
    """A page of the catalog. A first page with text tries each mode's page in turn and keeps the
    first with courses (the common case, every word matching, costs one query); a next page
    finds its mode again (`resolve_match`) and the cursor, which names it, must agree."""
    size = page_size(first)
    checked = catalog_filter.checked()
    if after or not checked.text or not checked.searchable:
        return await _page(secret, await resolve_match(checked), sort_name, size, after)
    for candidate in _candidates(checked):
        page = await _page(secret, candidate, sort_name, size, None)
        if page.courses:
            return page
    return await _page(secret, replace(checked, match=Match.NOTHING_FOUND), sort_name, size, None)


async def _page(
    secret: str, catalog_filter: CatalogFilter, sort_name: str, size: int, after: str | None
) -> CatalogPage:
    if sort_name == "RELEVANCE" and not (catalog_filter.text and catalog_filter.searchable):
        sort_name = "NEWEST"  # nothing to be relevant to
    sort = SORTS[sort_name]
    if sort_name == "RELEVANCE":
        sort = replace(sort, expression=_relevance(catalog_filter.match))
    kind = sort_name if not catalog_filter.text else f"{sort_name}:{catalog_filter.match.value}"
    query, source = _filtered(catalog_filter)
    if sort_name == "POPULAR":
        source += RECENT_JOIN_SQL
    if after:
        value, last_id = _cursor_values(secret, kind, sort, after)
        operator = "<" if sort.descending else ">"
        query.conditions.append(
            f"({sort.expression}, c.id) {operator} ({query.param(value, sort.sql_type)}, {query.param(last_id)})"
        )
    direction = "DESC" if sort.descending else "ASC"
    sql = (
        f"SELECT {_course_columns()}, {sort.expression} AS sort_value FROM {source} "
        f"WHERE {' AND '.join(query.conditions)} "
        f"ORDER BY sort_value {direction}, c.id {direction} LIMIT {size + 1}"
    )
    rows = await connections.get("default").execute_query_dict(sql, query.params)
    courses, cursors = [], []
    for row in rows[:size]:
        value = row.pop("sort_value")
        courses.append(Course._init_from_db(**row))
        cursors.append(encode_cursor(secret, _cursor_kind(kind), [_encode_value(value), str(row["id"])]))
    suggestion = None
    minimum = CORRECTION_SIMILARITY.get(catalog_filter.match.value)
    if minimum is not None and catalog_filter.text and not after:
        suggestion = did_you_mean(catalog_filter.text, [course.title for course in courses], minimum)
    return CatalogPage(courses, cursors, has_next_page=len(rows) > size, filter=catalog_filter, did_you_mean=suggestion)


async def total_count(catalog_filter: CatalogFilter) -> int:
    query, source = _filtered(catalog_filter)
    sql = f"SELECT count(*) AS n FROM {source} WHERE {' AND '.join(query.conditions)}"
    rows = await connections.get("default").execute_query_dict(sql, query.params)
    return int(rows[0]["n"])


async def category_facets(catalog_filter: CatalogFilter) -> list[dict[str, Any]]:
    query, source = _filtered(catalog_filter, skip="category")
    sql = (
        f"SELECT cat.slug, cat.name, count(*) AS count FROM {source} JOIN categories cat ON cat.id = c.category_id "
        f"WHERE {' AND '.join(query.conditions)} GROUP BY cat.slug, cat.name ORDER BY count DESC, cat.name"
    )
    rows: list[dict[str, Any]] = await connections.get("default").execute_query_dict(sql, query.params)
    return rows


async def price_facets(catalog_filter: CatalogFilter) -> list[dict[str, Any]]:
    query, source = _filtered(catalog_filter, skip="price")
    cases = " ".join(
        f"WHEN c.price_cents BETWEEN {band.min_cents} AND {band.max_cents} THEN '{band.key}'"
        for band in PRICE_BANDS
        if band.max_cents is not None
    )
    sql = (
        f"SELECT CASE {cases} ELSE '{PRICE_BANDS[-1].key}' END AS band, count(*) AS count FROM {source} "
        f"WHERE {' AND '.join(query.conditions)} GROUP BY band"
    )
    counts = {
        row["band"]: row["count"] for row in await connections.get("default").execute_query_dict(sql, query.params)
    }
    return [
        {
            "key": b.key,
            "label": b.label,
            "min_cents": b.min_cents,
            "max_cents": b.max_cents,
            "count": counts.get(b.key, 0),
        }
        for b in PRICE_BANDS
    ]


def _cursor_kind(sort_name: str) -> str:
    return f"courses:{sort_name}"


def _encode_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _cursor_values(secret: str, sort_name: str, sort: Sort, cursor: str) -> tuple[Any, UUID]:
    values = decode_cursor(secret, _cursor_kind(sort_name), cursor)
    try:
        raw, raw_id = values
        last_id = UUID(raw_id)
        if sort.sql_type == "timestamptz":
            return datetime.fromisoformat(raw), last_id
        if sort.sql_type in ("integer", "bigint"):
            return int(raw), last_id
        return float(raw), last_id
    except (ValueError, TypeError):
        raise bad_input("Invalid cursor", argument="after") from None


async def featured() -> list[Course]:
    """The published courses admins feature, newest featured first (the partial index on
    `featured_at` holds only them)."""
    return (
        await Course.filter(featured_at__isnull=False, status=CourseStatus.PUBLISHED)
        .order_by("-featured_at", "-id")
        .limit(MAX_FEATURED)
    )


async def set_featured(viewer: Viewer, course_id: str, on: bool, reason: str | None) -> Course:
    """Admins: feature a published course (BAD_USER_INPUT with reason NOT_PUBLISHED otherwise)
    or stop featuring one. Asking for what already is changes nothing and is not audited (a
    featured course keeps its place: featuring it again does not move it to the front)."""
    admin = require_admin(viewer)
    text = check_reason(reason)
    key = parse_id(course_id, "Course")
    async with in_transaction():
        course = await Course.filter(id=key).select_for_update().first()
        if course is None:
            raise not_found("Course")
        if on and course.status is not CourseStatus.PUBLISHED:
            raise bad_input("Only a published course can be featured", reason="NOT_PUBLISHED")
        if (course.featured_at is not None) == on:
            return course
        before = course.featured_at.isoformat() if course.featured_at is not None else None
        course.featured_at = datetime.now(UTC) if on else None
        await course.save(update_fields=["featured_at"])
        await audit.record(
            AuditRecord(
                actor_id=admin.id,
                action=AuditAction.COURSE_FEATURED if on else AuditAction.COURSE_UNFEATURED,
                target_id=str(course.id),
                before={"featuredAt": before},
                after={"featuredAt": course.featured_at.isoformat() if course.featured_at is not None else None},
                reason=text,
            )
        )
    return course
