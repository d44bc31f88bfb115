"""Reviews and the course's rating figures.

The figures change in SQL in the transaction that changes the review (`rating_sum + n`, not a
value computed in Python from a stale read), and the course row lock orders concurrent reviews,
so `rating_count`, `rating_sum` and `rating_avg` stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from edusphere.auth.viewer import Viewer
from edusphere.core.errors import conflict, forbidden, not_found
from edusphere.core.pagination import newest_first, page_size
from edusphere.courses import validation as check
from edusphere.courses.access import is_enrolled, parse_id, viewable_course
from edusphere.courses.models import Review

_REVIEW_CURSOR = "reviews"


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
        locked = await Review.filter(id=review.id).select_for_update().first()
        if locked is None:
            raise not_found("Review")
        if rating is not None and rating != locked.rating:
            await _adjust_figures(locked.course_id, count=0, delta=rating - locked.rating)  # type: ignore[attr-defined]
            locked.rating = rating
        if text is not None:
            locked.body = text
        await locked.save(update_fields=["rating", "body", "updated_at"])
    return locked


async def delete_review(viewer: Viewer, review_id: str) -> bool:
    review = await _review(review_id)
    if review.learner_id != viewer.id and not viewer.is_admin:  # type: ignore[attr-defined]
        raise forbidden("Only its author or an admin can delete a review")
    async with in_transaction():
        deleted = await Review.filter(id=review.id).delete()
        if deleted:
            await _adjust_figures(review.course_id, count=-1, delta=-review.rating)  # type: ignore[attr-defined]
    return True


async def _review(review_id: str) -> Review:
    review = await Review.get_or_none(id=parse_id(review_id, "Review"))
    if review is None:
        raise not_found("Review")
    return review


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
    page = await newest_first(Review.filter(course_id=course_id), secret, _REVIEW_CURSOR, size, after)
    return ReviewPage(page.items, page.cursors, has_next_page=page.has_next_page)


async def viewer_review(viewer: Viewer | None, course_id: UUID) -> Review | None:
    """The signed-in learner's own review, so the app can offer to edit it rather than add one."""
    if viewer is None:
        return None
    return await Review.get_or_none(learner_id=viewer.id, course_id=course_id)


async def rating_histogram(course_id: UUID) -> list[dict[str, Any]]:
    rows = await connections.get("default").execute_query_dict(
        "SELECT rating, count(*) AS count FROM reviews WHERE course_id = $1 GROUP BY rating", [course_id]
    )
    counts = {row["rating"]: row["count"] for row in rows}
    return [{"rating": rating, "count": counts.get(rating, 0)} for rating in range(5, 0, -1)]
