"""Room events: one encoder, one decoder, and a wire format two releases can share."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import msgspec
import pytest

from edusphere.chat import events
from edusphere.chat.events import (
    ChatUser,
    MemberJoined,
    MemberLeft,
    Message,
    MessageDeleted,
    MessageEdited,
    MessagePosted,
    ReadMarked,
    Resync,
    Typing,
)

AT = datetime(2026, 12, 2, 19, 0, 0, 123456, tzinfo=UTC)
MESSAGE = Message(
    id="0193b3a0-1c2d-7e3f-8a9b-0c1d2e3f4a5c", seq=41, room_id="0193b3a0-1c2d-7e3f-8a9b-0c1d2e3f4a5b",
    author_id="0193b3a0-1c2d-7e3f-8a9b-0c1d2e3f4a5d", author_name="Ada", body="héllo \"there\" / ✓",
    client_id="c-1", created_at=AT, edited_at=None, deleted=False, last_event_seq=41,
)  # fmt: skip
USER = ChatUser("0193b3a0-1c2d-7e3f-8a9b-0c1d2e3f4a5d", "Ada")
ROOM = MESSAGE.room_id

EVERY_KIND = [
    MessagePosted(room_id=ROOM, at=AT, message=MESSAGE, seq=41, epoch="e1", announcement=True),
    MessageEdited(room_id=ROOM, at=AT, message=MESSAGE, seq=42, epoch="e1", previous_body="before"),
    MessageDeleted(room_id=ROOM, at=AT, message=MESSAGE, seq=43, epoch="e1"),
    MemberJoined(room_id=ROOM, at=AT, user=USER),
    MemberLeft(room_id=ROOM, at=AT, user=USER),
    Typing(room_id=ROOM, at=AT, user=USER),
    Resync(room_id=ROOM, seq=43, epoch="e1", recovered=False),
]


@pytest.mark.parametrize("event", EVERY_KIND, ids=lambda e: e.type)
def test_every_event_goes_out_at_the_wire_version_and_comes_back_equal(event: events.RoomEvent) -> None:
    wire = events.encode(event)
    assert json.loads(wire)["v"] == events.WIRE_VERSION
    assert json.loads(wire)["type"] == event.type
    back = events.decode(wire)
    assert back == events.stamped(event)


def test_a_read_marker_travels_on_the_stream_only() -> None:
    marked = ReadMarked(room_id=ROOM, user_id=USER.id, seq=7)
    assert events.decode_stream(events.encode(marked)) == events.stamped(marked)
    with pytest.raises(Exception, match="READ"):
        events.decode(events.encode(marked))  # pub/sub never carries it: not a RoomEvent


def test_an_event_written_before_versions_existed_reads_as_version_1() -> None:
    """What the previous release wrote (stored in Redis, on the stream, published during a
    rolling restart): no `v`, isoformat timestamps with +00:00."""
    old = {"type": "MESSAGE_POSTED", "room_id": ROOM, "at": AT.isoformat(), "seq": 41, "epoch": "e1",
           "message": {**json.loads(events.encode(MESSAGE)), "created_at": AT.isoformat()}}  # fmt: skip
    event = events.decode(json.dumps(old))
    assert isinstance(event, MessagePosted)
    assert (event.v, event.message, event.at, event.announcement) == (1, MESSAGE, AT, False)
    assert events.decode_stream(json.dumps(old)) == event


def test_what_this_release_writes_the_previous_release_reads() -> None:
    """The previous release read events as dicts with `datetime.fromisoformat` (3.11 takes the
    `Z` msgspec writes) and ignored keys it did not know."""
    wire = json.loads(events.encode(EVERY_KIND[1]))
    assert datetime.fromisoformat(wire["at"]) == AT
    assert datetime.fromisoformat(wire["message"]["created_at"]) == AT
    assert {"type", "room_id", "seq", "epoch", "message", "previous_body", "at"} <= set(wire)
    assert set(wire["message"]) == {
        "id", "seq", "room_id", "author_id", "author_name", "body", "client_id", "created_at", "edited_at",
        "deleted", "last_event_seq",
    }  # fmt: skip


def test_a_newer_release_s_events_are_skipped_not_failed() -> None:
    newer_kind = {"v": 3, "type": "REACTION_ADDED", "room_id": ROOM, "at": AT.isoformat(), "emoji": "+1"}
    assert events.decode(json.dumps(newer_kind)) is None
    assert events.unknown_type(json.dumps(newer_kind))
    more_fields = {**json.loads(events.encode(EVERY_KIND[3])), "thread_id": "t-1"}
    assert events.decode(json.dumps(more_fields)) == events.stamped(EVERY_KIND[3])


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        "[]",
        json.dumps({"type": "MESSAGE_POSTED", "room_id": ROOM}),  # fields missing
        json.dumps({"type": "TYPING", "room_id": ROOM, "at": "yesterday", "user": {"id": "u", "display_name": "x"}}),
        json.dumps({"type": "MESSAGE_DELETED", "room_id": ROOM, "at": AT.isoformat(), "message": {"id": 1}}),
    ],
)
def test_bad_data_of_a_known_kind_is_an_error_not_a_newer_release(raw: str) -> None:
    assert not events.unknown_type(raw)
    with pytest.raises(
        (msgspec.DecodeError, msgspec.ValidationError)
    ):  # msgspec's DecodeError and ValidationError are ValueErrors
        events.decode(raw)
