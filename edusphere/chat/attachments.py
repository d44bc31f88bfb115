"""Attachments: media assets the sender uploaded (POST /media or tus), shown with a message.

At most `MAX_ATTACHMENTS` per message, each the sender's own (another's is NOT_FOUND, as in
`media.assign`: an asset's existence is not revealed), and an image only once its variants
exist. Images are shown inline from their public variants (content-addressed names, as covers
and avatars); videos and files through the protected path, whose download checks again, on
every request, that the user reads a room where the asset is attached (`may_open`, registered
with the media domain through `Domain.asset_uses`), in a message not deleted.

Which asset is attached where is `chat_attachments`: written when the send is acknowledged (so
a member can fetch it at once) and again by the write-behind from the event (so it is there
even if that first write failed); both are idempotent.
"""

from __future__ import annotations

from uuid import UUID

from tortoise import connections

from edusphere.auth.viewer import Viewer
from edusphere.chat.events import Message
from edusphere.core.errors import bad_input, not_found
from edusphere.media.models import MediaAsset, MediaKind

MAX_ATTACHMENTS = 10


async def check_attachments(viewer: Viewer, raw_ids: list[str]) -> tuple[str, ...]:
    """The ids as stored (each once, in the order given)."""
    if len(raw_ids) > MAX_ATTACHMENTS:
        raise bad_input(f"A message can carry at most {MAX_ATTACHMENTS} attachments", field="attachmentIds")
    ids: list[UUID] = []
    for raw in raw_ids:
        try:
            key = UUID(raw)
        except (ValueError, TypeError, AttributeError):
            raise not_found("Media asset") from None
        if key not in ids:
            ids.append(key)
    if not ids:
        return ()
    found = {asset.id: asset for asset in await MediaAsset.filter(id__in=ids, owner_id=viewer.id)}
    for key in ids:
        asset = found.get(key)
        if asset is None:
            raise not_found("Media asset")
        if asset.kind is MediaKind.IMAGE and not asset.variants:
            raise bad_input("That image is still being processed; send it once it is ready", field="attachmentIds")
    return tuple(str(key) for key in ids)


async def record(message: Message) -> None:
    """Which room each of the message's attachments is in (idempotent)."""
    if not message.attachment_ids:
        return
    await connections.get("default").execute_query(
        """INSERT INTO chat_attachments (asset_id, message_id, room_id)
           SELECT a, $2, $3 FROM unnest($1::uuid[]) AS a ON CONFLICT (asset_id, message_id) DO NOTHING""",
        [list(message.attachment_ids), message.id, message.room_id],
    )


# The user may read a room where the asset is attached in a message that is not deleted (or not
# stored yet): an admin, the course's creator, an enrolled learner, and for a direct room only
# its two members.
_MAY_OPEN = """
SELECT EXISTS (
  SELECT 1 FROM chat_attachments AS a
  JOIN chat_rooms AS r ON r.id = a.room_id
  JOIN courses AS c ON c.id = r.course_id
  JOIN users AS u ON u.id = $1 AND u.is_active
  WHERE a.asset_id = $2
    AND NOT EXISTS (SELECT 1 FROM chat_messages AS m WHERE m.id = a.message_id AND m.deleted)
    AND CASE WHEN r.kind = 'DIRECT' THEN $1 IN (r.member_a_id, r.member_b_id)
             ELSE u.role = 'ADMIN' OR c.creator_id = $1 OR EXISTS (
               SELECT 1 FROM enrollments AS e WHERE e.learner_id = $1 AND e.course_id = c.id AND e.revoked_at IS NULL)
        END
) AS open
"""


async def may_open(user_id: UUID, asset_id: UUID) -> bool:
    rows = await connections.get("default").execute_query_dict(_MAY_OPEN, [user_id, asset_id])
    return bool(rows[0]["open"])


async def in_use(asset_ids: list[UUID]) -> set[UUID]:
    rows = await connections.get("default").execute_query_dict(
        "SELECT DISTINCT asset_id FROM chat_attachments WHERE asset_id = ANY($1::uuid[])", [asset_ids]
    )
    return {row["asset_id"] for row in rows}
