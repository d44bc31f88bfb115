"""Each operation over a socket is its own request: access is checked and data read afresh, as
for one HTTP request, however long the socket has been open."""

from __future__ import annotations

from typing import Any

from sanic import Sanic
from websockets.asyncio.client import ClientConnection

from edusphere.core.runtime import Runtime
from edusphere.courses import authoring, enrollment
from edusphere.courses.authoring import LessonChanges
from tests.core.test_graphql_ws import acked, receive, send, socket
from tests.courses import factories
from tests.helpers import GraphQLClient, make_user

LESSONS = "query($slug: String!) { course(slug: $slug) { modules { lessons { id title body completed } } } }"


async def query_over(ws: ClientConnection, operation_id: str, query: str, **variables: Any) -> Any:
    await send(ws, {"id": operation_id, "type": "subscribe", "payload": {"query": query, "variables": variables}})
    answer = await receive(ws)
    assert answer["type"] == "next", answer
    assert "errors" not in answer["payload"], answer
    assert await receive(ws) == {"id": operation_id, "type": "complete"}
    return answer["payload"]["data"]


async def test_socket_and_http_alike_see_revoked_access_edited_bodies_and_completions(
    app: Sanic, runtime: Runtime, gql: GraphQLClient
) -> None:
    creator = await factories.creator(runtime)
    course = await factories.course(creator)  # lesson 1 is a preview, lesson 2 is not
    learner = await make_user(runtime, name="Learner")
    enrolled = await enrollment.enroll(learner.viewer, str(course.id))
    second = (await factories.lessons_of(course))[1]

    async with socket(app) as ws:
        await acked(ws, learner.access_token)
        step = 0

        async def second_lesson() -> dict[str, Any]:
            """The second lesson as the socket and as HTTP see it now: always the same."""
            nonlocal step
            step += 1
            over_socket = await query_over(ws, f"q{step}", LESSONS, slug=course.slug)
            over_http = (await gql(LESSONS, {"slug": course.slug}, token=learner.access_token)).ok()
            assert over_socket == over_http
            lesson: dict[str, Any] = over_socket["course"]["modules"][0]["lessons"][1]
            return lesson

        assert await second_lesson() == {
            "id": str(second.id), "title": "Lesson 2", "body": "Body of lesson 2", "completed": False,
        }  # fmt: skip
        await authoring.update_lesson(creator.viewer, str(second.id), LessonChanges(body="Edited body"))
        await enrollment.complete_lesson(learner.viewer, str(second.id))
        assert await second_lesson() == {
            "id": str(second.id), "title": "Lesson 2", "body": "Edited body", "completed": True,
        }  # fmt: skip
        await enrollment.revoke(runtime, str(enrolled.id))
        assert (await second_lesson())["body"] is None  # refused on the socket opened while enrolled


async def test_an_operation_runs_as_the_viewer_the_socket_proves_now(app: Sanic, runtime: Runtime) -> None:
    """Two operations on one socket never share a context: the second sees the first's writes."""
    learner = await make_user(runtime, name="Before")
    async with socket(app) as ws:
        await acked(ws, learner.access_token)
        assert await query_over(ws, "a", "{ me { displayName } }") == {"me": {"displayName": "Before"}}
        renamed = 'mutation { updateProfile(input: {displayName: "After"}) { displayName } }'
        assert await query_over(ws, "b", renamed) == {"updateProfile": {"displayName": "After"}}
        assert await query_over(ws, "c", "{ me { displayName } }") == {"me": {"displayName": "After"}}
