"""The outbox: mail commits with the change that causes it, and goes out through real SMTP."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from tortoise.transactions import in_transaction

from edusphere.core.runtime import Runtime
from edusphere.core.settings import Settings
from edusphere.mail import NotInTransaction, OutboxMessage, OutboxStatus, enqueue, enqueue_many
from edusphere.mail.worker import OutboxWorker
from tests.mail.factories import address, committed, sample
from tests.mail.smtp import SMTPTestServer
from tests.mail.smtp_fixtures import mail_settings_for


async def test_enqueue_refuses_to_run_outside_a_transaction(settings: Settings, mailbox: SMTPTestServer) -> None:
    to = address()
    with pytest.raises(NotInTransaction):
        await enqueue(sample(settings, to))
    with pytest.raises(NotInTransaction):
        await enqueue_many([sample(settings, to)])
    assert await OutboxMessage.filter(to_address=to).count() == 0


async def test_a_committed_message_arrives_with_its_headers_and_both_parts(
    settings: Settings, mailbox: SMTPTestServer
) -> None:
    to = address()
    async with in_transaction():
        row = await enqueue(sample(settings, to, name="Åda Lövelace", note="A <b>bold</b> claim & more"))
    (received,) = await mailbox.wait_for(to=to)
    message = received.message
    assert received.envelope_from == "no-reply@edusphere.test"
    assert received.envelope_to == [to]
    assert message["Message-ID"] == row.message_id
    assert row.message_id.startswith("<")
    assert row.message_id.endswith("@edusphere.test>")
    # A non-ASCII display name travels encoded (RFC 2047) and reads back whole.
    assert b"=?utf-8?" in received.raw.split(b"\r\n\r\n", 1)[0]
    assert message["To"].addresses[0].display_name == "Åda Lövelace"
    assert str(message["From"]) == "EduSphere <no-reply@edusphere.test>"
    assert message["Subject"] == "EduSphere can send email"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Date"].datetime is not None
    assert message.get_content_type() == "multipart/alternative"
    assert "Hello Åda Lövelace," in received.text
    assert "A <b>bold</b> claim & more" in received.text  # plain text is not escaped
    assert "A &lt;b&gt;bold&lt;/b&gt; claim &amp; more" in received.html  # HTML is
    assert f"{settings.public_base_url}/courses?ref=mail-test" in received.text
    assert f"{settings.public_base_url}/courses?ref=mail-test" in received.links
    await mailbox.settle()
    assert len(mailbox.for_address(to)) == 1
    sent = await OutboxMessage.get(id=row.id)
    assert (sent.status, sent.attempts, sent.sent_at is not None) == (OutboxStatus.SENT, 1, True)


async def test_a_rolled_back_change_sends_nothing(settings: Settings, mailbox: SMTPTestServer) -> None:
    to = address()

    class Failed(Exception):
        pass

    async def change_that_fails() -> None:
        async with in_transaction():
            await enqueue(sample(settings, to))
            raise Failed

    with pytest.raises(Failed):
        await change_that_fails()
    await mailbox.settle(2 * settings.mail.poll_seconds)
    assert mailbox.for_address(to) == []
    assert await OutboxMessage.filter(to_address=to).count() == 0


async def test_nothing_goes_out_before_the_transaction_commits(settings: Settings, mailbox: SMTPTestServer) -> None:
    to = address()
    async with in_transaction():
        await enqueue(sample(settings, to))
        await asyncio.sleep(2 * settings.mail.poll_seconds)  # the worker polls meanwhile
        assert mailbox.for_address(to) == []
    await mailbox.wait_for(to=to)


async def test_a_commit_wakes_an_idle_worker_at_once(
    runtime: Runtime, settings: Settings, mailbox: SMTPTestServer, outbox_paused: None
) -> None:
    """PostgreSQL's NOTIFY, sent on commit, wakes a worker that would otherwise poll in 30 s."""
    worker = OutboxWorker(runtime, "idle", mail_settings_for(mailbox, poll_seconds=30.0, lease_seconds=60.0))
    await worker.start()
    try:
        await asyncio.sleep(0.3)  # asleep in its wait now
        to = address()
        started = time.monotonic()
        await committed(settings, to=to)
        await mailbox.wait_for(to=to, within=5)
        assert time.monotonic() - started < 2.0
    finally:
        await worker.stop()


async def test_many_messages_are_one_insert_and_all_arrive(settings: Settings, mailbox: SMTPTestServer) -> None:
    rows = await committed(settings, 25)
    found = await mailbox.wait_for(25, where=lambda r: r.message_id in {row.message_id for row in rows})
    assert {r.message_id for r in found} == {row.message_id for row in rows}


async def test_mail_that_is_not_going_out_is_an_incident(
    settings: Settings, http: httpx.AsyncClient, outbox_paused: None
) -> None:
    """The dead letters are figures; mail waiting for a quarter of an hour means the SMTP
    server is unreachable (or no worker runs), which an operator must see."""
    (row,) = await committed(settings)
    assert (await http.get("/readyz")).json()["mail_outbox"]["incidents"] == []
    await OutboxMessage.filter(id=row.id).update(next_attempt_at=datetime.now(UTC) - timedelta(minutes=20))
    body = (await http.get("/readyz")).json()
    assert body["status"] == "degraded"
    assert body["mail_outbox"]["pending"] == 1
    assert body["mail_outbox"]["oldest_pending_seconds"] >= 20 * 60
    assert body["incidents"] == [
        "mail_outbox: mail is not going out: the oldest message has waited 20 min (is the SMTP server reachable? "
        "see the log)"
    ]
