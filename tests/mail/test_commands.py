"""`edusphere mail status|dead|retry|test`, run as real processes against the session's database."""

from __future__ import annotations

import json

from edusphere.core.settings import Settings
from edusphere.mail import OutboxMessage, OutboxStatus
from tests.mail.factories import address, committed
from tests.mail.smtp import SMTPTestServer
from tests.mail.test_worker import eventually_status
from tests.processes import command_env, run_edusphere


def env(settings: Settings) -> dict[str, str]:
    assert settings.database_url is not None
    return command_env(DATABASE_URL=settings.database_url, MAIL_FROM=settings.mail_from)


async def test_an_operator_lists_a_dead_letter_and_sends_it_again(settings: Settings, mailbox: SMTPTestServer) -> None:
    to = address()
    mailbox.refuse(to, 550, "5.1.1 Mailbox unavailable")
    (row,) = await committed(settings, to=to)
    await eventually_status(row, OutboxStatus.DEAD)

    status = run_edusphere("mail", "status", env=env(settings))
    assert status.returncode == 1  # an incident: a dead letter in the last hour
    figures = json.loads(status.stdout)
    assert (figures["dead"], figures["dead_last_hour"]) == (1, 1)
    assert figures["last_dead"]["id"] == str(row.id)
    dead = run_edusphere("mail", "dead", env=env(settings))
    assert dead.returncode == 0, dead.stderr
    assert str(row.id) in dead.stdout
    assert to in dead.stdout
    assert "550 5.1.1 Mailbox unavailable" in dead.stdout

    mailbox.refused.clear()  # the cause is fixed
    retried = run_edusphere("mail", "retry", str(row.id), env=env(settings))
    assert retried.returncode == 0, retried.stderr
    (received,) = await mailbox.wait_for(to=to)
    assert received.message_id == row.message_id  # the same message, not a new one
    sent = await eventually_status(row, OutboxStatus.SENT)
    assert sent.attempts == 1
    again = run_edusphere("mail", "retry", str(row.id), env=env(settings))
    assert again.returncode == 1
    assert "not found" in again.stderr


async def test_mail_test_queues_a_message_a_server_sends(settings: Settings, mailbox: SMTPTestServer) -> None:
    to = address("operator")
    queued = run_edusphere("mail", "test", to, env=env(settings))
    assert queued.returncode == 0, queued.stderr
    (received,) = await mailbox.wait_for(to=to)
    assert received.subject == "EduSphere can send email"
    assert "Sent by the edusphere mail test command." in received.text
    (row,) = await OutboxMessage.filter(to_address=to)
    await eventually_status(row, OutboxStatus.SENT)
    refused = run_edusphere("mail", "test", "not-an-address", env=env(settings))
    assert refused.returncode == 1
    assert "not an email address" in refused.stderr
