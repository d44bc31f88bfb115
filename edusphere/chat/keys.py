"""Every Redis key chat uses, in one place.

Slot rule (for Redis Cluster, where a script may only touch keys of one hash slot): everything
of one room lives under `room:<room id>:` and is touched together by the room's scripts
(append, read marker, presence); those keys will carry the hash tag `{<room id>}` so a room's
scripts run on the shard that holds the room. Three kinds of key are not the room's and are
named here so the cluster change has one list to work through:

- `chat:stream` (the write-behind stream), `chat:dead-letters`, `chat:attempts`: one per
  deployment today; the cluster will need one stream per shard;
- `chat:message-room:<message id>`: which room a recent message is in (set by append);
- `chat:send:<user id>`: the sender's token bucket (taken by append).

The key names themselves are unchanged by this module (a rolling restart must find the state the
previous release wrote under the same names); renaming them to hash-tagged ones is the cluster
issue's migration.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from edusphere.core.redis import Keys

STREAM = "chat:stream"
DEAD_LETTERS = "chat:dead-letters"
ATTEMPTS = "chat:attempts"


@dataclass(frozen=True)
class RoomKeys:
    """The keys of one room: `seq` (its counter), `epoch`, `recent` (the window of events,
    score = seq), `states` (message id -> current state), `touched` (message id -> the seq
    that last changed it: a state leaves `states` when that seq leaves the window), `reactors`
    (message id -> who reacted with what), `read` (user -> read marker),
    `presence` and `presence_names`, `channel` (pub/sub), and per-sender idempotency and typing."""

    keys: Keys
    room_id: str

    def _part(self, part: str) -> str:
        return self.keys("room", self.room_id, part)

    @property
    def seq(self) -> str:
        return self._part("seq")

    @property
    def epoch(self) -> str:
        return self._part("epoch")

    @property
    def recent(self) -> str:
        return self._part("recent")

    @property
    def states(self) -> str:
        return self._part("states")

    @property
    def touched(self) -> str:
        return self._part("touched")

    @property
    def reactors(self) -> str:
        return self._part("reactors")

    @property
    def pins(self) -> str:
        """The ids of messages pinned since Redis last lost the room (PostgreSQL has the rest)."""
        return self._part("pins")

    @property
    def read(self) -> str:
        return self._part("read")

    @property
    def presence(self) -> str:
        return self._part("presence")

    @property
    def presence_names(self) -> str:
        return self._part("presence-names")

    @property
    def channel(self) -> str:
        return self._part("events")

    def idempotency(self, sender: UUID, client_id: str) -> str:
        return self._part(f"idem:{sender}:{client_id}")

    def typing(self, user_id: UUID) -> str:
        return self._part(f"typing:{user_id}")

    @property
    def stream(self) -> str:
        return self.keys(STREAM)

    def message_room(self, message_id: str) -> str:
        return message_room(self.keys, message_id)


def room_prefix(keys: Keys) -> str:
    """What every room key starts with (a channel's room id is what follows it)."""
    return keys("room", "")


def room_of_channel(keys: Keys, channel: str) -> str:
    return channel.removeprefix(room_prefix(keys)).removesuffix(":events")


def message_room(keys: Keys, message_id: str) -> str:
    """Which room a recent message is in (older ones are looked up in PostgreSQL)."""
    return keys("chat", "message-room", message_id)


def send_bucket(keys: Keys, user_id: UUID) -> str:
    return keys("chat", "send", str(user_id))


def reports_limit(keys: Keys, user_id: UUID) -> str:
    return keys("chat", "reports", str(user_id))


def hub_connection(keys: Keys) -> str:
    """The client name of a process's pub/sub connection (CLIENT LIST shows it)."""
    return keys("chat-hub")


def stream(keys: Keys) -> str:
    return keys(STREAM)


def dead_letters(keys: Keys) -> str:
    return keys(DEAD_LETTERS)


def attempts(keys: Keys) -> str:
    return keys(ATTEMPTS)


def activity_posts(keys: Keys, minute: int) -> str:
    return keys("activity", "posts", str(minute))


def activity_sockets(keys: Keys) -> str:
    return keys("activity", "sockets")
