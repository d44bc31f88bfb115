"""The outbox's worker against a real SMTP server that misbehaves: down for a while, 4xx, 5xx,
a process killed between sending and recording it, several workers at once."""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from pathlib import Path

import httpx

from edusphere.auth.models import Role
from edusphere.core.runtime import Runtime
from edusphere.core.settings import Settings
from edusphere.mail import OutboxMessage, OutboxStatus
from edusphere.mail.worker import OutboxWorker
from tests.helpers import GraphQLClient, make_user
from tests.mail.dying_worker import KILLED
from tests.mail.factories import address, committed
from tests.mail.smtp import SMTPTestServer
from tests.mail.smtp_fixtures import mail_settings_for
from tests.processes import command_env

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD_MAIL = "{ adminDashboard { mail { pending sending dead deadLastHour oldestPendingSeconds } } }"


async def row_of(message: OutboxMessage) -> OutboxMessage:
    return await OutboxMessage.get(id=message.id)


async def eventually_status(message: OutboxMessage, status: OutboxStatus, within: float = 10.0) -> OutboxMessage:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        row = await row_of(message)
        if row.status is status:
            return row
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"still {row.status} after {within}s (wanted {status}): {row.last_error}")
        await asyncio.sleep(0.02)


async def test_mail_waits_while_the_server_is_down_and_goes_out_once_it_is_back(
    settings: Settings, mailbox: SMTPTestServer
) -> None:
    await mailbox.wait_for(0)
    await mailbox.stop()
    try:
        rows = await committed(settings, 5)
        await asyncio.sleep(1.0)  # several retries' worth (0.05 s doubling, capped at 0.4 s)
        deadline = asyncio.get_running_loop().time() + 5
        while True:  # a snapshot between two claims, when no row is being tried
            waiting = await OutboxMessage.filter(id__in=[row.id for row in rows])
            if (
                all(row.status is OutboxStatus.PENDING for row in waiting)
                or asyncio.get_running_loop().time() > deadline
            ):
                break
            await asyncio.sleep(0.01)
        assert all(row.status is OutboxStatus.PENDING for row in waiting)
        tried = [row for row in waiting if row.attempts]
        errors = {row.last_error for row in tried}
        assert tried
        assert all(errors), errors  # each try says why it failed
        assert any("SMTPConnectError" in str(error) for error in errors), errors
        assert all(row.attempts < settings.mail.max_attempts for row in waiting)  # paused, not burnt
    finally:
        await mailbox.start()
    ids = {row.message_id for row in rows}
    await mailbox.wait_for(5, where=lambda r: r.message_id in ids)
    await mailbox.settle(0.5)
    arrived = Counter(r.message_id for r in mailbox.received if r.message_id in ids)
    assert arrived == dict.fromkeys(ids, 1)  # none lost, none doubled
    for row in rows:
        assert (await row_of(row)).status is OutboxStatus.SENT


async def test_a_4xx_is_tried_again_and_then_goes_out(settings: Settings, mailbox: SMTPTestServer) -> None:
    to = address()
    mailbox.fail_next(451, "4.3.0 Mailbox busy, try again later", stage="RCPT", to=to)
    mailbox.fail_next(452, "4.3.1 Insufficient system storage", stage="DATA", to=to)
    (row,) = await committed(settings, to=to)
    (received,) = await mailbox.wait_for(to=to)
    assert received.message_id == row.message_id
    sent = await eventually_status(row, OutboxStatus.SENT)
    assert (sent.attempts, sent.last_error) == (3, None)
    await mailbox.settle()
    assert len(mailbox.for_address(to)) == 1


async def test_a_5xx_makes_a_dead_letter_that_readyz_and_the_dashboard_show(
    runtime: Runtime, settings: Settings, mailbox: SMTPTestServer, http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    to = address("nobody")
    mailbox.refuse(to, 550, "5.1.1 <nobody>: Recipient address rejected")
    (row,) = await committed(settings, to=to)
    dead = await eventually_status(row, OutboxStatus.DEAD)
    assert dead.attempts == 1  # given up at once: sending again would be refused again
    assert dead.last_error is not None
    assert dead.last_error.startswith("550 5.1.1")
    assert dead.dead_at is not None
    assert mailbox.for_address(to) == []

    body = (await http.get("/readyz")).json()
    section = body["mail_outbox"]
    assert (section["dead"], section["dead_last_hour"]) == (1, 1)
    assert section["last_dead_letter"]["id"] == str(row.id)
    assert section["last_dead_letter"]["error"] == "550 5.1.1"  # the code, none of the text (it names the address)
    assert to not in str(body)
    assert body["status"] == "degraded"  # reported, still 200: nothing to restart
    assert any(i.startswith("mail_outbox: 1 message(s) dead-lettered") for i in body["incidents"])

    admin = await make_user(runtime, Role.ADMIN)
    figures = (await gql(DASHBOARD_MAIL, token=admin.access_token)).ok()["adminDashboard"]["mail"]
    assert figures == {"pending": 0, "sending": 0, "dead": 1, "deadLastHour": 1, "oldestPendingSeconds": None}


async def test_after_max_attempts_a_message_is_a_dead_letter(
    runtime: Runtime, settings: Settings, mailbox: SMTPTestServer, outbox_paused: None
) -> None:
    to = address()
    mailbox.fail_next(421, "4.7.0 Try again later", stage="MAIL", times=10)
    (row,) = await committed(settings, to=to)
    worker = OutboxWorker(runtime, "impatient", mail_settings_for(mailbox, max_attempts=2, retry_base_seconds=0.01,
                                                                  retry_cap_seconds=0.01))  # fmt: skip
    first = await worker.run_once()
    assert (first.claimed, first.retried) == (1, 1)
    await asyncio.sleep(0.05)
    second = await worker.run_once()
    assert (second.claimed, second.dead) == (1, 1)
    dead = await row_of(row)
    assert (dead.status, dead.attempts) == (OutboxStatus.DEAD, 2)
    assert dead.last_error == "421 4.7.0 Try again later (gave up after 2 tries)"
    await worker.sender.close()


async def test_a_process_killed_between_sending_and_marking_sent_leaves_it_to_be_sent_again(
    runtime: Runtime, settings: Settings, mailbox: SMTPTestServer, outbox_paused: None
) -> None:
    """At-least-once: the second copy carries the first's Message-ID, so it is recognisable."""
    to = address()
    (row,) = await committed(settings, to=to)
    assert settings.database_url is not None
    env = command_env(DATABASE_URL=settings.database_url, SMTP_URL=mailbox.url, EDUSPHERE_ENV="test",
                      MAIL_FROM=settings.mail_from, MAIL_LEASE_SECONDS="1", SMTP_TIMEOUT_SECONDS="0.5",
                      PYTHONPATH=str(ROOT))  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.mail.dying_worker", env=env, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == KILLED, output.decode()
    (first,) = await mailbox.wait_for(to=to)
    orphan = await row_of(row)
    assert (orphan.status, orphan.attempts, orphan.claimed_by) == (OutboxStatus.SENDING, 1, "dying-worker")

    worker = OutboxWorker(runtime, "survivor", mail_settings_for(mailbox))
    assert (await worker.run_once()).claimed == 0  # its lease still runs: nobody takes it yet
    await asyncio.sleep(1.1)
    assert (await worker.run_once()).sent == 1
    await worker.sender.close()
    second = mailbox.for_address(to)[1]
    assert first.message_id == second.message_id == row.message_id
    resent = await row_of(row)
    assert (resent.status, resent.attempts, resent.claimed_by) == (OutboxStatus.SENT, 2, "survivor")


async def test_two_workers_draining_together_never_send_a_message_twice(
    runtime: Runtime, settings: Settings, mailbox: SMTPTestServer, outbox_paused: None
) -> None:
    rows = await committed(settings, 200)
    ids = {row.message_id for row in rows}
    config = mail_settings_for(mailbox, batch_size=5)
    workers = [OutboxWorker(runtime, f"drainer-{n}", config) for n in range(2)]
    for worker in workers:
        await worker.start()
    try:
        await mailbox.wait_for(200, where=lambda r: r.message_id in ids, within=30)
        await mailbox.settle(0.5)
    finally:
        for worker in workers:
            await worker.stop()
    arrived = Counter(r.message_id for r in mailbox.received if r.message_id in ids)
    assert len(arrived) == 200
    assert set(arrived.values()) == {1}
    by_worker = Counter(m.claimed_by for m in await OutboxMessage.filter(id__in=[r.id for r in rows]))
    assert set(by_worker) == {"drainer-0", "drainer-1"}  # both took part
    assert await OutboxMessage.filter(id__in=[r.id for r in rows], status=OutboxStatus.SENT).count() == 200


async def test_a_stopping_worker_gives_its_batch_back_uncounted(
    runtime: Runtime, settings: Settings, mailbox: SMTPTestServer, outbox_paused: None
) -> None:
    rows = await committed(settings, 3)
    worker = OutboxWorker(runtime, "stopping", mail_settings_for(mailbox))
    worker._stopping.set()
    result = await worker.run_once()
    assert (result.claimed, result.released, result.sent) == (3, 3, 0)
    for row in rows:
        back = await row_of(row)
        assert (back.status, back.attempts) == (OutboxStatus.PENDING, 0)


async def test_a_row_that_cannot_be_built_dies_alone(
    runtime: Runtime, settings: Settings, mailbox: SMTPTestServer, outbox_paused: None
) -> None:
    """A stored row no message can be made of (written by hand, or by an older version) is a
    dead letter at once, and the rest of its batch goes out."""
    bad, good = await committed(settings, 2)
    await OutboxMessage.filter(id=bad.id).update(headers={"Subject": "twice"})
    worker = OutboxWorker(runtime, "careful", mail_settings_for(mailbox))
    result = await worker.run_once()
    await worker.sender.close()
    assert (result.sent, result.dead) == (1, 1)
    dead = await row_of(bad)
    assert dead.status is OutboxStatus.DEAD
    assert (dead.last_error or "").startswith("Unbuildable: ValueError")
    (received,) = await mailbox.wait_for(to=good.to_address)
    assert received.message_id == good.message_id


def test_readyz_shows_a_failure_s_code_or_class_and_nothing_it_said() -> None:
    from edusphere.mail.outbox import public_reason

    assert public_reason("550 5.1.1 <ada.lovelace>: Recipient address rejected") == "550 5.1.1"
    assert public_reason("421 Try later, ada@example.com") == "421"
    assert public_reason("SMTPConnectError: Error connecting to smtp.internal:587") == "SMTPConnectError"
    assert public_reason("LeaseExpired: no outcome after 8 attempts") == "LeaseExpired"
    assert public_reason("<ada@example.com> refused") == "error"


async def test_a_message_whose_senders_keep_dying_becomes_a_dead_letter(
    runtime: Runtime, settings: Settings, mailbox: SMTPTestServer, outbox_paused: None
) -> None:
    """A message that kills every process sending it (claimed MAIL_MAX_ATTEMPTS times, never
    finished) stops being sent once its last lease ends."""
    (row,) = await committed(settings)
    await OutboxMessage.filter(id=row.id).update(status=OutboxStatus.SENDING, attempts=settings.mail.max_attempts)
    worker = OutboxWorker(runtime, "next", mail_settings_for(mailbox))
    assert (await worker.run_once()).dead == 1
    dead = await row_of(row)
    assert dead.status is OutboxStatus.DEAD
    assert dead.last_error == f"LeaseExpired: no outcome after {settings.mail.max_attempts} attempts"
    assert mailbox.for_address(row.to_address) == []
