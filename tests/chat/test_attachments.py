"""Attachments: the sender's own processed uploads, at most 10; files reach room members only,
through the protected path checked on every download. Hostile cases first."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from edusphere.chat import live, messages, rooms
from edusphere.chat.models import ChatAttachment
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from edusphere.media import gc
from edusphere.media.models import MediaAsset, MediaKind
from edusphere.media.uploads import storage
from tests.chat.factories import classroom, enrolled
from tests.helpers import GraphQLClient, make_user
from tests.media.helpers import PDF, signed, uploaded
from tests.media.test_assign import file_asset, image_asset


@pytest.fixture(autouse=True)
def _empty_media_dir(runtime: Runtime) -> Iterator[None]:
    yield
    shutil.rmtree(runtime.settings.media_dir, ignore_errors=True)


async def test_attachments_that_cannot_be_are_refused_and_post_nothing(runtime: Runtime) -> None:
    room = await classroom(runtime)
    theirs = await image_asset(room.creator.user.id)
    unprocessed = await MediaAsset.create(
        owner_id=room.learner.user.id, kind=MediaKind.IMAGE, mime_type="image/png", size_bytes=10, sha256="0" * 64
    )
    mine = [await file_asset(room.learner.user.id, MediaKind.FILE) for _ in range(11)]
    cases = [
        ([str(theirs.id)], ErrorCode.NOT_FOUND),
        ([str(unprocessed.id)], ErrorCode.BAD_USER_INPUT),
        ([str(asset.id) for asset in mine], ErrorCode.BAD_USER_INPUT),  # the 11th
        ([str(uuid.uuid4())], ErrorCode.NOT_FOUND),
        (["not-an-id"], ErrorCode.NOT_FOUND),
        (["x" * 10_000], ErrorCode.NOT_FOUND),
    ]
    for n, (ids, code) in enumerate(cases):
        with pytest.raises(AppError) as caught:
            await messages.send_message(runtime, room.learner.viewer, room.room_id, "see attached", f"a-{n}",
                                        attachment_ids=ids)  # fmt: skip
        assert caught.value.code is code, ids[:1]
    head, _ = await live.room_head(runtime.redis, messages.room_keys(runtime, room.room_id))
    assert head is None
    assert not await ChatAttachment.all().exists()


async def test_an_image_shows_inline_and_a_file_reaches_room_members_only(
    runtime: Runtime, http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    room = await classroom(runtime)
    other = await enrolled(runtime, room, "Grace")
    stranger = await make_user(runtime)
    photo = await image_asset(room.learner.user.id)
    notes = await uploaded(http, room.learner, "FILE", "notes.pdf", PDF)
    sent = await messages.send_message(runtime, room.learner.viewer, room.room_id, "my notes", "a-1",
                                       attachment_ids=[str(photo.id), notes["id"], str(photo.id)])  # fmt: skip
    assert sent.attachment_ids == (str(photo.id), notes["id"])  # each once, in order
    query = """query($r: ID!) { messages(roomId: $r) { messages { attachments {
                 id kind name image { srcset placeholder } file { url name } } } } }"""
    shown = (await gql(query, {"r": room.room_id}, token=other.access_token)).ok()["messages"]["messages"][0]
    image, file = shown["attachments"]
    assert (image["kind"], image["file"]) == ("IMAGE", None)
    assert "640w" in image["image"]["srcset"]
    assert (file["kind"], file["image"], file["file"]["name"]) == ("FILE", None, "notes.pdf")
    assert (await http.get(file["file"]["url"])).content == PDF  # a member of the room downloads it
    refused = await http.get(signed(runtime, notes["id"], stranger.user.id))
    assert refused.status_code == 403
    # Deleted: the file is no longer the room's to hand out.
    await messages.delete_message(runtime, room.learner.viewer, sent.id)
    from tests.chat.factories import drain_stream

    await drain_stream(runtime)
    assert (await http.get(signed(runtime, notes["id"], other.user.id))).status_code == 403


async def test_a_direct_rooms_file_reaches_its_two_members_and_the_collector_keeps_attachments(
    runtime: Runtime, http: httpx.AsyncClient
) -> None:
    room = await classroom(runtime)
    other = await enrolled(runtime, room, "Grace")
    direct = await rooms.direct_room(room.learner.viewer, str(room.course.id), str(room.creator.user.id))
    notes = await uploaded(http, room.learner, "FILE", "private.pdf", PDF)
    await messages.send_message(runtime, room.learner.viewer, str(direct.id), "for you", "d-1",
                                attachment_ids=[notes["id"]])  # fmt: skip
    assert (await http.get(signed(runtime, notes["id"], room.creator.user.id))).status_code == 200
    assert (await http.get(signed(runtime, notes["id"], other.user.id))).status_code == 403
    report = await gc.collect(storage(runtime), grace_hours=0, now=datetime.now(UTC) + timedelta(hours=1))
    assert report.assets_deleted == 0
    assert await MediaAsset.filter(id=notes["id"]).exists()
