"""The outbox's worker: one per server process, draining `mail_outbox` into the SMTP server.

Claiming. One statement, its own short transaction, claims up to `batch_size` due rows:

    UPDATE mail_outbox SET status = 'SENDING', attempts = attempts + 1, claimed_until = now() + lease ...
    WHERE id IN (SELECT id ... WHERE status IN ('PENDING', 'SENDING') AND next_attempt_at <= now()
                 ORDER BY next_attempt_at LIMIT n FOR UPDATE SKIP LOCKED)

SKIP LOCKED lets several processes claim side by side without waiting on each other, and never
the same row; once committed, a claimed row is not due again until its lease ends. Sending
happens after that commit, outside any transaction (an SMTP exchange must not hold a database
connection or locks); each outcome is one more short UPDATE: SENT (made while the next
message is being sent), back to PENDING with a backoff, or DEAD. Every UPDATE is fenced by the
claim's attempt number, so a worker whose lease ran out never overwrites the next claimant's.

Guarantees. While the workers live, no message is sent twice: each sends only rows it claimed,
and only while its lease has at least `timeout_seconds` to run (a send is cut at that timeout).
A process killed between the server's "250 OK" and the UPDATE to SENT leaves the row SENDING;
when the lease ends another worker sends it again, with the same Message-ID. So delivery is
at-least-once with a stable Message-ID: exactly-once is impossible over SMTP (the server's
acceptance and our record of it cannot commit together), and the duplicate is recognisable.

Retries. 4xx and server trouble: again after `retry_base_seconds * 2^(attempt-1)` (capped at
`retry_cap_seconds`, with jitter: from half to all of it, so a burst of failures does not
return as a burst); 5xx or `max_attempts` claims: DEAD. When the server itself is unreachable,
the worker also pauses (the same backoff, per consecutive failure) and gives the rest of its
batch back without counting an attempt, instead of knocking on a closed door once per message.

Waking. `enqueue` runs `pg_notify` in the enqueuing transaction; each worker LISTENs on its
own connection and claims as soon as a transaction with mail commits. It also wakes when the
next retry is due and every `poll_seconds` regardless (a notification missed while the
listening connection was down). Behind PgBouncer in transaction mode (`DATABASE_POOLER`) a
LISTEN would hold for one transaction only, on whichever server connection ran it: the worker
listens on `DATABASE_DIRECT_URL` (PostgreSQL itself) when set, and otherwise only polls.
Redis pub/sub would do too, but the enqueuer would have to
publish after its commit, which it does not control; PostgreSQL's notifications are
transactional by construction.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID

import asyncpg
import orjson
from tortoise import connections

from edusphere.core.embedded import asyncpg_dsn
from edusphere.core.runtime import Runtime
from edusphere.core.settings import DatabasePooler, MailSettings, Settings
from edusphere.core.smtpurl import parse_smtp_url
from edusphere.mail import outbox
from edusphere.mail.message import Recipient, build_parts, sender_address
from edusphere.mail.sender import SendFailure, SMTPSender

log = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 3600.0

_CLAIM = """
UPDATE mail_outbox m
SET status = 'SENDING', attempts = m.attempts + 1, claimed_by = $1,
    claimed_until = now() + $2::interval, next_attempt_at = now() + $2::interval
FROM (
    SELECT id FROM mail_outbox
    WHERE status IN ('PENDING', 'SENDING') AND next_attempt_at <= now()
    ORDER BY next_attempt_at
    LIMIT $3
    FOR UPDATE SKIP LOCKED
) due
WHERE m.id = due.id
RETURNING m.id, m.message_id, m.sender, m.to_address, m.to_name, m.subject, m.html, m.text, m.headers,
          m.attempts, m.created_at
"""
# Every outcome is fenced by the claim's attempt number (`WHERE id = $1 AND attempts = $2 AND
# status = 'SENDING'`): a worker whose lease ran out never overwrites the next claimant's record.
_SENT = """UPDATE mail_outbox SET status = 'SENT', sent_at = now(), claimed_until = NULL, last_error = NULL
WHERE id = $1 AND attempts = $2 AND status = 'SENDING'"""
_RETRY = """UPDATE mail_outbox SET status = 'PENDING', next_attempt_at = now() + $3::interval, claimed_until = NULL,
last_error = $4 WHERE id = $1 AND attempts = $2 AND status = 'SENDING'"""
_DEAD = """UPDATE mail_outbox SET status = 'DEAD', dead_at = now(), claimed_until = NULL, last_error = $3
WHERE id = $1 AND attempts = $2 AND status = 'SENDING'"""
# Given back unsent: this claim does not count as an attempt.
_RELEASE = """UPDATE mail_outbox SET status = 'PENDING', attempts = attempts - 1,
next_attempt_at = now() + $3::interval, claimed_until = NULL WHERE id = $1 AND attempts = $2 AND status = 'SENDING'"""
_NEXT_DUE = """SELECT extract(epoch FROM min(next_attempt_at) - now()) AS wait FROM mail_outbox
WHERE status IN ('PENDING', 'SENDING')"""


@dataclass(frozen=True)
class Claimed:
    """A claimed row, as much of it as sending needs."""

    id: UUID
    message_id: str
    sender: str
    to: Recipient
    subject: str
    html: str
    text: str
    headers: dict[str, Any]
    attempt: int
    created_at: Any

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Claimed:
        headers = row["headers"]
        return cls(
            id=row["id"] if isinstance(row["id"], UUID) else UUID(str(row["id"])),
            message_id=row["message_id"],
            sender=row["sender"],
            to=Recipient(row["to_address"], row["to_name"]),
            subject=row["subject"],
            html=row["html"],
            text=row["text"],
            headers=orjson.loads(headers) if isinstance(headers, (str, bytes)) else dict(headers or {}),
            attempt=int(row["attempts"]),
            created_at=row["created_at"],
        )


def backoff(config: MailSettings, attempt: int) -> float:
    """Seconds before attempt `attempt + 1`: exponential, capped, with jitter (half to all)."""
    ceiling = min(config.retry_cap_seconds, config.retry_base_seconds * 2 ** max(0, attempt - 1))
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not a secret


def listen_dsn(database_url: str) -> str:
    """The database URL as asyncpg takes it (without Tortoise's pool options)."""
    return asyncpg_dsn(database_url)


def listen_url(settings: Settings) -> str | None:
    """Where the worker LISTENs: PostgreSQL itself (DATABASE_DIRECT_URL, else DATABASE_URL unless
    that is a pooler, whose server connections change hands after every transaction); None: poll."""
    if settings.database_direct_url is not None:
        return settings.database_direct_url
    if settings.database_pooler is not DatabasePooler.NONE:
        return None
    return settings.database_url


@dataclass
class DrainResult:
    """What one pass did (for tests and the benchmark)."""

    sent: int = 0
    retried: int = 0
    dead: int = 0
    released: int = 0
    claimed: int = 0
    server_down: bool = False
    errors: list[str] = field(default_factory=list)


class OutboxWorker:
    """Drains the outbox in this process (`start`/`stop`), or on demand (`run_once`).

    It sends over `connections` SMTP connections at once, each in a lane of its own that claims
    and sends its own batches (SKIP LOCKED shares the work out among lanes as among processes):
    a remote server's round trips, not this process, bound one connection's rate."""

    def __init__(self, rt: Runtime, name: str, config: MailSettings | None = None) -> None:
        self.rt = rt
        self.name = name
        self.config = config or rt.settings.mail
        if self.config.smtp_url is None:
            raise ValueError("OutboxWorker needs an SMTP URL")
        server = parse_smtp_url(self.config.smtp_url)
        self.senders = [SMTPSender(server, timeout=self.config.timeout_seconds) for _ in range(self.config.connections)]
        self._wakes = [asyncio.Event() for _ in self.senders]
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._listener: asyncpg.Connection | None = None
        self._server_failures = 0
        self._next_purge = time.monotonic() + PURGE_EVERY_SECONDS

    def __repr__(self) -> str:
        return f"OutboxWorker({self.name!r})"

    @property
    def sender(self) -> SMTPSender:
        """The first lane's connection (the one `run_once` uses by default)."""
        return self.senders[0]

    async def start(self) -> None:
        self._stopping.clear()
        if listen_url(self.rt.settings) is None and self.rt.settings.database_url is not None:
            log.info("DATABASE_URL is a pooler and DATABASE_DIRECT_URL is unset: polling for mail every %ss",
                     self.config.poll_seconds)  # fmt: skip
        await self._listen()
        lanes = range(len(self.senders))
        self._tasks = [asyncio.create_task(self._run(lane), name=f"mail-outbox-{self.name}-{lane}") for lane in lanes]

    async def stop(self) -> None:
        """Finish the messages being sent (the rest of each batch is given back), then stop."""
        self._stopping.set()
        self._notified()
        tasks, self._tasks = self._tasks, []
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=self.config.timeout_seconds + 5)
            for task in pending:
                task.cancel()
            for task in pending:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self._unlisten()
        for sender in self.senders:
            await sender.close()

    # Waking.

    async def _listen(self) -> None:
        url = listen_url(self.rt.settings)
        if url is None:
            return
        try:
            connection = await asyncpg.connect(listen_dsn(url), timeout=10)
            await connection.add_listener(outbox.CHANNEL, self._notified)
        except (OSError, asyncpg.PostgresError, TimeoutError):
            log.warning("Cannot LISTEN for new mail; polling every %ss", self.config.poll_seconds, exc_info=True)
            return
        self._listener = connection

    def _notified(self, *args: object) -> None:
        for wake in self._wakes:
            wake.set()

    async def _unlisten(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None and not listener.is_closed():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(listener.close(), 5)

    async def _run(self, lane: int) -> None:
        wake = self._wakes[lane]
        while not self._stopping.is_set():
            if lane == 0 and (self._listener is None or self._listener.is_closed()):
                self._listener = None
                await self._listen()
            wake.clear()  # before claiming: a commit during the batch wakes the next wait
            try:
                result = await self.run_once(lane)
                if lane == 0:
                    await self._purge()
            except Exception:  # the database away: try again after a poll interval
                log.warning("Draining the mail outbox failed", exc_info=True)
                result = DrainResult()
            if self._stopping.is_set():
                break
            if result.server_down:
                await self._pause(backoff(self.config, self._server_failures))
                continue
            if result.claimed >= self.config.batch_size:
                continue
            wait = self.config.poll_seconds
            with contextlib.suppress(Exception):
                rows = await connections.get("default").execute_query_dict(_NEXT_DUE)
                if rows and rows[0]["wait"] is not None:
                    wait = min(wait, max(0.0, float(rows[0]["wait"])) + 0.01)
            # asyncio.timeout, not wait_for: waiting must not start a task of its own every round.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await wake.wait()

    async def _pause(self, seconds: float) -> None:
        """The SMTP server is away: wait (only `stop` ends the wait early)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._stopping.wait()

    async def _purge(self) -> None:
        if time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + PURGE_EVERY_SECONDS
        purged = await outbox.purge_sent(timedelta(days=self.config.keep_sent_days))
        if purged:
            log.info("Deleted %d sent message(s) older than %d days", purged, self.config.keep_sent_days)

    # One pass.

    async def claim(self) -> list[Claimed]:
        rows = await connections.get("default").execute_query_dict(
            _CLAIM, [self.name, timedelta(seconds=self.config.lease_seconds), self.config.batch_size]
        )
        claimed = []
        for row in rows:
            try:
                claimed.append(Claimed.from_row(row))
            except Exception as error:  # a row that cannot be a message (written by hand?) dies, alone
                log.warning("Mail %s cannot be sent as stored: %r", row.get("message_id"), error)
                await connections.get("default").execute_query(
                    _DEAD, [row["id"], row["attempts"], f"Unreadable: {type(error).__name__}"]
                )
        return claimed

    async def run_once(self, lane: int = 0) -> DrainResult:
        """Claim a batch of due messages and send them over lane `lane`'s connection."""
        lease_ends = time.monotonic() + self.config.lease_seconds  # the database's lease ends later
        claimed = await self.claim()
        result = DrainResult(claimed=len(claimed))
        recording: list[asyncio.Task[None]] = []
        try:
            await self._send_batch(self.senders[lane], claimed, lease_ends, result, recording)
        finally:
            await asyncio.gather(*recording)  # _mark never raises
        return result

    async def _send_batch(
        self,
        sender: SMTPSender,
        claimed: list[Claimed],
        lease_ends: float,
        result: DrainResult,
        recording: list[asyncio.Task[None]],
    ) -> None:
        for position, message in enumerate(claimed):
            # A send is cut at `timeout_seconds`: started with less lease left, it could still be
            # going when another process takes the message up.
            if self._stopping.is_set() or time.monotonic() + self.config.timeout_seconds > lease_ends:
                await self._give_back(claimed[position:], 0.0, result)
                break
            if message.attempt > self.config.max_attempts:  # claimed that often and never finished
                why = f"LeaseExpired: no outcome after {message.attempt - 1} attempts"
                await self._mark(_DEAD, message, why, result=result)
                result.dead += 1
                continue
            outcome = await self.deliver(message, sender)
            if outcome is None:
                self._server_failures = 0
                # Recorded while the next message is sent: the database's round trip is off the
                # sending path (a crash now resends at most the messages whose records were in flight).
                recording.append(asyncio.create_task(self.mark_sent(message, result)))
                continue
            await self._failed(message, outcome, result)
            if outcome.server_down:
                self._server_failures += 1
                result.server_down = True
                pause = backoff(self.config, self._server_failures)
                await self._give_back(claimed[position + 1 :], pause, result)
                break

    async def deliver(self, message: Claimed, sender: SMTPSender) -> SendFailure | None:
        """Send one claimed message; None when the server accepted it."""
        try:
            email = build_parts(
                sender=message.sender, to=message.to, subject=message.subject, text=message.text, html=message.html,
                headers=message.headers, message_id=message.message_id, date=message.created_at,
            )  # fmt: skip
        except Exception as error:  # never sendable: a dead letter now, not a retry forever
            return SendFailure(f"Unbuildable: {type(error).__name__}: {error}"[:500], permanent=True)
        try:
            async with asyncio.timeout(self.config.timeout_seconds):
                await sender.send(email, sender=sender_address(message.sender).addr_spec, recipient=message.to.address)
        except SendFailure as failure:
            return failure
        except TimeoutError:
            await sender.close()
            return SendFailure(f"TimeoutError: no answer within {self.config.timeout_seconds:g}s", server_down=True)
        return None

    async def mark_sent(self, message: Claimed, result: DrainResult) -> None:
        await self._mark(_SENT, message, result=result)
        result.sent += 1

    async def _failed(self, message: Claimed, failure: SendFailure, result: DrainResult) -> None:
        if failure.permanent or message.attempt >= self.config.max_attempts:
            why = failure.reason if failure.permanent else f"{failure.reason} (gave up after {message.attempt} tries)"
            domain = message.to.address.rpartition("@")[2]
            log.warning("Mail %s to an address at %s is dead: %s", message.message_id, domain, why)
            await self._mark(_DEAD, message, why[:500], result=result)
            result.dead += 1
            return
        delay = backoff(self.config, message.attempt)
        log.info("Mail %s will be tried again in %.1fs: %s", message.message_id, delay, failure.reason)
        await self._mark(_RETRY, message, timedelta(seconds=delay), failure.reason[:500], result=result)
        result.retried += 1

    async def _give_back(self, messages: list[Claimed], after: float, result: DrainResult) -> None:
        for message in messages:
            await self._mark(_RELEASE, message, timedelta(seconds=after), result=result)
            result.released += 1

    async def _mark(self, statement: str, message: Claimed, *values: object, result: DrainResult) -> None:
        """Record an outcome; if the database is away the lease brings the row back later."""
        try:
            await connections.get("default").execute_query(statement, [message.id, message.attempt, *values])
        except Exception as error:
            log.warning("Recording the outcome of mail %s failed", message.message_id, exc_info=True)
            result.errors.append(type(error).__name__)
