"""A real SMTP server for the tests: aiosmtpd in the test's event loop, on a free loopback port.

    server = SMTPTestServer()                        # plain; or tls="starttls" | "implicit",
    await server.start()                             #   users={"name": "password"} (AUTH required)
    ... send to server.url ...
    (message,) = await server.wait_for(to="ada@example.com")
    message.subject, message.text, message.html, message.links, message.message["Message-ID"]

Faults, as a real server shows them:

- `await server.stop()` / `await server.start()`: down for a while (connections refused, and
  the connections open now cut), then back on the same port;
- `server.fail_next(451, "4.3.0 Try again later", stage="DATA", times=2)`: the next replies at
  MAIL, RCPT or DATA are that answer instead of 250 (optionally only for `to=` one address);
- `server.refuse(address, 550, "5.1.1 No such user")`: that recipient is refused, always.

Everything accepted is in `received` (a `Received` per message, in arrival order); `reset()`
empties it and forgets scripted faults. The session-wide one (`smtp_server`, in
`tests/mail/smtp_fixtures.py`) is where the session's EduSphere sends; tests should look for
their own recipients (`wait_for(to=...)`), since a message of an earlier test may still arrive.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import ssl
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from functools import cache, cached_property
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

from tests.processes import free_port

Stage = Literal["MAIL", "RCPT", "DATA"]


@dataclass
class Received:
    envelope_from: str
    envelope_to: list[str]
    raw: bytes
    peer: str = ""
    authenticated_as: str | None = None
    tls: bool = False

    @cached_property
    def message(self) -> EmailMessage:
        """Parsed when first asked for (parsing costs more than receiving)."""
        parsed = BytesParser(policy=policy.default).parsebytes(self.raw)
        assert isinstance(parsed, EmailMessage)
        return parsed

    @cached_property
    def message_id(self) -> str:
        """Read from the raw headers without parsing the message (fast enough to count thousands)."""
        head = self.raw.split(b"\r\n\r\n", 1)[0].replace(b"\r\n ", b" ").replace(b"\r\n\t", b" ")
        for line in head.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"message-id":
                return value.strip().decode()
        return ""

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def to(self) -> list[str]:
        return [address.addr_spec for address in self.message["To"].addresses]

    def _part(self, subtype: str) -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        assert part is not None, f"no text/{subtype} part"
        assert part.get_content_subtype() == subtype, f"no text/{subtype} part"
        content = part.get_content()
        assert isinstance(content, str)
        return content

    @property
    def text(self) -> str:
        return self._part("plain")

    @property
    def html(self) -> str:
        return self._part("html")

    @property
    def links(self) -> list[str]:
        """Every `<a href>` of the HTML part, in order (entities decoded)."""
        collector = _Links()
        collector.feed(self.html)
        return collector.hrefs


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


@dataclass
class _Fault:
    stage: Stage
    reply: str
    times: int
    to: str | None = None


class _Handler:
    def __init__(self, server: SMTPTestServer) -> None:
        self.server = server

    async def handle_MAIL(self, server: SMTP, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        fault = self.server._fault("MAIL", None)
        if fault:
            return fault
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server: SMTP, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        refused = self.server.refused.get(address.lower())
        if refused:
            return refused
        fault = self.server._fault("RCPT", address)
        if fault:
            return fault
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Any, envelope: Any) -> str:
        fault = self.server._fault("DATA", envelope.rcpt_tos[0] if envelope.rcpt_tos else None)
        if fault:
            return fault
        login = session.auth_data
        self.server.received.append(
            Received(
                envelope_from=envelope.mail_from,
                envelope_to=list(envelope.rcpt_tos),
                raw=bytes(envelope.original_content or envelope.content),
                peer=str(session.peer),
                authenticated_as=login.decode() if isinstance(login, bytes) else login,
                tls=session.ssl is not None or self.server.tls == "implicit",
            )
        )
        self.server._arrived.set()
        return "250 2.0.0 OK"


class SMTPTestServer:
    def __init__(
        self,
        *,
        tls: Literal["starttls", "implicit"] | None = None,
        users: dict[str, str] | None = None,
        port: int | None = None,
    ) -> None:
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.tls = tls
        self.users = users
        self.received: list[Received] = []
        self.refused: dict[str, str] = {}
        self.connections = 0
        self._faults: list[_Fault] = []
        self._server: asyncio.Server | None = None
        self._protocols: set[SMTP] = set()
        self._arrived = asyncio.Event()

    @property
    def url(self) -> str:
        """SMTP_URL for this server (credentials: the first user; `verify=false` with TLS)."""
        scheme = "smtps" if self.tls == "implicit" else "smtp"
        user = ""
        if self.users:
            name, password = next(iter(self.users.items()))
            user = f"{name}:{password}@"
        query = "?verify=false" if self.tls else ""
        return f"{scheme}://{user}{self.host}:{self.port}{query}"

    @property
    def running(self) -> bool:
        return self._server is not None

    # Life.

    async def start(self) -> None:
        if self._server is not None:
            return
        context = _tls_context() if self.tls else None

        def protocol() -> SMTP:
            self.connections += 1
            with warnings.catch_warnings():
                # Implicit TLS needs auth_require_tls off, which aiosmtpd warns about.
                warnings.simplefilter("ignore", UserWarning)
                smtp = self._protocol(context)
            self._protocols.add(smtp)
            return smtp

        loop = asyncio.get_running_loop()
        implicit = context if self.tls == "implicit" else None
        self._server = await loop.create_server(protocol, self.host, self.port, ssl=implicit, reuse_address=True)

    def _protocol(self, context: ssl.SSLContext | None) -> SMTP:
        return SMTP(
            _Handler(self),
            hostname="smtp.test",
            tls_context=context if self.tls == "starttls" else None,
            require_starttls=self.tls == "starttls",
            authenticator=self._authenticate if self.users else None,
            auth_required=bool(self.users),
            # Implicit TLS is TLS from the first byte, which aiosmtpd does not notice by itself.
            auth_require_tls=self.tls != "implicit",
        )

    async def stop(self) -> None:
        """Down: refuse new connections and cut the open ones."""
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        for smtp in list(self._protocols):
            transport = getattr(smtp, "transport", None)
            if transport is not None:
                transport.abort()
        self._protocols.clear()
        await server.wait_closed()

    def _authenticate(self, server: SMTP, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        known = isinstance(data, LoginPassword) and bool(self.users)
        if known and (self.users or {}).get(data.login.decode()) == data.password.decode():
            return AuthResult(success=True, auth_data=data.login)
        return AuthResult(success=False, handled=False)

    # Faults.

    def fail_next(self, code: int, text: str, *, stage: Stage = "DATA", times: int = 1, to: str | None = None) -> None:
        self._faults.append(_Fault(stage, f"{code} {text}", times, to.lower() if to else None))

    def refuse(self, address: str, code: int = 550, text: str = "5.1.1 No such user here") -> None:
        self.refused[address.lower()] = f"{code} {text}"

    def _fault(self, stage: Stage, address: str | None) -> str | None:
        for fault in self._faults:
            if fault.stage == stage and fault.times > 0 and (fault.to is None or fault.to == (address or "").lower()):
                fault.times -= 1
                return fault.reply
        return None

    def reset(self) -> None:
        self.received.clear()
        self.refused.clear()
        self._faults.clear()

    # Looking.

    def for_address(self, address: str) -> list[Received]:
        return [r for r in self.received if address.lower() in (a.lower() for a in r.envelope_to)]

    async def wait_for(
        self,
        count: int = 1,
        *,
        to: str | None = None,
        within: float = 10.0,
        where: Callable[[Received], bool] | None = None,
    ) -> list[Received]:
        """The first `count` messages (to `to`, matching `where`) once they have arrived; fails
        after `within` seconds. More may arrive later: check for doubles with `settle`."""
        deadline = time.monotonic() + within
        while True:
            found = [r for r in (self.for_address(to) if to else self.received) if where is None or where(r)]
            if len(found) >= count:
                return found[:count]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{len(found)} of {count} message(s) arrived in {within}s (to={to})")
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), min(remaining, 0.05))

    async def settle(self, seconds: float = 0.3) -> None:
        """Wait for anything still on its way (before asserting that nothing more came)."""
        await asyncio.sleep(seconds)


@cache
def _certificate_files() -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 / localhost, made once per test session."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "smtp.test")])
    now = datetime.datetime.now(datetime.UTC)
    import ipaddress

    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=7))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    directory = Path(tempfile.mkdtemp(prefix="edusphere-smtp-tls-"))
    cert, key_file = directory / "cert.pem", directory / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(cert), str(key_file)


def _tls_context() -> ssl.SSLContext:
    cert, key = _certificate_files()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context
