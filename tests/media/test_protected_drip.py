"""Drip release on the protected download: a learner's link to a lesson's file is refused with
LESSON_LOCKED until the lesson's module opens to them, whatever link they hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.courses.models import Enrollment, Module
from tests.courses import factories as courses
from tests.helpers import GraphQLClient, make_user
from tests.media.helpers import PDF, lesson_with_asset, signed, uploaded

ASSET = """query($slug: String!) { course(slug: $slug) { modules { lessons { title locked asset { id url } } } } }"""


async def test_a_locked_lessons_file_is_refused_until_its_module_opens(
    runtime: Runtime, http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    author = await courses.creator(runtime)
    document = await uploaded(http, author, "FILE", "week2.pdf", PDF)
    course, lesson = await lesson_with_asset(runtime, author, document["id"])
    await Module.filter(id=lesson.module_id).update(opens_after_days=14)  # type: ignore[attr-defined]
    learner, boss = await make_user(runtime), await courses.admin(runtime)
    await enrollment.enroll(learner.viewer, str(course.id))
    link = signed(runtime, document["id"], learner.user.id)

    refused = await http.get(link)
    assert refused.status_code == 403, refused.text
    error = refused.json()["error"]
    assert error["code"] == "LESSON_LOCKED"
    opens = (await Enrollment.get(learner_id=learner.user.id)).enrolled_at + timedelta(days=14)
    assert opens.strftime("%Y-%m-%d") in error["message"]
    # GraphQL hands the learner no link either; the creator and admins keep theirs.
    lessons = (await gql(ASSET, {"slug": course.slug}, token=learner.access_token)).ok()["course"]["modules"][0]
    assert [(x["locked"], x["asset"]) for x in lessons["lessons"]] == [(False, None), (True, None)]
    for who in (author, boss):
        assert (await http.get(signed(runtime, document["id"], who.user.id))).status_code == 200

    await Enrollment.filter(learner_id=learner.user.id).update(enrolled_at=datetime.now(UTC) - timedelta(days=15))
    served = await http.get(link)
    assert served.status_code == 200, served.text
    assert served.content == PDF
    lessons = (await gql(ASSET, {"slug": course.slug}, token=learner.access_token)).ok()["course"]["modules"][0]
    assert lessons["lessons"][1]["asset"]["id"] == document["id"]


async def test_someone_not_enrolled_is_refused_as_before_not_told_when_it_opens(
    runtime: Runtime, http: httpx.AsyncClient
) -> None:
    author = await courses.creator(runtime)
    document = await uploaded(http, author, "FILE", "week2.pdf", PDF)
    _, lesson = await lesson_with_asset(runtime, author, document["id"])
    await Module.filter(id=lesson.module_id).update(opens_after_days=14)  # type: ignore[attr-defined]
    stranger = await make_user(runtime)
    refused = await http.get(signed(runtime, document["id"], stranger.user.id))
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "FORBIDDEN"
