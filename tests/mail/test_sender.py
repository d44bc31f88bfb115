"""SMTP as SMTP_URL says: STARTTLS and AUTH, implicit TLS, no credentials in the clear, and
what each kind of failure means for the message."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiosmtplib
import pytest

from edusphere.core.smtpurl import parse_smtp_url
from edusphere.mail import Recipient
from edusphere.mail.message import build_parts
from edusphere.mail.sender import SendFailure, SMTPSender, classify
from tests.mail.smtp import SMTPTestServer

TO = "ada@example.com"


def message(subject: str = "Hello") -> object:
    return build_parts(sender="EduSphere <no-reply@edusphere.test>", to=Recipient(TO, "Ada"), subject=subject,
                       text="Hi", html="<p>Hi</p>", headers={}, message_id="<m@edusphere.test>",
                       date=datetime.now(UTC))  # fmt: skip


@pytest.fixture
async def servers() -> AsyncIterator[list[SMTPTestServer]]:
    started: list[SMTPTestServer] = []
    yield started
    for server in started:
        await server.stop()


async def serve(servers: list[SMTPTestServer], **options: object) -> SMTPTestServer:
    server = SMTPTestServer(**options)  # type: ignore[arg-type]
    await server.start()
    servers.append(server)
    return server


async def send(url: str, subject: str = "Hello", times: int = 1) -> SMTPSender:
    sender = SMTPSender(parse_smtp_url(url), timeout=3)
    try:
        for _ in range(times):
            await sender.send(message(subject), sender="no-reply@edusphere.test", recipient=TO)  # type: ignore[arg-type]
    finally:
        await sender.close()
    return sender


async def test_starttls_then_auth_and_one_connection_for_several_messages(servers: list[SMTPTestServer]) -> None:
    server = await serve(servers, tls="starttls", users={"mailer": "s3cret:@/"})
    url = f"smtp://mailer:{'s3cret%3A%40%2F'}@127.0.0.1:{server.port}?verify=false"
    await send(url, times=3)
    assert len(server.received) == 3
    assert all(r.tls and r.authenticated_as == "mailer" for r in server.received)
    assert server.connections == 1  # kept open between messages


async def test_implicit_tls_with_auth(servers: list[SMTPTestServer]) -> None:
    server = await serve(servers, tls="implicit", users={"mailer": "pw"})
    await send(server.url)
    (received,) = server.received
    assert received.tls
    assert received.authenticated_as == "mailer"


async def test_an_unverifiable_certificate_is_refused_unless_the_url_says_so(servers: list[SMTPTestServer]) -> None:
    server = await serve(servers, tls="implicit")
    with pytest.raises(SendFailure) as failed:
        await send(f"smtps://127.0.0.1:{server.port}")
    assert failed.value.server_down
    assert "certificate" in failed.value.reason.lower()
    assert server.received == []


async def test_credentials_are_never_sent_without_tls(servers: list[SMTPTestServer]) -> None:
    server = await serve(servers)  # offers no STARTTLS
    with pytest.raises(SendFailure) as failed:
        await send(f"smtp://mailer:pw@127.0.0.1:{server.port}")
    assert failed.value.server_down
    assert not failed.value.permanent
    assert "STARTTLS" in failed.value.reason
    assert server.received == []


async def test_without_credentials_starttls_is_used_when_offered(servers: list[SMTPTestServer]) -> None:
    server = await serve(servers, tls="starttls")
    await send(f"smtp://127.0.0.1:{server.port}?verify=false")
    assert server.received[0].tls


async def test_wrong_credentials_pause_sending_rather_than_kill_the_message(servers: list[SMTPTestServer]) -> None:
    server = await serve(servers, tls="starttls", users={"mailer": "pw"})
    with pytest.raises(SendFailure) as failed:
        await send(f"smtp://mailer:wrong@127.0.0.1:{server.port}?verify=false")
    assert failed.value.server_down
    assert not failed.value.permanent
    assert failed.value.code == 535


async def test_a_refused_message_leaves_the_connection_usable(servers: list[SMTPTestServer]) -> None:
    server = await serve(servers)
    server.fail_next(550, "5.7.1 Message refused", stage="DATA")
    sender = SMTPSender(parse_smtp_url(server.url), timeout=3)
    with pytest.raises(SendFailure) as failed:
        await sender.send(message("one"), sender="no-reply@edusphere.test", recipient=TO)  # type: ignore[arg-type]
    assert failed.value.permanent
    assert failed.value.reason == "550 5.7.1 Message refused"
    await sender.send(message("two"), sender="no-reply@edusphere.test", recipient=TO)  # type: ignore[arg-type]
    await sender.close()
    assert [r.subject for r in server.received] == ["two"]
    assert server.connections == 1


async def test_a_connection_the_server_cut_is_replaced(servers: list[SMTPTestServer]) -> None:
    server = await serve(servers)
    sender = SMTPSender(parse_smtp_url(server.url), timeout=3)
    await sender.send(message("one"), sender="no-reply@edusphere.test", recipient=TO)  # type: ignore[arg-type]
    await server.stop()  # a restart: the kept connection is cut
    with pytest.raises(SendFailure) as failed:
        await sender.send(message("lost"), sender="no-reply@edusphere.test", recipient=TO)  # type: ignore[arg-type]
    assert failed.value.server_down
    await server.start()
    await sender.send(message("two"), sender="no-reply@edusphere.test", recipient=TO)  # type: ignore[arg-type]
    await sender.close()
    assert [r.subject for r in server.received] == ["one", "two"]
    assert server.connections == 2


@pytest.mark.parametrize(
    ("error", "permanent", "server_down"),
    [
        (aiosmtplib.SMTPRecipientsRefused([aiosmtplib.SMTPRecipientRefused(550, "5.1.1 unknown", TO)]), True, False),
        (aiosmtplib.SMTPRecipientsRefused([aiosmtplib.SMTPRecipientRefused(450, "4.2.0 busy", TO)]), False, False),
        (aiosmtplib.SMTPSenderRefused(553, "5.7.1 not yours", "x@y"), True, False),
        (aiosmtplib.SMTPDataError(452, "4.3.1 full"), False, False),
        (aiosmtplib.SMTPDataError(554, "5.6.0 bad"), True, False),
        (aiosmtplib.SMTPResponseException(421, "4.4.2 closing"), False, False),
        (aiosmtplib.SMTPAuthenticationError(535, "5.7.8 bad credentials"), False, True),
        (aiosmtplib.SMTPConnectError("refused"), False, True),
        (aiosmtplib.SMTPServerDisconnected("gone"), False, True),
        (aiosmtplib.SMTPReadTimeoutError("slow"), False, True),
        (ConnectionResetError("reset"), False, True),
    ],
)
def test_failures_are_classified(error: BaseException, permanent: bool, server_down: bool) -> None:
    failure = classify(error)
    assert (failure.permanent, failure.server_down) == (permanent, server_down)
    if isinstance(error, (aiosmtplib.SMTPResponseException, aiosmtplib.SMTPRecipientsRefused)):
        assert failure.reason[:3].isdigit()
