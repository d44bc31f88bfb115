"""Reading certificates: by their public id (anyone), by enrollment (its learner, admins)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from edusphere.certificates.models import Certificate


@dataclass(frozen=True)
class CertificateView:
    """What the verification page, the API and the image show."""

    id: UUID
    learner_name: str
    course_title: str
    course_slug: str
    creator_name: str
    issued_at: datetime
    revoked_at: datetime | None

    @property
    def valid(self) -> bool:
        return self.revoked_at is None

    @property
    def state(self) -> str:
        """Part of the image's cache key: a revoked certificate's image says so."""
        return "valid" if self.valid else "revoked"


def parse_certificate_id(raw: object) -> UUID | None:
    """The id, or None for anything that is not one (too long, not hex, not a string): a bad id
    is a certificate that does not exist, never an error."""
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    try:
        return UUID(raw)
    except ValueError:
        return None


def _view(row: Certificate) -> CertificateView:
    enrollment = row.enrollment
    return CertificateView(
        id=row.id,
        learner_name=row.learner_name,
        course_title=row.course_title,
        course_slug=enrollment.course.slug,
        creator_name=row.creator_name,
        issued_at=row.issued_at,
        revoked_at=enrollment.revoked_at,
    )


async def certificate(raw_id: object) -> CertificateView | None:
    key = parse_certificate_id(raw_id)
    if key is None:
        return None
    row = await Certificate.get_or_none(id=key).select_related("enrollment__course")
    return None if row is None else _view(row)


async def for_enrollments(enrollment_ids: list[UUID]) -> dict[UUID, CertificateView]:
    """By enrollment id, those that have one: one query for a whole My learning page."""
    rows = await Certificate.filter(enrollment_id__in=enrollment_ids).select_related("enrollment__course")
    return {row.enrollment_id: _view(row) for row in rows}  # type: ignore[attr-defined]
