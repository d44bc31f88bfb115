"""Rooms and who belongs in them.

Members of a course's rooms: its creator, its learners with an active enrollment, and admins.
A direct room (`RoomKind.DIRECT`) is read by its two members only (and by an admin handling a
report from it): a learner and the course's creator, or two learners when the creator allows it.
Membership is checked on every action, and open subscriptions check it again whenever the
invalidation bus announces that a user, an enrollment or a course changed, so losing access (a
revoked enrollment, a demoted admin, a deactivated account, a course closed) ends it at once in
every process. Every published course has a `general` room; it is created the first
time anyone looks for the course's rooms, so publishing needs no knowledge of chat.

A member may be muted in a course's chat (`chat.moderation`): they still read, but every post,
edit and typing is refused (`Muted`). The mute in force is loaded with the membership, in the
same query as the enrollment, so the hot send path of a cached membership costs nothing more;
`MUTE_TOPIC` drops the cached memberships of a member whose mute changed, in every process.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from edusphere.auth.authentication import USER_TOPIC
from edusphere.auth.models import User
from edusphere.auth.viewer import Viewer
from edusphere.chat.models import ChatSettings, Room, RoomKind
from edusphere.core.errors import AppError, ErrorCode, bad_input, conflict, forbidden, not_found, unauthenticated
from edusphere.core.lru import LRU
from edusphere.core.runtime import Runtime
from edusphere.courses.access import COURSE_CHANGED, manages, parse_id, viewable_course
from edusphere.courses.enrollment import ENROLLMENT_REVOKED, parse_revocation
from edusphere.courses.models import Course, CourseStatus, Enrollment
from edusphere.courses.validation import check_text, slugify

GENERAL = "general"

# Bus topic (value: "<user id>:<course id>"): the member's mute in the course was given, replaced
# or lifted; announced after the commit by `chat.moderation`, heard by every MembershipCache.
MUTE_TOPIC = "chat.mute"


def mute_value(user_id: object, course_id: object) -> str:
    """The MUTE_TOPIC value."""
    return f"{user_id}:{course_id}"


def parse_mute_value(value: str) -> tuple[str, str]:
    """(user id, course id) of a MUTE_TOPIC value."""
    user_id, _, course_id = value.partition(":")
    return user_id, course_id


class Muted(AppError):
    """The member is muted in the course's chat: they read, but may not post, edit or type.
    FORBIDDEN with `reason: "MUTED"` and `until` (ISO 8601, UTC), so a client can say until when."""

    def __init__(self, until: datetime) -> None:
        stamp = until.astimezone(UTC).isoformat()
        super().__init__(
            ErrorCode.FORBIDDEN, f"You are muted in this course's chat until {stamp}", reason="MUTED", until=stamp
        )
        self.until = until


@dataclass(frozen=True)
class Membership:
    room: Room
    course: Course
    viewer: Viewer
    moderates: bool  # the course's creator or an admin
    # The end of the member's mute in the course as it was when the membership was loaded (None:
    # not muted). Compared with the clock at each use, so a mute ends by itself, cached or not.
    muted_until: datetime | None = None

    @property
    def can_post(self) -> bool:
        return self.room.kind is not RoomKind.ANNOUNCEMENTS or self.moderates

    @property
    def can_pin(self) -> bool:
        """The course's creator or an admin; in a direct room, both its members."""
        return self.moderates or self.room.kind is RoomKind.DIRECT

    def muted(self, now: datetime | None = None) -> datetime | None:
        """Until when the member is muted now, or None."""
        if self.muted_until is None or self.muted_until <= (now or datetime.now(UTC)):
            return None
        return self.muted_until


# One round trip for a learner's standing in a course: the active enrollment and the end of the
# mute in force (the partial index chat_mutes_active (user_id, course_id, ends_at) WHERE lifted_at
# IS NULL answers the second part).
_STANDING = """
SELECT EXISTS (SELECT 1 FROM enrollments WHERE learner_id = $1 AND course_id = $2 AND revoked_at IS NULL) AS enrolled,
       (SELECT max(ends_at) FROM chat_mutes
        WHERE user_id = $1 AND course_id = $2 AND lifted_at IS NULL AND ends_at > now()) AS muted_until
"""


@dataclass(frozen=True)
class Standing:
    member: bool
    muted_until: datetime | None


async def standing(viewer: Viewer, course: Course) -> Standing:
    """Whether the viewer belongs in the course's rooms, and until when they are muted there.
    The course's creator and admins always belong and are never muted (a mute cannot be given to
    them; one given before a promotion no longer holds)."""
    if manages(viewer, course):
        return Standing(True, None)
    rows = await connections.get("default").execute_query_dict(_STANDING, [viewer.id, course.id])
    return Standing(bool(rows[0]["enrolled"]), rows[0]["muted_until"])


async def is_member(viewer: Viewer, course: Course) -> bool:
    if manages(viewer, course):
        return True
    return await Enrollment.filter(learner_id=viewer.id, course_id=course.id, revoked_at__isnull=True).exists()


async def ensure_general_room(course: Course) -> None:
    if course.status is CourseStatus.PUBLISHED and not await Room.filter(course_id=course.id).exists():
        with contextlib.suppress(IntegrityError):  # created concurrently
            await Room.create(course_id=course.id, slug=GENERAL, name="General")


async def rooms_of_course(viewer: Viewer, course_id: str) -> list[Room]:
    """The course's rooms the viewer reads: its public rooms and the viewer's direct rooms."""
    course = await viewable_course(viewer, course_id=course_id)
    if not await is_member(viewer, course):
        raise forbidden("Only the course's learners and creator can see its rooms")
    await ensure_general_room(course)
    return await readable_rooms(viewer, course.id).order_by("created_at")


def readable_rooms(viewer: Viewer, course_id: UUID) -> QuerySet[Room]:
    """The one rule for which of a course's rooms the viewer reads (the viewer being a member
    of the course): every room but the direct rooms of others. Admins read another pair's
    direct room only through a report (`moderation`), never in these lists."""
    return Room.filter(course_id=course_id).filter(
        Q(kind__not=RoomKind.DIRECT) | Q(member_a_id=viewer.id) | Q(member_b_id=viewer.id)
    )


async def membership(viewer: Viewer, room_id: str | UUID) -> Membership:
    """The viewer's standing in the room; NOT_FOUND or FORBIDDEN when they have none."""
    key = room_id if isinstance(room_id, UUID) else parse_id(room_id, "Room")
    room = await Room.get_or_none(id=key).select_related("course")
    if room is None:
        raise not_found("Room")
    course = room.course
    if not manages(viewer, course) and course.status is CourseStatus.DRAFT:
        raise not_found("Room")
    found = await standing(viewer, course)
    if not found.member:
        raise forbidden("Enroll in the course to join its rooms")
    if room.kind is RoomKind.DIRECT and not await _reads_direct(viewer, room):
        raise forbidden("This is a private conversation")
    return Membership(
        room=room, course=course, viewer=viewer, moderates=manages(viewer, course), muted_until=found.muted_until
    )


async def _reads_direct(viewer: Viewer, room: Room) -> bool:
    """Its two members; an admin handling a report reads the direct room it came from."""
    if viewer.id in (room.member_a_id, room.member_b_id):
        return True
    if not viewer.is_admin:
        return False
    rows = await connections.get("default").execute_query_dict(
        "SELECT EXISTS (SELECT 1 FROM chat_message_reports WHERE room_id = $1) AS reported", [room.id]
    )
    return bool(rows[0]["reported"])


def direct_slug(a: UUID, b: UUID) -> str:
    """One slug per pair, whoever opens it: 'dm-' and 32 hex digits of both ids, sorted."""
    first, second = sorted((a, b))
    return "dm-" + hashlib.sha256(f"{first}:{second}".encode()).hexdigest()[:32]


async def learner_direct_messages(course_id: UUID) -> bool:
    settings = await ChatSettings.get_or_none(course_id=course_id)
    return settings.learner_direct_messages if settings is not None else False


async def direct_room(viewer: Viewer, course_id: str, user_id: str) -> Room:
    """Open (or find) the private room between the viewer and `user_id` in the course: one of
    them its creator, or two learners when the creator allows it (`ChatSettings`). Both must be
    members of the course (the creator, enrolled learners; an admin who is neither cannot open
    one: admins read direct rooms only through reports)."""
    course = await viewable_course(viewer, course_id=course_id)
    other_id = parse_id(user_id, "User")
    if other_id == viewer.id:
        raise bad_input("A direct conversation needs someone else", field="userId")
    other = await User.get_or_none(id=other_id, is_active=True)
    if other is None:
        raise not_found("User")
    creator_id: UUID = course.creator_id  # type: ignore[attr-defined]
    for who in (viewer.id, other.id):
        if (
            who != creator_id
            and not await Enrollment.filter(learner_id=who, course_id=course.id, revoked_at__isnull=True).exists()
        ):
            raise forbidden("Both people must be members of the course")
    if creator_id not in (viewer.id, other.id) and not await learner_direct_messages(course.id):
        raise forbidden("This course's creator does not allow learners to message each other")
    first, second = sorted((viewer.id, other.id))
    slug = direct_slug(first, second)
    room = await Room.get_or_none(course_id=course.id, slug=slug)
    if room is not None:
        return room
    with contextlib.suppress(IntegrityError):  # opened by the other at the same moment
        return await Room.create(
            course_id=course.id, slug=slug, name="Direct", kind=RoomKind.DIRECT, member_a_id=first, member_b_id=second
        )
    return await Room.get(course_id=course.id, slug=slug)


async def set_learner_direct_messages(viewer: Viewer, course_id: str, allowed: bool) -> bool:
    course = await viewable_course(viewer, course_id=course_id)
    if not manages(viewer, course):
        raise forbidden("Only the course's creator or an admin changes its chat settings")
    await ChatSettings.update_or_create(defaults={"learner_direct_messages": allowed}, course_id=course.id)
    return allowed


async def current_membership(viewer: Viewer, room_id: str | UUID) -> Membership:
    """`membership` for the viewer as the database has them now (a role changed, an account
    deactivated): what an open subscription is checked against when its viewer changes."""
    user = await User.get_or_none(id=viewer.id)
    if user is None or not user.is_active:
        raise unauthenticated("This account is no longer active")
    return await membership(dataclasses.replace(viewer, user=user), room_id)


MEMBERSHIP_TRUST_SECONDS = 60.0


class MembershipCache:
    """Recent membership checks, so live chat goes on while PostgreSQL is briefly away.

    Trusted only while the invalidation bus is live and for at most a minute per entry; a
    revoked enrollment or a mute given or lifted drops the user's entries for that course in
    every process at once. `generation` counts the drops: a check that was reading the database
    while one was announced is not cached (it may hold what the announcement made stale).
    """

    def __init__(self, rt: Runtime) -> None:
        self.bus = rt.bus
        self.entries: LRU[tuple[UUID, str], tuple[float, Membership]] = LRU(50_000)
        self.generation = 0
        if self.bus is not None:
            self.bus.on(ENROLLMENT_REVOKED, self._revoked)
            self.bus.on(MUTE_TOPIC, self.mute_changed)
            self.bus.on(USER_TOPIC, lambda user_id: self._drop(lambda key, _: str(key[0]) == user_id))
            self.bus.on(COURSE_CHANGED, lambda course_id: self._drop(lambda _, m: str(m.course.id) == course_id))
            self.bus.on_reset(self.clear)

    def get(self, user_id: UUID, room_id: str) -> Membership | None:
        if self.bus is None or not self.bus.live:
            return None
        hit = self.entries.get((user_id, room_id))
        if hit is None or time.monotonic() - hit[0] > MEMBERSHIP_TRUST_SECONDS:
            return None
        return hit[1]

    def put(self, member: Membership, generation: int) -> None:
        """Cache `member`, read while the cache was at `generation`, unless something was
        dropped since (an announcement that arrived during the read may concern it)."""
        if generation == self.generation:
            self.entries.put((member.viewer.id, str(member.room.id)), (time.monotonic(), member))

    def clear(self) -> None:
        self.generation += 1
        self.entries = LRU(50_000)

    def mute_changed(self, value: str) -> None:
        user_id, course_id = parse_mute_value(value)
        self._drop(lambda key, m: str(key[0]) == user_id and str(m.course.id) == course_id)

    def _revoked(self, value: str) -> None:
        user_id, course_id = parse_revocation(value)
        self._drop(lambda key, m: str(key[0]) == user_id and str(m.course.id) == course_id)

    def _drop(self, stale: Callable[[tuple[UUID, str], Membership], bool]) -> None:
        self.generation += 1
        for key in [k for k, (_, m) in self.entries.items() if stale(k, m)]:
            self.entries.pop(key)


def membership_cache(rt: Runtime) -> MembershipCache:
    cache = rt.caches.get("chat-membership")
    if cache is None:
        cache = rt.caches["chat-membership"] = MembershipCache(rt)
    assert isinstance(cache, MembershipCache)
    return cache


async def cached_membership(rt: Runtime, viewer: Viewer, room_id: str) -> Membership:
    """`membership`, from this process's cache when it may be trusted (no database round trip:
    the hot path of every send and typing). The mute comes with it (`Membership.muted_until`)."""
    cache = membership_cache(rt)
    hit = cache.get(viewer.id, str(room_id))
    if hit is not None:  # as dataclasses.replace(hit, viewer=viewer), at a third of its cost
        return Membership(hit.room, hit.course, viewer, hit.moderates, hit.muted_until)
    generation = cache.generation
    member = await membership(viewer, room_id)
    cache.put(member, generation)
    return member


async def create_room(viewer: Viewer, course_id: str, name: str, announcements: bool) -> Room:
    course = await viewable_course(viewer, course_id=course_id)
    if not manages(viewer, course):
        raise forbidden("Only the course's creator or an admin can add rooms")
    clean = check_text(name, "name", minimum=2, maximum=80)
    slug = slugify(clean)[:40]
    if not slug:
        raise bad_input("The room name needs letters or digits", field="name")
    if slug.startswith("dm-"):
        raise bad_input("Room names cannot start with 'dm' (direct rooms use it)", field="name")
    await ensure_general_room(course)
    if await Room.filter(course_id=course.id, slug=slug).exists():
        raise conflict(f"The course already has a room called {slug!r}")
    try:
        return await Room.create(
            course_id=course.id,
            slug=slug,
            name=clean,
            kind=RoomKind.ANNOUNCEMENTS if announcements else RoomKind.DISCUSSION,
        )
    except IntegrityError:
        raise conflict(f"The course already has a room called {slug!r}") from None
