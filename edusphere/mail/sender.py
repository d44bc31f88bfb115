"""Talking SMTP (aiosmtplib) to the server `SMTP_URL` names, and what a failure means.

TLS follows the URL (`edusphere.core.smtpurl`): smtps:// is TLS from the first byte; smtp://
upgrades with STARTTLS when the server offers it, and must upgrade when credentials are given
(aiosmtplib refuses to go on otherwise, so a password never crosses in the clear). Certificates
are verified unless the URL says `verify=false` (refused in production).

One connection per worker, kept open between messages (a burst is one TLS handshake and one
AUTH, not one per message); one that has been idle is checked with NOOP before it is used, since
servers close idle connections and a message must not be half-sent into a dead one.

Failures (`SendFailure`):

- about this message, answered by the server to MAIL FROM, RCPT TO or DATA: 4xx is `transient`
  (try again later), 5xx is `permanent` (the address does not exist, the message is refused:
  sending it again would be refused again);
- about the server (connection refused or cut, a timeout, TLS or AUTH failing, EHLO refused):
  `transient` and `server_down`: the worker pauses all sending, not only this message, and
  keeps the message for later. Even a 5xx to AUTH is: it is the configuration (a wrong
  password) that an operator fixes, and every message would otherwise die of it.

A timeout or a cut after the message's data was sent leaves it unknown whether the server
took it; it is sent again later, with the same Message-ID (at-least-once delivery).
"""

from __future__ import annotations

import logging
import socket
import ssl
import time
from dataclasses import dataclass
from email.message import EmailMessage

import aiosmtplib

from edusphere.core.smtpurl import SMTPServer

log = logging.getLogger(__name__)

IDLE_CHECK_SECONDS = 5.0


@dataclass
class SendFailure(Exception):
    """Why a message did not go out. `reason` starts with the SMTP code when there is one
    ("550 5.1.1 ..."), else with the error's class: what `last_error` keeps."""

    reason: str
    permanent: bool = False
    server_down: bool = False
    code: int | None = None

    def __str__(self) -> str:
        return self.reason


def classify(error: BaseException) -> SendFailure:
    """The meaning of an aiosmtplib (or socket, or TLS) error."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused) and error.recipients:
        error = error.recipients[0]
    if isinstance(error, (aiosmtplib.SMTPSenderRefused, aiosmtplib.SMTPRecipientRefused, aiosmtplib.SMTPDataError)):
        text = f"{error.code} {error.message}"[:500]
        return SendFailure(text, permanent=500 <= error.code < 600, code=error.code)
    if isinstance(error, aiosmtplib.SMTPResponseException) and not isinstance(
        error, (aiosmtplib.SMTPAuthenticationError, aiosmtplib.SMTPHeloError, aiosmtplib.SMTPConnectResponseError)
    ):
        text = f"{error.code} {error.message}"[:500]
        return SendFailure(text, permanent=500 <= error.code < 600, code=error.code)
    code = getattr(error, "code", None)
    detail = getattr(error, "message", None) or str(error) or "no detail"
    prefix = f"{code} " if isinstance(code, int) else ""
    return SendFailure(f"{prefix}{type(error).__name__}: {detail}"[:500], server_down=True,
                       code=code if isinstance(code, int) else None)  # fmt: skip


class SMTPSender:
    """Sends messages over one kept connection; not for concurrent use (one per worker)."""

    def __init__(self, server: SMTPServer, *, timeout: float, local_hostname: str | None = None) -> None:
        self.server = server
        self.timeout = timeout
        # socket.getfqdn() (aiosmtplib's default) may wait for DNS; the host name does for EHLO.
        self.local_hostname = local_hostname or socket.gethostname() or "localhost"
        self._client: aiosmtplib.SMTP | None = None
        self._last_used = 0.0

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not self.server.verify_certificates:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    async def _connect(self) -> aiosmtplib.SMTP:
        server = self.server
        client = aiosmtplib.SMTP(
            hostname=server.host,
            port=server.port,
            username=server.username,
            password=server.password,
            local_hostname=self.local_hostname,
            timeout=self.timeout,
            use_tls=server.implicit_tls,
            # None: upgrade if the server offers STARTTLS; True: it must (credentials follow).
            start_tls=False if server.implicit_tls else (True if server.starttls_required else None),
            validate_certs=server.verify_certificates,
            tls_context=self._tls_context(),
        )
        await client.connect()
        return client

    async def _connection(self) -> aiosmtplib.SMTP:
        client = self._client
        if client is not None and client.is_connected:
            if time.monotonic() - self._last_used < IDLE_CHECK_SECONDS:
                return client
            try:
                await client.noop()
                return client
            except aiosmtplib.SMTPException:
                await self.close()
        self._client = None
        self._client = await self._connect()
        return self._client

    async def send(self, message: EmailMessage, *, sender: str, recipient: str) -> None:
        """Send `message` from envelope `sender` to `recipient`; SendFailure says why not."""
        try:
            client = await self._connection()
            await client.send_message(message, sender=sender, recipients=[recipient])
        except (aiosmtplib.SMTPException, OSError, ssl.SSLError, TimeoutError) as error:
            failure = classify(error)
            if failure.server_down:
                await self.close()  # in an unknown state: the next message starts afresh
            else:
                self._last_used = time.monotonic()  # refused: aiosmtplib has RSET the envelope
            raise failure from error
        self._last_used = time.monotonic()

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        try:
            if client.is_connected:
                await client.quit()
        except (aiosmtplib.SMTPException, OSError, TimeoutError):
            client.close()
