"""Per-course choices through GraphQL: the viewer's enrolled courses only, hostile ids refused
with a clear error and nothing recorded."""

from __future__ import annotations

import uuid

import pytest

from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.courses.models import Enrollment
from edusphere.notifications.models import CourseNotificationSetting
from tests.courses import factories as course_factories
from tests.helpers import GraphQLClient
from tests.notifications.factories import news_course

SETTINGS = "{ notificationSettings { enabled course { id title slug } } }"
SET = """mutation($c: ID!, $e: Boolean!) { setCourseNotifications(courseId: $c, enabled: $e) {
  enabled course { id title } } }"""


async def test_a_learner_sees_their_courses_on_by_default_and_turns_one_off(
    runtime: Runtime, gql: GraphQLClient
) -> None:
    first = await news_course(runtime, title="Zoology")
    learner = first.learner
    second_creator = await course_factories.creator(runtime)
    second = await course_factories.course(second_creator, title="Algebra")
    await enrollment.enroll(learner.viewer, str(second.id))
    await course_factories.course(second_creator, title="Not mine")  # not enrolled: not listed

    listed = (await gql(SETTINGS, token=learner.access_token)).ok()["notificationSettings"]
    assert [(s["course"]["title"], s["enabled"]) for s in listed] == [("Algebra", True), ("Zoology", True)]

    off = (await gql(SET, {"c": str(first.course.id), "e": False}, token=learner.access_token)).ok()
    assert off["setCourseNotifications"] == {
        "enabled": False,
        "course": {"id": str(first.course.id), "title": "Zoology"},
    }
    listed = (await gql(SETTINGS, token=learner.access_token)).ok()["notificationSettings"]
    assert [(s["course"]["title"], s["enabled"]) for s in listed] == [("Algebra", True), ("Zoology", False)]
    on = (await gql(SET, {"c": str(first.course.id), "e": True}, token=learner.access_token)).ok()
    assert on["setCourseNotifications"]["enabled"] is True
    assert await CourseNotificationSetting.filter(user_id=learner.user.id).count() == 1  # one row, updated


async def test_a_revoked_enrollment_leaves_the_list(runtime: Runtime, gql: GraphQLClient) -> None:
    where = await news_course(runtime)
    row = await Enrollment.get(learner_id=where.learner.user.id, course_id=where.course.id)
    await enrollment.revoke(runtime, str(row.id))
    assert (await gql(SETTINGS, token=where.learner.access_token)).ok()["notificationSettings"] == []
    refused = await gql(SET, {"c": str(where.course.id), "e": False}, token=where.learner.access_token)
    assert refused.error_code == "FORBIDDEN"


@pytest.mark.parametrize(
    ("course_id", "code"),
    [
        ("not-a-uuid", "NOT_FOUND"),
        ("'; DROP TABLE course_notification_settings; --", "NOT_FOUND"),
        (str(uuid.uuid4()), "NOT_FOUND"),
        ("0" * 5_000, "NOT_FOUND"),
        ("", "NOT_FOUND"),
    ],
)
async def test_hostile_course_ids_are_refused_clearly(
    runtime: Runtime, gql: GraphQLClient, course_id: str, code: str
) -> None:
    where = await news_course(runtime)
    refused = await gql(SET, {"c": course_id, "e": False}, token=where.learner.access_token)
    assert refused.error_code == code
    assert refused.errors[0]["message"] == "Course not found"
    assert refused.data is None
    assert await CourseNotificationSetting.all().count() == 0


async def test_a_course_one_is_not_enrolled_in_is_forbidden_and_unchanged(runtime: Runtime, gql: GraphQLClient) -> None:
    where = await news_course(runtime)
    stranger = await course_factories.enrolled_learner(runtime, await course_factories.course(where.creator))
    refused = await gql(SET, {"c": str(where.course.id), "e": False}, token=stranger.access_token)
    assert refused.error_code == "FORBIDDEN"
    assert "enrolled learners" in refused.errors[0]["message"]
    # The creator teaches it but is not its learner either.
    teacher = await gql(SET, {"c": str(where.course.id), "e": False}, token=where.creator.access_token)
    assert teacher.error_code == "FORBIDDEN"
    assert await CourseNotificationSetting.all().count() == 0


async def test_signed_out_is_unauthenticated(runtime: Runtime, gql: GraphQLClient) -> None:
    where = await news_course(runtime)
    assert (await gql(SETTINGS)).error_code == "UNAUTHENTICATED"
    assert (await gql(SET, {"c": str(where.course.id), "e": False})).error_code == "UNAUTHENTICATED"
