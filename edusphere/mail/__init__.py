"""Outgoing mail through a durable outbox: a message is a row committed with the change that
causes it, and a worker in every server process sends it over SMTP.

Sending a message (what verification, password reset, receipts and notifications do)::

    from tortoise.transactions import in_transaction
    from edusphere.mail import MailKind, Recipient, compose, enqueue

    async with in_transaction():
        user = await User.create(...)                      # the change...
        await enqueue(compose(                              # ...and its mail, in one transaction
            rt.settings, MailKind.VERIFY_EMAIL, Recipient(user.email, user.display_name),
            user_id=user.id, token=token,                   # the template's own variables
        ))

- `compose(settings, kind, to, *, template=None, user_id=None, headers=None, **context)` renders
  `templates/<kind lower-cased>.{subject.txt,html,txt}` (`edusphere.mail.templates` says what
  every template gets: `product`, `recipient`, `link(path, **query)` under PUBLIC_BASE_URL) into
  an `OutgoingMail`. Add a message by adding its three files; `_base.html`/`_base.txt` are the
  layout, `_button.html` a call to action. `render(...)` alone gives (subject, html, text).
- `OutgoingMail(kind, to, sender, subject, html, text, headers={}, user_id=None)`: the one,
  frozen shape of a message. Made directly or by `compose`; it refuses CR/LF or any control
  character in a header value (`HeaderInjection`, a BAD_USER_INPUT `AppError`) and a malformed
  address (`MailRefused`). `headers` are extra ones: `List-Unsubscribe`,
  `List-Unsubscribe-Post` (RFC 8058), `Reply-To`; From/To/Subject/Date/Message-ID are not.
- `enqueue(message) -> OutboxMessage` / `enqueue_many(messages)`: in the current transaction
  only (`NotInTransaction` otherwise); a rollback sends nothing. The row's `message_id` is the
  RFC 5322 Message-ID, fixed now and the same on every attempt.
- `MailKind`: what a message is for; the outbox is indexed on (user_id, kind, created_at) so a
  "resend at most N per hour" limit is one count:
  `OutboxMessage.filter(user_id=..., kind=..., created_at__gte=...).count()`.

Delivery (`edusphere.mail.worker`): at-least-once with a stable Message-ID. Claims use
`SELECT ... FOR UPDATE SKIP LOCKED` and a lease, so live processes never send a message twice;
a process killed mid-send leaves its message to be sent again after the lease. 4xx and
connection trouble are retried with exponential backoff and jitter; 5xx, or MAIL_MAX_ATTEMPTS
attempts, make a dead letter, which `/readyz` (`mail_outbox`), the admin dashboard (`mail`) and
`edusphere mail dead|retry` show. Workers wake on PostgreSQL NOTIFY right after the enqueuing
transaction commits, and poll every MAIL_POLL_SECONDS besides.

SMTP_URL (`edusphere.core.smtpurl`): smtp://host:port (STARTTLS if offered), smtp://user:pass@host:587
(STARTTLS required, then AUTH), smtps://user:pass@host:465 (implicit TLS); `?verify=false` for a
self-signed test server. Without it, outside production, `edusphere serve` starts an SMTP
catcher (`edusphere.core.embedded.EmbeddedSMTP`) that keeps every message under
`<data dir>/mail/`, shown by the development Mailbox (GraphQL `devMailbox`, the web app's
/dev/mailbox, `GET /_dev/mail/<id>.html`) and `edusphere mail list|show`. Production refuses to
start without SMTP_URL.

Tests: `tests/mail/smtp.py` is a real aiosmtpd server on a free port (`smtp_server`, session-wide,
is where the session's server sends; the `mailbox` fixture empties it for a test and waits for
what arrives: `await mailbox.wait_for(to=email)` -> received messages with `.text`, `.html`,
`.links`, `.message["Message-ID"]`). See its docstring.
"""

from edusphere.mail.message import HeaderInjection, MailRefused, OutgoingMail, Recipient
from edusphere.mail.models import MailKind, OutboxMessage, OutboxStatus
from edusphere.mail.outbox import NotInTransaction, enqueue, enqueue_many
from edusphere.mail.templates import Rendered, compose, render

__all__ = [
    "HeaderInjection",
    "MailKind",
    "MailRefused",
    "NotInTransaction",
    "OutboxMessage",
    "OutboxStatus",
    "OutgoingMail",
    "Recipient",
    "Rendered",
    "compose",
    "enqueue",
    "enqueue_many",
    "render",
]
