"""Completion and certificates: hostile ids and completions first, then issuing exactly once
(also under concurrent last completions), revocation by the enrollment's state, and the image."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from io import BytesIO
from uuid import uuid4

import httpx
import pytest
from PIL import Image

from edusphere.certificates import image, issuing, lookup
from edusphere.certificates.models import Certificate
from edusphere.core.errors import AppError
from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.courses.models import Enrollment, EnrollmentSource, LessonProgress
from tests.courses import factories
from tests.helpers import GraphQLClient, make_user

COMPLETE = "mutation($id: ID!) { completeLesson(lessonId: $id) { completedAt } }"
CERTIFICATE = """query($id: ID!) { certificate(id: $id) { id learnerName courseTitle courseSlug creatorName
  issuedAt valid revokedAt imageUrl } }"""
LEARNING = "{ myLearning { id progress { percent } certificate { id valid } } }"


@pytest.mark.parametrize(
    "bad", ["", "nope", "00000000-0000-0000-0000-000000000000", str(uuid4()), "x" * 10_000, "'; DROP TABLE x;--"]
)
async def test_an_unknown_or_malformed_id_is_no_certificate_not_an_error(gql: GraphQLClient, bad: str) -> None:
    assert (await gql(CERTIFICATE, {"id": bad})).ok() == {"certificate": None}
    assert await lookup.certificate(bad) is None
    assert await lookup.certificate(12) is None


async def test_completing_a_lesson_of_a_course_not_enrolled_in_changes_nothing(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    course = await factories.course(await factories.creator(runtime), lessons=1)
    lesson = (await factories.lessons_of(course))[0]
    stranger = await make_user(runtime)
    assert (await gql(COMPLETE, {"id": str(lesson.id)}, token=stranger.access_token)).error_code == "FORBIDDEN"
    assert (await gql(COMPLETE, {"id": "not-an-id"}, token=stranger.access_token)).error_code == "NOT_FOUND"
    assert (await gql(COMPLETE, {"id": str(lesson.id)})).error_code == "UNAUTHENTICATED"
    assert await LessonProgress.all().count() == 0
    assert await Certificate.all().count() == 0


async def test_the_last_lesson_completed_issues_one_certificate_and_again_changes_nothing(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author, lessons=2)
    first, second = await factories.lessons_of(course)
    learner = await factories.enrolled_learner(runtime, course)
    token = learner.access_token
    (await gql(COMPLETE, {"id": str(first.id)}, token=token)).ok()
    assert (await gql(LEARNING, token=token)).ok()["myLearning"][0]["certificate"] is None
    (await gql(COMPLETE, {"id": str(second.id)}, token=token)).ok()
    (await gql(COMPLETE, {"id": str(second.id)}, token=token)).ok()  # twice: the same completion
    assert await Certificate.all().count() == 1
    assert await LessonProgress.filter(learner_id=learner.user.id).count() == 2
    mine = (await gql(LEARNING, token=token)).ok()["myLearning"][0]
    assert mine["progress"]["percent"] == 100
    assert mine["certificate"]["valid"] is True
    shown = (await gql(CERTIFICATE, {"id": mine["certificate"]["id"]})).ok()["certificate"]  # signed out
    assert shown["learnerName"] == "Test User"
    assert shown["courseTitle"] == course.title
    assert shown["courseSlug"] == course.slug
    assert shown["creatorName"] == "Creator"
    assert shown["valid"] is True
    assert shown["revokedAt"] is None
    assert shown["imageUrl"] == f"/certificates/{shown['id']}.png"
    # Marking a lesson not done later keeps the certificate: it was earned.
    undo = "mutation($id: ID!) { uncompleteLesson(lessonId: $id) }"
    assert (await gql(undo, {"id": str(first.id)}, token=token)).ok()
    assert (await gql(CERTIFICATE, {"id": shown["id"]})).ok()["certificate"]["valid"] is True


async def test_concurrent_last_two_completions_issue_exactly_one(runtime: Runtime) -> None:
    course = await factories.course(await factories.creator(runtime), lessons=2)
    first, second = await factories.lessons_of(course)
    for _ in range(3):
        learner = await factories.enrolled_learner(runtime, course)
        await asyncio.gather(
            enrollment.complete_lesson(learner.viewer, str(first.id)),
            enrollment.complete_lesson(learner.viewer, str(second.id)),
        )
        row = await Enrollment.get(learner_id=learner.user.id, course_id=course.id)
        assert await Certificate.filter(enrollment_id=row.id).count() == 1
    # And both racing to issue once the course is complete: one row, the same one for both.
    learner = await factories.enrolled_learner(runtime, course)
    for lesson in (first, second):
        await LessonProgress.create(learner_id=learner.user.id, lesson_id=lesson.id, course_id=course.id)
    issued = await asyncio.gather(*(issuing.do_issue_if_complete(learner.user.id, course.id) for _ in range(4)))
    assert len({c.id for c in issued if c is not None}) == 1


async def test_check_complete_needs_every_lesson_and_at_least_one(runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author, lessons=2)
    learner = await factories.enrolled_learner(runtime, course)
    assert await issuing.check_complete(learner.user.id, course.id) is False
    empty = await factories.course(author, lessons=0, publish=False)
    assert await issuing.check_complete(learner.user.id, empty.id) is False
    assert await issuing.do_issue_if_complete(learner.user.id, empty.id) is None


async def test_a_revoked_enrollment_shows_its_certificate_revoked_and_restoring_validates_it(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    """A whole refund revokes through `enrollment.revoke` (payments.orders); the certificate is
    revoked by that alone, with no write of its own."""
    course = await factories.course(await factories.creator(runtime), lessons=1)
    lesson = (await factories.lessons_of(course))[0]
    learner = await factories.enrolled_learner(runtime, course)
    await enrollment.complete_lesson(learner.viewer, str(lesson.id))
    row = await Enrollment.get(learner_id=learner.user.id, course_id=course.id)
    cert = await Certificate.get(enrollment_id=row.id)
    await enrollment.revoke(runtime, str(row.id))
    shown = (await gql(CERTIFICATE, {"id": str(cert.id)})).ok()["certificate"]
    assert shown["valid"] is False
    assert shown["revokedAt"]
    # A revoked enrollment cannot complete lessons (nothing new is issued either).
    with pytest.raises(AppError):
        await enrollment.complete_lesson(learner.viewer, str(lesson.id))
    await enrollment.grant(learner.user.id, course, EnrollmentSource.PURCHASE)
    again = (await gql(CERTIFICATE, {"id": str(cert.id)})).ok()["certificate"]
    assert again["valid"] is True
    assert again["revokedAt"] is None
    assert await Certificate.all().count() == 1


async def test_the_png_route(http: httpx.AsyncClient, runtime: Runtime) -> None:
    for bad in ("nope.png", f"{uuid4()}.png", "..%2F..%2Fetc.png", f"{'a' * 5000}.png"):
        answer = await http.get(f"/certificates/{bad}")
        assert answer.status_code == 404, bad
        assert answer.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    course = await factories.course(await factories.creator(runtime), lessons=1)
    lesson = (await factories.lessons_of(course))[0]
    learner = await factories.enrolled_learner(runtime, course)
    await enrollment.complete_lesson(learner.viewer, str(lesson.id))
    cert = await Certificate.get()
    answer = await http.get(f"/certificates/{cert.id}.png")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/png"
    assert answer.headers["content-disposition"].startswith("attachment;")
    picture = Image.open(BytesIO(answer.content))
    picture.load()
    assert picture.format == "PNG"
    assert picture.size == (image.WIDTH, image.HEIGHT)
    await enrollment.revoke(runtime, str(cert.enrollment_id))  # type: ignore[attr-defined]
    revoked = await http.get(f"/certificates/{cert.id}.png")
    assert revoked.status_code == 200
    assert revoked.content != answer.content


async def test_a_flood_of_image_requests_is_rate_limited_per_address(http: httpx.AsyncClient, runtime: Runtime) -> None:
    limit = runtime.settings.certificate_image_limit.limit
    statuses = [(await http.get(f"/certificates/{uuid4()}.png")).status_code for _ in range(limit + 2)]
    assert statuses[:limit] == [404] * limit  # unknown ids count too: walking ids costs the walker
    refused = await http.get(f"/certificates/{uuid4()}.png")
    assert statuses[limit:] == [429, 429]
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert int(refused.headers["retry-after"]) >= 1


def test_long_and_unicode_names_wrap_inside_the_card() -> None:
    face = image.font(72, bold=True)
    width = image.WIDTH - 2 * 140
    lines = image.wrap("Ж" * 120, face, width, 2)
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert image.wrap("Zoë Ångström", face, width, 2) == ["Zoë Ångström"]
    for line in image.wrap("word " * 80 + "漢字" * 30, image.font(56), width, 3):
        assert image.font(56).getlength(line) <= width
    view = lookup.CertificateView(
        id=uuid4(),
        learner_name="名" * 80,
        course_title="T" * 120,
        course_slug="s",
        creator_name="C" * 80,
        issued_at=datetime(2026, 12, 4, tzinfo=UTC),
        revoked_at=None,
    )
    assert Image.open(BytesIO(image.render(view))).size == (image.WIDTH, image.HEIGHT)
