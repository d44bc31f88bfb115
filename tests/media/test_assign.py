"""Covers, avatars and lesson assets through GraphQL: hostile ids and the wrong people first
(nothing changes), then what clients see — public image variants for everyone, a signed link
to a lesson's file only for those who may open the lesson."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit
from uuid import UUID, uuid4

import pytest

from edusphere.auth.models import Role, User
from edusphere.core.runtime import Runtime
from edusphere.courses import enrollment
from edusphere.courses.models import Course, Enrollment, Lesson, LessonKind
from edusphere.media import signing
from edusphere.media.lesson_access import may_open_asset
from edusphere.media.models import MediaAsset, MediaKind
from edusphere.media.urls import public_key
from tests.courses import factories
from tests.helpers import GraphQLClient, make_user

IMAGE_FIELDS = "id width height url srcset placeholder variants { url width height format mimeType }"
SET_COVER = f"""mutation($course: ID!, $asset: ID) {{ setCourseCover(courseId: $course, assetId: $asset) {{
  id cover {{ {IMAGE_FIELDS} }} }} }}"""
SET_AVATAR = f"mutation($asset: ID) {{ setAvatar(assetId: $asset) {{ id avatar {{ {IMAGE_FIELDS} }} }} }}"
ME = f"{{ me {{ id avatar {{ {IMAGE_FIELDS} }} }} }}"
COURSE = f"""query($slug: String!) {{ course(slug: $slug) {{ cover {{ {IMAGE_FIELDS} }}
  creator {{ avatar {{ url }} }} }} }}"""
FILE_FIELDS = "id kind mimeType sizeBytes name durationSeconds url urlExpiresAt"
SET_LESSON = f"""mutation($lesson: ID!, $asset: ID) {{ setLessonAsset(lessonId: $lesson, assetId: $asset) {{
  id kind asset {{ {FILE_FIELDS} }} }} }}"""
LESSONS = f"""query($slug: String!) {{ course(slug: $slug) {{ modules {{ lessons {{ id kind isPreview
  asset {{ {FILE_FIELDS} }} }} }} }} }}"""
HOSTILE_IDS = ["not-an-id", "", "' OR 1=1 --", "\x00", "x" * 10_000, str(uuid4())]


def refusal(bad_id: str) -> str:
    """NOT_FOUND for an id that names nothing; a NUL never gets past the GraphQL gate."""
    return "BAD_USER_INPUT" if "\x00" in bad_id else "NOT_FOUND"


async def image_asset(owner_id: UUID, *, alpha: bool = False) -> MediaAsset:
    """An IMAGE row as the upload route leaves it (variants already in public storage)."""
    sha = secrets.token_hex(32)
    fallback = "png" if alpha else "jpeg"
    variants: list[dict[str, object]] = [
        {"width": width, "height": width * 9 // 16, "format": fmt, "key": public_key(sha, width, fmt), "size": 999}
        for width in (320, 640, 1280)
        for fmt in ("avif", "webp", fallback)
    ]
    return await MediaAsset.create(
        owner_id=owner_id,
        kind=MediaKind.IMAGE,
        mime_type="image/png" if alpha else "image/jpeg",
        size_bytes=123_456,
        sha256=sha,
        original_name="cover.jpg",
        width=1920,
        height=1080,
        variants=variants,
        placeholder="data:image/jpeg;base64,/9j/",
    )


async def file_asset(owner_id: UUID, kind: MediaKind = MediaKind.VIDEO) -> MediaAsset:
    return await MediaAsset.create(
        owner_id=owner_id,
        kind=kind,
        mime_type="video/mp4" if kind is MediaKind.VIDEO else "application/pdf",
        size_bytes=5_000_000_000,
        sha256=secrets.token_hex(32),
        original_name="Leçon 1.mp4" if kind is MediaKind.VIDEO else "notes.pdf",
        duration_seconds=61.5 if kind is MediaKind.VIDEO else None,
    )


async def _cover_id(course: Course) -> UUID | None:
    value: UUID | None = (await Course.get(id=course.id)).cover_asset_id  # type: ignore[attr-defined]
    return value


# ----- setCourseCover -----------------------------------------------------------------------


async def test_hostile_course_and_asset_ids_change_nothing(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    mine = await image_asset(author.user.id)
    for bad in HOSTILE_IDS:
        result = await gql(SET_COVER, {"course": bad, "asset": str(mine.id)}, token=author.access_token)
        assert result.error_code == refusal(bad), (bad[:20], result.body)
        result = await gql(SET_COVER, {"course": str(course.id), "asset": bad}, token=author.access_token)
        assert result.error_code == refusal(bad), (bad[:20], result.body)
    assert await _cover_id(course) is None


async def test_an_asset_must_be_the_callers_own_image(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    someone = await make_user(runtime, Role.CREATOR)
    theirs = await image_asset(someone.user.id)
    video = await file_asset(author.user.id)
    document = await file_asset(author.user.id, MediaKind.FILE)
    result = await gql(SET_COVER, {"course": str(course.id), "asset": str(theirs.id)}, token=author.access_token)
    assert result.error_code == "NOT_FOUND"  # another user's asset is not even confirmed to exist
    for wrong in (video, document):
        result = await gql(SET_COVER, {"course": str(course.id), "asset": str(wrong.id)}, token=author.access_token)
        assert result.error_code == "BAD_USER_INPUT"
        assert result.errors[0]["extensions"]["field"] == "assetId"
    unusable = await image_asset(author.user.id)
    await MediaAsset.filter(id=unusable.id).update(variants=[])
    result = await gql(SET_COVER, {"course": str(course.id), "asset": str(unusable.id)}, token=author.access_token)
    assert result.error_code == "BAD_USER_INPUT"
    assert await _cover_id(course) is None


async def test_only_the_courses_creator_or_an_admin_sets_its_cover(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    published = await factories.course(author)
    draft = await factories.course(author, publish=False)
    learner = await make_user(runtime)
    rival = await make_user(runtime, Role.CREATOR)
    for caller in (learner, rival):
        asset = await image_asset(caller.user.id)
        result = await gql(SET_COVER, {"course": str(published.id), "asset": str(asset.id)}, token=caller.access_token)
        assert result.error_code == "FORBIDDEN"
        result = await gql(SET_COVER, {"course": str(draft.id), "asset": str(asset.id)}, token=caller.access_token)
        assert result.error_code == "NOT_FOUND"  # a draft's existence does not leak
    asset = await image_asset(author.user.id)
    anonymous = await gql(SET_COVER, {"course": str(published.id), "asset": str(asset.id)})
    assert anonymous.error_code == "UNAUTHENTICATED"
    assert await _cover_id(published) is None
    assert await _cover_id(draft) is None


async def test_a_cover_is_shown_to_everyone_as_responsive_public_variants(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    asset = await image_asset(author.user.id)
    data = (await gql(SET_COVER, {"course": str(course.id), "asset": str(asset.id)}, token=author.access_token)).ok()
    cover = data["setCourseCover"]["cover"]
    prefix = f"/media/public/{asset.sha256[:2]}/{asset.sha256}"
    assert cover["id"] == str(asset.id)
    assert (cover["width"], cover["height"]) == (1920, 1080)
    assert cover["url"] == f"{prefix}-1280.jpg"
    assert cover["srcset"] == f"{prefix}-320.jpg 320w, {prefix}-640.jpg 640w, {prefix}-1280.jpg 1280w"
    assert cover["placeholder"] == "data:image/jpeg;base64,/9j/"
    assert len(cover["variants"]) == 9
    assert {(v["format"], v["mimeType"]) for v in cover["variants"]} == {
        ("avif", "image/avif"),
        ("webp", "image/webp"),
        ("jpeg", "image/jpeg"),
    }
    assert {"url": f"{prefix}-640.webp", "width": 640, "height": 360, "format": "webp", "mimeType": "image/webp"} in (
        cover["variants"]
    )
    public = (await gql(COURSE, {"slug": course.slug})).ok()["course"]
    assert public["cover"] == cover  # anonymous visitors see the same public image
    removed = await gql(SET_COVER, {"course": str(course.id), "asset": None}, token=author.access_token)
    assert removed.ok()["setCourseCover"]["cover"] is None
    assert await _cover_id(course) is None
    assert await MediaAsset.filter(id=asset.id).exists()  # the asset stays (media gc removes it later)


async def test_an_admin_sets_any_courses_cover_with_any_image(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author, publish=False)
    admin = await make_user(runtime, Role.ADMIN)
    authors_png = await image_asset(author.user.id, alpha=True)
    result = await gql(SET_COVER, {"course": str(course.id), "asset": str(authors_png.id)}, token=admin.access_token)
    cover = result.ok()["setCourseCover"]["cover"]
    assert cover["url"].endswith("-1280.png")
    assert await _cover_id(course) == authors_png.id


# ----- setAvatar ------------------------------------------------------------------------------


async def test_an_avatar_must_be_the_callers_own_image(gql: GraphQLClient, runtime: Runtime) -> None:
    me = await make_user(runtime)
    other = await make_user(runtime)
    theirs = await image_asset(other.user.id)
    video = await file_asset(me.user.id)
    for bad in [*HOSTILE_IDS, str(theirs.id)]:
        assert (await gql(SET_AVATAR, {"asset": bad}, token=me.access_token)).error_code == refusal(bad)
    assert (await gql(SET_AVATAR, {"asset": str(video.id)}, token=me.access_token)).error_code == "BAD_USER_INPUT"
    assert (await gql(SET_AVATAR, {"asset": str(video.id)})).error_code == "UNAUTHENTICATED"
    assert (await User.get(id=me.user.id)).avatar_asset_id is None  # type: ignore[attr-defined]


async def test_a_new_avatar_shows_at_once_everywhere(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    assert (await gql(ME, token=author.access_token)).ok()["me"]["avatar"] is None  # the session is cached now
    asset = await image_asset(author.user.id)
    data = (await gql(SET_AVATAR, {"asset": str(asset.id)}, token=author.access_token)).ok()["setAvatar"]
    assert data["avatar"]["url"].endswith(f"{asset.sha256}-1280.jpg")
    assert (await gql(ME, token=author.access_token)).ok()["me"]["avatar"] == data["avatar"]
    public = (await gql(COURSE, {"slug": course.slug})).ok()["course"]
    assert public["creator"]["avatar"]["url"] == data["avatar"]["url"]
    assert (await gql(SET_AVATAR, {"asset": None}, token=author.access_token)).ok()["setAvatar"]["avatar"] is None
    assert (await gql(ME, token=author.access_token)).ok()["me"]["avatar"] is None


# ----- setLessonAsset and Lesson.asset --------------------------------------------------------


async def _lessons(author_course: Course) -> tuple[Lesson, Lesson, Lesson]:
    """The course's lessons made a VIDEO (a preview), a FILE and a TEXT lesson."""
    first, second = await factories.lessons_of(author_course)
    await Lesson.filter(id=first.id).update(kind=LessonKind.VIDEO)
    await Lesson.filter(id=second.id).update(kind=LessonKind.FILE)
    module = await first.module
    text = await Lesson.create(module=module, title="Reading", kind=LessonKind.TEXT, body="Read.", position=3)
    return await Lesson.get(id=first.id), await Lesson.get(id=second.id), text


async def test_a_lessons_asset_must_match_its_kind(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    video_lesson, file_lesson, text_lesson = await _lessons(course)
    video = await file_asset(author.user.id)
    document = await file_asset(author.user.id, MediaKind.FILE)
    picture = await image_asset(author.user.id)
    token = author.access_token
    for lesson, asset in ((video_lesson, document), (video_lesson, picture), (file_lesson, video)):
        result = await gql(SET_LESSON, {"lesson": str(lesson.id), "asset": str(asset.id)}, token=token)
        assert result.error_code == "BAD_USER_INPUT", (lesson.kind, asset.kind)
    result = await gql(SET_LESSON, {"lesson": str(text_lesson.id), "asset": str(video.id)}, token=token)
    assert result.error_code == "BAD_USER_INPUT"
    assert result.errors[0]["extensions"]["field"] == "lessonId"
    for bad in HOSTILE_IDS:
        result = await gql(SET_LESSON, {"lesson": bad, "asset": str(video.id)}, token=token)
        assert result.error_code == refusal(bad), (bad[:20], result.body)
        result = await gql(SET_LESSON, {"lesson": str(video_lesson.id), "asset": bad}, token=token)
        assert result.error_code == refusal(bad), (bad[:20], result.body)
    assert not await Lesson.filter(asset_id__isnull=False).exists()


async def test_only_the_courses_creator_or_an_admin_sets_a_lessons_asset(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    video_lesson, _, _ = await _lessons(course)
    for caller in (await make_user(runtime), await make_user(runtime, Role.CREATOR)):
        own = await file_asset(caller.user.id)
        variables = {"lesson": str(video_lesson.id), "asset": str(own.id)}
        result = await gql(SET_LESSON, variables, token=caller.access_token)
        assert result.error_code == "FORBIDDEN"
    admin = await make_user(runtime, Role.ADMIN)
    authors = await file_asset(author.user.id)
    result = await gql(SET_LESSON, {"lesson": str(video_lesson.id), "asset": str(authors.id)}, token=admin.access_token)
    assert result.ok()["setLessonAsset"]["asset"]["id"] == str(authors.id)


async def _asset_of(gql: GraphQLClient, slug: str, lesson_id: UUID, token: str | None) -> dict[str, object] | None:
    data = (await gql(LESSONS, {"slug": slug}, token=token)).ok()
    for lesson in data["course"]["modules"][0]["lessons"]:
        if lesson["id"] == str(lesson_id):
            asset: dict[str, object] | None = lesson["asset"]
            return asset
    raise AssertionError("lesson not listed")


async def test_a_lessons_file_is_signed_only_for_those_who_may_open_it(gql: GraphQLClient, runtime: Runtime) -> None:
    author = await factories.creator(runtime)
    course = await factories.course(author)
    video_lesson, file_lesson, text_lesson = await _lessons(course)
    assert video_lesson.is_preview  # a preview's protected video is still for learners only
    video = await file_asset(author.user.id)
    document = await file_asset(author.user.id, MediaKind.FILE)
    for lesson, asset in ((video_lesson, video), (file_lesson, document)):
        variables = {"lesson": str(lesson.id), "asset": str(asset.id)}
        set_data = (await gql(SET_LESSON, variables, token=author.access_token)).ok()["setLessonAsset"]
        assert set_data["asset"]["id"] == str(asset.id)
    learner = await make_user(runtime)
    stranger = await make_user(runtime)
    admin = await make_user(runtime, Role.ADMIN)
    row = await enrollment.enroll(learner.viewer, str(course.id))

    assert await _asset_of(gql, course.slug, video_lesson.id, None) is None
    assert await _asset_of(gql, course.slug, video_lesson.id, stranger.access_token) is None
    assert await _asset_of(gql, course.slug, text_lesson.id, learner.access_token) is None
    for who in (learner, author, admin):
        shown = await _asset_of(gql, course.slug, file_lesson.id, who.access_token)
        assert shown is not None
        assert (shown["kind"], shown["mimeType"], shown["name"]) == ("FILE", "application/pdf", "notes.pdf")
        _assert_signed(runtime, shown, document.id, who.user.id)
    shown_video = await _asset_of(gql, course.slug, video_lesson.id, learner.access_token)
    assert shown_video is not None
    assert (shown_video["sizeBytes"], shown_video["durationSeconds"]) == (5_000_000_000, 61.5)
    assert shown_video["name"] == "Leçon 1.mp4"
    assert await may_open_asset(learner.user, video.id)
    assert not await may_open_asset(stranger.user, video.id)

    # A refund (the enrollment revoked) ends it at once, here and at the download.
    await Enrollment.filter(id=row.id).update(revoked_at=datetime.now(UTC))
    assert await _asset_of(gql, course.slug, file_lesson.id, learner.access_token) is None
    assert not await may_open_asset(learner.user, document.id)

    removed = await gql(SET_LESSON, {"lesson": str(file_lesson.id), "asset": None}, token=author.access_token)
    assert removed.ok()["setLessonAsset"]["asset"] is None
    assert await _asset_of(gql, course.slug, file_lesson.id, author.access_token) is None
    assert not await may_open_asset(author.user, document.id)  # no lesson holds it now


def _assert_signed(runtime: Runtime, shown: dict[str, object], asset_id: UUID, viewer_id: UUID) -> None:
    url = urlsplit(str(shown["url"]))
    assert url.path == f"/media/protected/{asset_id}"
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert query["viewer"] == str(viewer_id)
    expires = int(query["exp"])
    lifetime = runtime.settings.media.signed_url_seconds
    assert time.time() + lifetime - 5 <= expires <= time.time() + lifetime + 1
    assert datetime.fromisoformat(str(shown["urlExpiresAt"])).timestamp() == expires
    secret = runtime.settings.secret_key
    assert signing.verify(secret, asset_id, query["viewer"], query["exp"], query["sig"]) == viewer_id
    # The link is this viewer's alone, for this asset alone, and not a second longer.
    assert signing.verify(secret, asset_id, str(uuid4()), query["exp"], query["sig"]) is None
    assert signing.verify(secret, uuid4(), query["viewer"], query["exp"], query["sig"]) is None
    assert signing.verify(secret, asset_id, query["viewer"], str(expires + 1), query["sig"]) is None
    assert signing.verify("another secret", asset_id, query["viewer"], query["exp"], query["sig"]) is None


@pytest.mark.parametrize("bad", ["", "abc", "1" * 64, "zz" * 32, "\u0661" * 64])
def test_signatures_that_were_not_issued_are_refused(bad: str) -> None:
    viewer, asset = uuid4(), uuid4()
    expires = int(time.time()) + 60
    good = parse_qs(signing.sign("secret", asset, viewer, expires))["sig"][0]
    assert signing.verify("secret", asset, str(viewer), str(expires), good) == viewer
    assert signing.verify("secret", asset, str(viewer), str(expires), bad) is None
    assert signing.verify("secret", asset, "not-a-uuid", str(expires), good) is None
    assert signing.verify("secret", asset, str(viewer), "soon", good) is None
    past = int(time.time()) - 1
    expired = parse_qs(signing.sign("secret", asset, viewer, past))["sig"][0]
    assert signing.verify("secret", asset, str(viewer), str(past), expired) is None
