"""Protected downloads: a signed link, checked again against who may open the lesson now."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.media import serving
from edusphere.media.models import MediaAsset, MediaKind
from tests.courses import factories as courses
from tests.helpers import GraphQLClient, make_user
from tests.media.helpers import MP4, PDF, lesson_with_asset, signed, uploaded
from tests.payments.factories import admin, buyer

CHECKOUT = """mutation($c: ID!) { checkout(courseId: $c, provider: TEST) { order { id } } }"""
PAY = """mutation($o: ID!) { completeTestPayment(orderId: $o, approve: true) { status } }"""
REFUND = """mutation($o: ID!) { refundOrder(orderId: $o, reason: "Requested by the buyer") { status } }"""


def _error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


async def _video_lesson(runtime: Runtime, http: httpx.AsyncClient, **lesson: Any) -> tuple[Any, Any, dict[str, Any]]:
    author = await courses.creator(runtime)
    video = await uploaded(http, author, "VIDEO", "intro.mp4", MP4)
    course, _ = await lesson_with_asset(runtime, author, video["id"], **lesson)
    return author, course, video


async def test_a_learner_not_enrolled_is_refused_even_with_a_valid_signature(
    runtime: Runtime, http: httpx.AsyncClient
) -> None:
    _, _, video = await _video_lesson(runtime, http)
    stranger = await make_user(runtime)
    _error(await http.get(signed(runtime, video["id"], stranger.user.id)), 403, "FORBIDDEN")


async def test_an_asset_in_no_lesson_is_refused_even_to_its_uploader(runtime: Runtime, http: httpx.AsyncClient) -> None:
    author = await courses.creator(runtime)
    video = await uploaded(http, author, "VIDEO", "loose.mp4", MP4)
    _error(await http.get(signed(runtime, video["id"], author.user.id)), 403, "FORBIDDEN")


async def test_a_refunded_learner_loses_the_file_at_once(
    runtime: Runtime, http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    author = await courses.creator(runtime)
    document = await uploaded(http, author, "FILE", 'Leçon 1 "notes".pdf', PDF)
    course, _ = await lesson_with_asset(runtime, author, document["id"], price_cents=4_900)
    learner, boss = await buyer(runtime), await admin(runtime)
    order = (await gql(CHECKOUT, {"c": str(course.id)}, token=learner.access_token)).ok()["checkout"]["order"]
    assert (await gql(PAY, {"o": order["id"]}, token=learner.access_token)).ok()["completeTestPayment"][
        "status"
    ] == "PAID"
    link = signed(runtime, document["id"], learner.user.id)
    served = await http.get(link)
    assert served.status_code == 200
    assert served.content == PDF
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["content-disposition"] == (
        "attachment; filename=\"Le_on 1 _notes_.pdf\"; filename*=UTF-8''Le%C3%A7on%201%20%22notes%22.pdf"
    )
    assert (await gql(REFUND, {"o": order["id"]}, token=boss.access_token)).ok()["refundOrder"]["status"] == "REFUNDED"
    _error(await http.get(link), 403, "FORBIDDEN")  # the same link, issued before the refund


async def test_the_creator_an_admin_and_an_enrolled_learner_may_open_it(
    runtime: Runtime, http: httpx.AsyncClient
) -> None:
    author, course, video = await _video_lesson(runtime, http)
    learner, boss = await make_user(runtime), await admin(runtime)
    await enrollment.enroll(learner.viewer, str(course.id))
    for who in (author, boss, learner):
        response = await http.get(signed(runtime, video["id"], who.user.id))
        assert response.status_code == 200, response.text
        assert response.content == MP4
        assert response.headers["content-disposition"] == "inline"
        assert response.headers["accept-ranges"] == "bytes"


async def test_expired_or_altered_links_are_refused(runtime: Runtime, http: httpx.AsyncClient) -> None:
    author, _, video = await _video_lesson(runtime, http)
    expired = signed(runtime, video["id"], author.user.id, seconds=-1)
    _error(await http.get(expired), 403, "FORBIDDEN")
    good = urlsplit(signed(runtime, video["id"], author.user.id))
    query = {k: v[0] for k, v in parse_qs(good.query).items()}
    variants = [
        {**query, "exp": str(int(query["exp"]) + 3600)},
        {**query, "sig": query["sig"][::-1]},
        {**query, "viewer": str((await make_user(runtime)).user.id)},
        {k: v for k, v in query.items() if k != "sig"},
        {**query, "sig": "zz" * 32},
        {**query, "exp": "9" * 40},
    ]
    for altered in variants:
        _error(await http.get(f"{good.path}?{urlencode(altered)}"), 403, "FORBIDDEN")
    other = await uploaded(http, author, "FILE", "other.pdf", PDF)
    _error(await http.get(f"/media/protected/{other['id']}?{good.query}"), 403, "FORBIDDEN")
    _error(await http.get(f"/media/protected/not-a-uuid?{good.query}"), 404, "NOT_FOUND")


async def test_range_requests_get_the_right_bytes(runtime: Runtime, http: httpx.AsyncClient) -> None:
    author, _, video = await _video_lesson(runtime, http)
    link = signed(runtime, video["id"], author.user.id)
    size = len(MP4)
    for header, (first, last) in {
        "bytes=0-99": (0, 99),
        "bytes=100-": (100, size - 1),
        "bytes=-10": (size - 10, size - 1),
        f"bytes=10-{size + 500}": (10, size - 1),
    }.items():
        response = await http.get(link, headers={"range": header})
        assert response.status_code == 206, header
        assert response.content == MP4[first : last + 1]
        assert response.headers["content-range"] == f"bytes {first}-{last}/{size}"
        assert response.headers["content-length"] == str(last - first + 1)
    for header in (f"bytes={size}-", f"bytes={size + 10}-{size + 20}", "bytes=-0"):
        past = await http.get(link, headers={"range": header})
        assert past.status_code == 416, header
        assert past.headers["content-range"] == f"bytes */{size}"
    for header in ("bytes=0-1,5-6", "items=0-5", "bytes=9-3"):
        whole = await http.get(link, headers={"range": header})
        assert (whole.status_code, whole.content) == (200, MP4), header


async def test_with_nginx_the_answer_is_an_internal_redirect(runtime: Runtime, http: httpx.AsyncClient) -> None:
    author = await courses.creator(runtime)
    document = await uploaded(http, author, "FILE", "a.pdf", PDF)
    asset = await MediaAsset.get(id=document["id"])
    response = serving.accel_response(asset)
    assert response.headers["x-accel-redirect"] == f"/_protected/{asset.sha256[:2]}/{asset.sha256}"
    assert response.content_type == "application/pdf"
    assert response.headers["content-disposition"].startswith('attachment; filename="a.pdf"')
    assert asset.kind is MediaKind.FILE
    assert not response.body
