"""Reviews, the course's rating figures, and admins' moderation (hiding and restoring).

The figures change in SQL in the transaction that changes the review (`rating_sum + n`, not a
value computed in Python from a stale read), and the course row lock orders concurrent reviews,
so `rating_count`, `rating_sum` and `rating_avg` stay exact.

A hidden review does not count: hiding subtracts it from the figures, restoring adds it back,
and an author's edit or delete of a hidden review leaves them alone. Every change to an existing
review reads it under its row lock (`_locked`) and decides from what it reads there, so a hide
racing an edit or a delete subtracts the rating that is actually stored, once. Locks are taken
review rows first, then course rows (`_adjust_figures`), courses in id order: never the other
way round, so no two of these transactions wait on each other in a circle.

Hidden reviews leave the course page (`Course.reviews`, `ratingHistogram`); their author still
sees theirs (`viewerReview`), with when and why it was hidden.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from edusphere.audit import log as audit
from edusphere.audit.actions import AuditAction
from edusphere.audit.log import AuditRecord, check_reason
from edusphere.auth.viewer import Viewer
from edusphere.core.errors import bad_input, conflict, forbidden, not_found
from edusphere.core.pagination import keyset, newest, newest_first, page_size
from edusphere.courses import validation as check
from edusphere.courses.access import is_enrolled, parse_id, viewable_course
from edusphere.courses.admin import Contains, CountedPage, check_search, require_admin
from edusphere.courses.models import Review

_REVIEW_CURSOR = "reviews"
_ADMIN_CURSOR = "admin-reviews"
MAX_BULK = 100
# pg_trgm finds `ILIKE '%term%'` through the trigram index only when the term holds 3 letters or
# digits in a row; any shorter one ("ab", "%", "5%") would read all the bodies (measured: 150-220
# ms at 100,000 reviews), so it is refused instead. Titles (10,000) stay cheap without the index.
_INDEXABLE = re.compile(r"[^\W_]{3}")


@dataclass(frozen=True)
class ReviewPage:
    reviews: list[Review]
    cursors: list[str]
    has_next_page: bool


async def submit_review(viewer: Viewer, course_id: str, rating: int, body: str | None) -> Review:
    course = await viewable_course(viewer, course_id=course_id)
    check.check_rating(rating)
    text = check.check_text(body or "", "body", maximum=check.MAX_REVIEW_BODY)
    if not await is_enrolled(viewer, course.id):
        raise forbidden("Only learners enrolled in the course can review it")
    if await Review.filter(learner_id=viewer.id, course_id=course.id).exists():
        raise conflict("You have already reviewed this course; edit your review instead")
    try:
        async with in_transaction():
            review = await Review.create(learner_id=viewer.id, course_id=course.id, rating=rating, body=text)
            await _adjust_figures(course.id, count=1, delta=rating)
    except IntegrityError:
        raise conflict("You have already reviewed this course; edit your review instead") from None
    return review


async def update_review(viewer: Viewer, review_id: str, rating: int | None, body: str | None) -> Review:
    review = await _review(review_id)
    if review.learner_id != viewer.id:  # type: ignore[attr-defined]
        raise forbidden("Only its author can edit a review")
    if rating is not None:
        check.check_rating(rating)
    text = check.check_text(body, "body", maximum=check.MAX_REVIEW_BODY) if body is not None else None
    async with in_transaction():
        locked = await _locked(review.id)
        if rating is not None and rating != locked.rating:
            if locked.hidden_at is None:  # a hidden review is not in the figures
                await _adjust_figures(locked.course_id, count=0, delta=rating - locked.rating)  # type: ignore[attr-defined]
            locked.rating = rating
        if text is not None:
            locked.body = text
        await locked.save(update_fields=["rating", "body", "updated_at"])
    return locked


async def delete_review(viewer: Viewer, review_id: str, reason: str | None = None) -> bool:
    """The author, or an admin (audited, with what the review said)."""
    text = check_reason(reason)
    review = await _review(review_id)
    if review.learner_id != viewer.id and not viewer.is_admin:  # type: ignore[attr-defined]
        raise forbidden("Only its author or an admin can delete a review")
    async with in_transaction():
        locked = await _locked(review.id)
        await locked.delete()
        if locked.hidden_at is None:  # a hidden one was subtracted when it was hidden
            await _adjust_figures(locked.course_id, count=-1, delta=-locked.rating)  # type: ignore[attr-defined]
        if viewer.is_admin:
            await audit.record(
                AuditRecord(
                    actor_id=viewer.id,
                    action=AuditAction.REVIEW_DELETED,
                    target_id=str(locked.id),
                    before={"rating": locked.rating, "body": locked.body},
                    reason=text,
                )
            )
    return True


async def _review(review_id: str) -> Review:
    review = await Review.get_or_none(id=parse_id(review_id, "Review"))
    if review is None:
        raise not_found("Review")
    return review


async def _locked(review_id: UUID) -> Review:
    """The review's row, locked for the rest of the transaction (NOT_FOUND once it is gone)."""
    locked = await Review.filter(id=review_id).select_for_update().first()
    if locked is None:
        raise not_found("Review")
    return locked


async def _adjust_figures(course_id: UUID, *, count: int, delta: int) -> None:
    await connections.get("default").execute_query(
        """
        UPDATE courses SET
            rating_count = rating_count + $2,
            rating_sum = rating_sum + $3,
            rating_avg = CASE WHEN rating_count + $2 > 0
                              THEN (rating_sum + $3)::double precision / (rating_count + $2) ELSE 0 END
        WHERE id = $1
        """,
        [course_id, count, delta],
    )


async def reviews_page(secret: str, course_id: UUID, first: int | None, after: str | None) -> ReviewPage:
    size = page_size(first, default=10)
    visible = Review.filter(course_id=course_id, hidden_at__isnull=True)
    page = await newest_first(visible, secret, _REVIEW_CURSOR, size, after)
    return ReviewPage(page.items, page.cursors, has_next_page=page.has_next_page)


async def viewer_review(viewer: Viewer | None, course_id: UUID) -> Review | None:
    """The signed-in learner's own review, so the app can offer to edit it rather than add one
    (hidden ones included: its author sees that, and why)."""
    if viewer is None:
        return None
    return await Review.get_or_none(learner_id=viewer.id, course_id=course_id)


async def rating_histogram(course_id: UUID) -> list[dict[str, Any]]:
    rows = await connections.get("default").execute_query_dict(
        "SELECT rating, count(*) AS count FROM reviews WHERE course_id = $1 AND hidden_at IS NULL GROUP BY rating",
        [course_id],
    )
    counts = {row["rating"]: row["count"] for row in rows}
    return [{"rating": rating, "count": counts.get(rating, 0)} for rating in range(5, 0, -1)]


# ----- moderation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BulkOutcome:
    changed: int
    unchanged: int


@dataclass(frozen=True)
class AdminReviewFilter:
    hidden: bool | None = None
    course_id: UUID | None = None
    "Part of the body."
    search: str | None = None
    "Rated at most this (1-5)."
    rating_max: int | None = None


async def hide_review(viewer: Viewer, review_id: str, reason: str | None) -> Review:
    """Admins: out of the course page and its figures until restored. Hiding a hidden review
    changes nothing and is not audited."""
    admin = require_admin(viewer)
    text = check_reason(reason, required=True)
    key = parse_id(review_id, "Review")
    async with in_transaction():
        review = await _locked(key)
        await _hide(admin, [review], text)
    return review


async def hide_reviews(viewer: Viewer, review_ids: list[str], reason: str | None) -> BulkOutcome:
    """Admins: hide up to 100 reviews, all or none: one id that is not a review's (or named
    twice) is BAD_USER_INPUT and nothing changes. Each review hidden is audited on its own."""
    admin = require_admin(viewer)
    text = check_reason(reason, required=True)
    keys = check_review_ids(review_ids)
    async with in_transaction():
        found = await Review.filter(id__in=keys).order_by("id").select_for_update()
        if len(found) != len(keys):
            missing = sorted({str(k) for k in keys} - {str(r.id) for r in found})
            raise bad_input("Some ids are not reviews: nothing was hidden", field="ids", unknown=missing)
        changed = await _hide(admin, found, text)
    return BulkOutcome(changed=changed, unchanged=len(found) - changed)


def check_review_ids(raw: list[str]) -> list[UUID]:
    if not 1 <= len(raw) <= MAX_BULK:
        raise bad_input(f"Name between 1 and {MAX_BULK} reviews", field="ids")
    keys: list[UUID] = []
    for value in raw:
        try:
            keys.append(UUID(value))
        except (TypeError, ValueError):
            raise bad_input("Some ids are not reviews: nothing was hidden", field="ids", unknown=[value[:64]]) from None
    if len(set(keys)) != len(keys):
        raise bad_input("A review is named twice", field="ids", reason="DUPLICATE_IDS")
    return keys


async def _hide(admin: Viewer, locked: list[Review], reason: str) -> int:
    """Hides the visible ones of `locked` (rows this transaction holds): one UPDATE, the figures
    of each course once, one audit row each. Returns how many it hid."""
    visible = [review for review in locked if review.hidden_at is None]
    if not visible:
        return 0
    now = datetime.now(UTC)
    await Review.filter(id__in=[review.id for review in visible]).update(hidden_at=now, hidden_reason=reason)
    for review in visible:
        review.hidden_at, review.hidden_reason = now, reason
    await _adjust_courses(visible, sign=-1)
    await audit.record_many(
        [
            AuditRecord(
                actor_id=admin.id,
                action=AuditAction.REVIEW_HIDDEN,
                target_id=str(review.id),
                before={"hiddenAt": None},
                after={"hiddenAt": now.isoformat()},
                reason=reason,
            )
            for review in visible
        ]
    )
    return len(visible)


async def restore_review(viewer: Viewer, review_id: str, reason: str | None) -> Review:
    """Admins: back on the course page and in its figures. Restoring a visible review changes
    nothing and is not audited."""
    admin = require_admin(viewer)
    text = check_reason(reason, required=True)
    key = parse_id(review_id, "Review")
    async with in_transaction():
        review = await _locked(key)
        if review.hidden_at is None:
            return review
        hidden_at = review.hidden_at
        await Review.filter(id=review.id).update(hidden_at=None, hidden_reason="")
        review.hidden_at, review.hidden_reason = None, ""
        await _adjust_courses([review], sign=1)
        await audit.record(
            AuditRecord(
                actor_id=admin.id,
                action=AuditAction.REVIEW_RESTORED,
                target_id=str(review.id),
                before={"hiddenAt": hidden_at.isoformat()},
                after={"hiddenAt": None},
                reason=text,
            )
        )
    return review


async def _adjust_courses(changed: Iterable[Review], *, sign: int) -> None:
    """Adds (sign 1) or subtracts (sign -1) the reviews from their courses' figures, each
    course once, in course id order (see the module's note on lock order)."""
    per_course: dict[UUID, list[int]] = defaultdict(list)
    for review in changed:
        per_course[review.course_id].append(review.rating)  # type: ignore[attr-defined]
    for course_id in sorted(per_course):
        ratings = per_course[course_id]
        await _adjust_figures(course_id, count=sign * len(ratings), delta=sign * sum(ratings))


def admin_reviews_query(review_filter: AdminReviewFilter) -> QuerySet[Review]:
    query = Review.all()
    if review_filter.hidden is not None:
        query = query.filter(hidden_at__isnull=not review_filter.hidden)
    if review_filter.course_id is not None:
        query = query.filter(course_id=review_filter.course_id)
    search = check_search(review_filter.search)
    if search:
        if not _INDEXABLE.search(search):
            raise bad_input(
                "Search reviews for at least 3 letters or digits in a row", field="search", reason="SEARCH_TOO_SHORT"
            )
        query = query.filter(Contains("body", search))
    if review_filter.rating_max is not None:
        if not 1 <= review_filter.rating_max <= 5:
            raise bad_input("ratingMax must be between 1 and 5", field="ratingMax")
        query = query.filter(rating__lte=review_filter.rating_max)
    return query


async def admin_reviews(
    secret: str, review_filter: AdminReviewFilter, first: int | None, after: str | None
) -> CountedPage:
    """Every review, hidden or not, newest first."""
    size = page_size(first)
    query = admin_reviews_query(review_filter)
    return CountedPage.of(await keyset(query, secret, _ADMIN_CURSOR, size, after, newest()), query)
