"""Writing to the outbox, and what operators see of it.

`enqueue` must run inside the transaction that makes the change a message tells about (it
refuses to run outside one, as `audit.record` does), so the two commit together or not at
all: a rolled-back registration sends no verification mail, and a committed order always gets
its receipt. Nothing is sent from a request: the rows wait for a worker (`edusphere.mail.worker`).

The same transaction runs `pg_notify`: PostgreSQL delivers a notification only when the
transaction commits (and never for one rolled back), and folds identical ones within a
transaction into one, so every worker listening wakes once per committing transaction, right
after the commit. The cost: commits that notify queue briefly on PostgreSQL's notification
lock, negligible at mail's rates (a course announcement to 10,000 learners is one transaction
and one notification).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient

from edusphere.core.errors import not_found
from edusphere.mail.message import OutgoingMail, new_message_id
from edusphere.mail.models import OutboxMessage, OutboxStatus

CHANNEL = "edusphere_mail_outbox"
RECENT_DEAD = timedelta(hours=1)
# The oldest message due this long ago and still not sent: mail is not going out.
STUCK = timedelta(minutes=15)


class NotInTransaction(RuntimeError):
    """`enqueue` was called outside a transaction: the mail could go out for a change that
    then failed (or the change commit without its mail)."""


async def enqueue(message: OutgoingMail) -> OutboxMessage:
    """Add one message to the outbox, in the current transaction."""
    (row,) = await enqueue_many([message])
    return row


async def enqueue_many(messages: Sequence[OutgoingMail]) -> list[OutboxMessage]:
    """Add messages to the outbox in the current transaction: one INSERT, one notification."""
    if not messages:
        return []
    connection = connections.get("default")
    if not isinstance(connection, TransactionalDBClient):
        raise NotInTransaction("mail.enqueue must run inside the transaction that makes the change it tells about")
    now = datetime.now(UTC)
    rows = []
    for message in messages:
        row_id, message_id = new_message_id(message.sender)
        rows.append(
            OutboxMessage(
                id=row_id,
                message_id=message_id,
                kind=message.kind,
                sender=message.sender,
                to_address=message.to.address.strip(),
                to_name=message.to.name.strip(),
                user_id=message.user_id,
                subject=message.subject,
                html=message.html,
                text=message.text,
                headers=dict(message.headers),
                status=OutboxStatus.PENDING,
                next_attempt_at=now,
                created_at=now,
            )
        )
    await OutboxMessage.bulk_create(rows, batch_size=1_000)
    await connection.execute_query("SELECT pg_notify($1, '')", [CHANNEL])
    return rows


@dataclass(frozen=True)
class OutboxFigures:
    """What `/readyz`, the admin dashboard and `edusphere mail status` show."""

    pending: int  # waiting to be sent (retries included), not counting those being sent now
    sending: int  # claimed by a worker right now (or by one that died, until its lease ends)
    dead: int
    dead_last_hour: int
    oldest_pending_seconds: float | None  # how long the oldest message due has waited
    last_dead: dict[str, object] | None

    def incidents(self) -> list[str]:
        """Things an operator must look at. Dead letters are figures first: most are one
        recipient's (an address that does not exist) and cannot be fixed by anyone here, so
        they count as an incident for an hour only, enough for monitoring to see a burst (a
        refused sender: every message dying). Mail that is not going out at all always is."""
        found = []
        if self.oldest_pending_seconds is not None and self.oldest_pending_seconds > STUCK.total_seconds():
            found.append(
                f"mail is not going out: the oldest message has waited {self.oldest_pending_seconds / 60:.0f} min "
                "(is the SMTP server reachable? see the log)"
            )
        if self.dead_last_hour:
            found.append(f"{self.dead_last_hour} message(s) dead-lettered in the last hour (see `edusphere mail dead`)")
        return found


async def figures() -> OutboxFigures:
    """Counted over the partial indexes of migration 0012 (the SENT history is never read)."""
    rows = await connections.get("default").execute_query_dict(
        """
        SELECT
          (SELECT count(*) FROM mail_outbox WHERE status = 'PENDING') AS pending,
          (SELECT count(*) FROM mail_outbox WHERE status = 'SENDING') AS sending,
          (SELECT count(*) FROM mail_outbox WHERE status = 'DEAD') AS dead,
          (SELECT count(*) FROM mail_outbox WHERE status = 'DEAD' AND dead_at > now() - $1::interval) AS dead_recent,
          (SELECT extract(epoch FROM now() - min(next_attempt_at)) FROM mail_outbox
            WHERE status IN ('PENDING', 'SENDING') AND next_attempt_at <= now()) AS oldest
        """,
        [RECENT_DEAD],
    )
    row = rows[0]
    last = await OutboxMessage.filter(status=OutboxStatus.DEAD).order_by("-dead_at").first()
    return OutboxFigures(
        pending=int(row["pending"]),
        sending=int(row["sending"]),
        dead=int(row["dead"]),
        dead_last_hour=int(row["dead_recent"]),
        oldest_pending_seconds=round(float(row["oldest"]), 1) if row["oldest"] is not None else None,
        last_dead=(
            {"id": str(last.id), "kind": last.kind.value, "at": last.dead_at.isoformat() if last.dead_at else None,
             "error": last.last_error or ""}
            if last is not None else None
        ),
    )  # fmt: skip


_SMTP_CODE = re.compile(r"^[245][0-9]{2}(?: [245]\.[0-9]{1,3}\.[0-9]{1,3})?")
_ERROR_CLASS = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,60}")


def public_reason(reason: str) -> str:
    """What of a failure /readyz may show: the SMTP reply code ("550 5.1.1") or the error's
    class ("SMTPConnectError"), never the server's text, which often quotes the address."""
    found = _SMTP_CODE.match(reason) or _ERROR_CLASS.match(reason)
    return found.group(0) if found else "error"


async def readiness_section() -> dict[str, object]:
    """`/readyz`'s `mail_outbox` section (no addresses or subjects: /readyz is public)."""
    found = await figures()
    last = dict(found.last_dead) if found.last_dead else None
    if last is not None:
        last["error"] = public_reason(str(last["error"]))
    return {
        "pending": found.pending,
        "sending": found.sending,
        "dead": found.dead,
        "dead_last_hour": found.dead_last_hour,
        "oldest_pending_seconds": found.oldest_pending_seconds,
        "last_dead_letter": last,
        "incidents": found.incidents(),
    }


async def dead_letters(limit: int = 50) -> list[OutboxMessage]:
    """The newest dead letters first."""
    return await OutboxMessage.filter(status=OutboxStatus.DEAD).order_by("-dead_at").limit(limit)


async def retry(message_id: UUID) -> OutboxMessage:
    """A dead letter back in the queue, with its attempts counted from zero (an operator fixed
    the cause: the SMTP credentials, the sender's domain). The Message-ID stays."""
    updated = await OutboxMessage.filter(id=message_id, status=OutboxStatus.DEAD).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=datetime.now(UTC), dead_at=None
    )
    if not updated:
        raise not_found("Dead letter")
    await connections.get("default").execute_query("SELECT pg_notify($1, '')", [CHANNEL])
    return await OutboxMessage.get(id=message_id)


async def purge_sent(older_than: timedelta, limit: int = 5_000) -> int:
    """Delete sent messages older than `older_than` (their bodies may hold sign-in links), at
    most `limit` at a time so that no purge holds locks for long."""
    rows = await connections.get("default").execute_query_dict(
        """
        WITH old AS (
            SELECT id FROM mail_outbox WHERE status = 'SENT' AND sent_at < now() - $1::interval LIMIT $2
        )
        DELETE FROM mail_outbox m USING old WHERE m.id = old.id RETURNING 1
        """,
        [older_than, limit],
    )
    return len(rows)
