"""The outbox: one row per message to send, written in the transaction of the change that causes it.

A row moves PENDING -> SENDING (claimed by a worker, for a lease) -> SENT, or back to PENDING
to be retried later, or to DEAD (refused for good, or out of attempts). `next_attempt_at` is
when a worker should look at the row next: for PENDING its (re)try time, for SENDING the end of
its lease (`claimed_until`), when a worker that died mid-send leaves it to be sent again; one
partial index over it serves every claim.

`message_id` is made once, at enqueue: a retry, even after a crash between sending and marking
sent, carries the same Message-ID, so the receiving side (and anyone reading the mail logs)
can recognise the second copy.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from edusphere.auth.models import User


class MailKind(StrEnum):
    """What a message is for (its template is named after it, lower-cased, unless the caller
    names another). Counted per kind, so rate limits and dashboards can tell them apart."""

    VERIFY_EMAIL = "VERIFY_EMAIL"
    PASSWORD_RESET = "PASSWORD_RESET"  # noqa: S105 - a kind of message, not a password
    EMAIL_CHANGE_CONFIRM = "EMAIL_CHANGE_CONFIRM"
    EMAIL_CHANGED_NOTICE = "EMAIL_CHANGED_NOTICE"
    RECEIPT = "RECEIPT"
    REFUND_RECEIPT = "REFUND_RECEIPT"
    COURSE_ANNOUNCEMENTS = "COURSE_ANNOUNCEMENTS"
    # `edusphere mail test`: an operator checking that mail goes out (and the tests' sample).
    TEST = "TEST"


class OutboxStatus(StrEnum):
    PENDING = "PENDING"  # waiting for its next attempt (next_attempt_at)
    SENDING = "SENDING"  # claimed by a worker until claimed_until
    SENT = "SENT"  # the SMTP server accepted it
    DEAD = "DEAD"  # refused for good (5xx) or out of attempts: never tried again by itself


class OutboxMessage(Model):
    id = fields.UUIDField(primary_key=True)
    # RFC 5322 msg-id with its angle brackets: <hex@domain-of-the-sender>.
    message_id = fields.CharField(max_length=255, unique=True)
    kind = fields.CharEnumField(MailKind, max_length=32)
    sender = fields.CharField(max_length=320)  # "Name <address>" as MAIL_FROM was at enqueue
    to_address = fields.CharField(max_length=254)
    to_name = fields.CharField(max_length=200, default="")
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "edusphere.User", related_name="mail", null=True, on_delete=fields.SET_NULL
    )
    subject = fields.CharField(max_length=500)
    html = fields.TextField()
    text = fields.TextField()
    # More headers (List-Unsubscribe, ...): {name: value}, checked at enqueue.
    headers: dict[str, str] = fields.JSONField(default=dict)
    status = fields.CharEnumField(OutboxStatus, max_length=16, default=OutboxStatus.PENDING)
    attempts = fields.IntField(default=0)  # claims so far; also the fence of the current claim
    next_attempt_at = fields.DatetimeField()
    claimed_until = fields.DatetimeField(null=True)
    claimed_by = fields.CharField(max_length=200, null=True)
    last_error = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)
    dead_at = fields.DatetimeField(null=True)

    class Meta:
        table = "mail_outbox"
        # The claim's and the figures' partial indexes are made by the migration (0012_mail).
        indexes = (("user_id", "kind", "created_at"),)
