"""`/unsubscribe?token=`: POST turns off without a login (RFC 8058), GET only asks, and a token
that is not EduSphere's own changes nothing."""

from __future__ import annotations

import re
from html import unescape

import httpx
import pytest

from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.notifications import tokens
from edusphere.notifications.models import CourseNotificationSetting
from tests.courses import factories as course_factories
from tests.helpers import GraphQLClient
from tests.notifications.factories import news_course

SETTINGS = "{ notificationSettings { enabled course { title } } }"
ONE_CLICK = {"content-type": "application/x-www-form-urlencoded"}


async def _enabled(gql: GraphQLClient, token: str) -> dict[str, bool]:
    listed = (await gql(SETTINGS, token=token)).ok()["notificationSettings"]
    return {s["course"]["title"]: s["enabled"] for s in listed}


async def test_the_one_click_post_unsubscribes_without_a_login(
    runtime: Runtime, http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    where = await news_course(runtime, title="Physics")
    other = await course_factories.course(where.creator, title="Chemistry")
    await enrollment.enroll(where.learner.viewer, str(other.id))
    token = tokens.make(runtime.settings.secret_key, where.learner.user.id, [where.course.id, other.id])

    answer = await http.post(f"/unsubscribe?token={token}", content="List-Unsubscribe=One-Click", headers=ONE_CLICK)
    assert answer.status_code == 200
    assert "You are unsubscribed" in answer.text
    assert "Physics" in answer.text
    assert "Chemistry" in answer.text
    assert await _enabled(gql, where.learner.access_token) == {"Chemistry": False, "Physics": False}
    again = await http.post(f"/unsubscribe?token={token}", content="List-Unsubscribe=One-Click", headers=ONE_CLICK)
    assert again.status_code == 200  # once more: still off, still fine
    assert await CourseNotificationSetting.filter(user_id=where.learner.user.id).count() == 2


async def test_get_only_shows_a_confirmation_whose_button_posts(
    runtime: Runtime, http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    where = await news_course(runtime, title="<img src=x onerror=alert(1)> & Co")
    token = tokens.make(runtime.settings.secret_key, where.learner.user.id, [where.course.id])
    for _ in range(3):  # a scanner fetching the link, a preview, the learner
        page = await http.get(f"/unsubscribe?token={token}")
        assert page.status_code == 200
    assert await _enabled(gql, where.learner.access_token) == {where.course.title: True}
    assert await CourseNotificationSetting.all().count() == 0
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; Co" in page.text  # the title as text
    assert "<img" not in page.text
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    form = re.search(r'<form method="post" action="([^"]+)">', page.text)
    assert form is not None
    action = unescape(form.group(1))
    assert action == f"/unsubscribe?token={token}"
    clicked = await http.post(action, data={"List-Unsubscribe": "One-Click"})
    assert clicked.status_code == 200
    assert await _enabled(gql, where.learner.access_token) == {where.course.title: False}


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_a_forged_or_altered_token_is_400_and_changes_nothing(
    runtime: Runtime, http: httpx.AsyncClient, gql: GraphQLClient, method: str
) -> None:
    where = await news_course(runtime)
    secret = runtime.settings.secret_key
    good = tokens.make(secret, where.learner.user.id, [where.course.id])
    flipped = good[:10] + ("A" if good[10] != "A" else "B") + good[11:]
    forged = [
        flipped,
        good[:-3],
        tokens.make("an attacker's guess at the key, long enough" * 2, where.learner.user.id, [where.course.id]),
        "",
        "%00",
        "A" * 3_000,  # longer than any token (longer URLs are refused by the server: 413)
    ]
    for token in forged:
        answer = await http.request(method, "/unsubscribe", params={"token": token})
        assert answer.status_code == 400, token[:40]
        assert "not valid" in answer.text
    missing = await http.request(method, "/unsubscribe")
    assert missing.status_code == 400
    assert await _enabled(gql, where.learner.access_token) == {where.course.title: True}
    assert await CourseNotificationSetting.all().count() == 0


async def test_a_token_only_turns_off_its_own_user_and_courses(
    runtime: Runtime, http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    where = await news_course(runtime, learners=2)
    mine = tokens.make(runtime.settings.secret_key, where.learners[0].user.id, [where.course.id])
    assert (await http.post("/unsubscribe", params={"token": mine})).status_code == 200
    assert await _enabled(gql, where.learners[0].access_token) == {where.course.title: False}
    assert await _enabled(gql, where.learners[1].access_token) == {where.course.title: True}
