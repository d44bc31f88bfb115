"""Drip release: a module opens to a learner `opens_after_days` after they enrolled.

Until then its lessons' titles stay visible (the syllabus says what is coming) but their content
is withheld by the server: `Lesson.body`, `videoUrl` and `asset` are null, the single-lesson
query and `completeLesson` answer `LessonLocked`, and the protected download refuses the file.

Who is never locked out: the course's creator and admins (they manage it), and anyone for a
preview lesson (a preview is open to every visitor; withholding it from the learner who enrolled
would make enrolling worse than not). Someone not enrolled has no content to be locked from (the
enrollment rule withholds it already), so a lock is only ever a learner's.

The clock starts at `Enrollment.enrolled_at`, which a restored enrollment sets again: a learner
re-enrolled after a refund starts the drip over, as a new learner would.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from edusphere.core.errors import AppError, ErrorCode
from edusphere.courses.models import Enrollment
from edusphere.courses.validation import MAX_OPENS_AFTER_DAYS

__all__ = ["MAX_OPENS_AFTER_DAYS", "LessonLocked", "locked_until", "opens_at", "require_open"]

LESSON_LOCKED = "LESSON_LOCKED"  # extensions.reason of `LessonLocked`


class LessonLocked(AppError):
    """The lesson's module has not opened to this learner yet; `opensAt` says when (ISO 8601, UTC)."""

    def __init__(self, opens_at: datetime) -> None:
        super().__init__(
            ErrorCode.FORBIDDEN,
            f"This lesson opens on {opens_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC",
            reason=LESSON_LOCKED,
            opensAt=opens_at.astimezone(UTC).isoformat(),
        )
        self.opens_at = opens_at


def opens_at(enrollment: Enrollment, opens_after_days: int) -> datetime:
    return enrollment.enrolled_at + timedelta(days=opens_after_days)


def locked_until(
    opens_after_days: int,
    enrollment: Enrollment | None,
    *,
    manages: bool,
    preview: bool = False,
    now: datetime | None = None,
) -> datetime | None:
    """When the content opens to this viewer, or None when it is open to them now (or a lock
    does not apply to them: see the module docstring)."""
    if manages or preview or opens_after_days <= 0 or enrollment is None or not enrollment.is_active:
        return None
    at = opens_at(enrollment, opens_after_days)
    return at if (now or datetime.now(UTC)) < at else None


def require_open(opens_after_days: int, enrollment: Enrollment | None, *, manages: bool, preview: bool = False) -> None:
    """`LessonLocked` while the content is locked for the viewer."""
    until = locked_until(opens_after_days, enrollment, manages=manages, preview=preview)
    if until is not None:
        raise LessonLocked(until)
