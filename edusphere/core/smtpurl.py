"""`SMTP_URL`: which SMTP server sends EduSphere's mail, and how to talk to it.

    smtp://host[:port]               no authentication; STARTTLS if the server offers it
    smtp://user:pass@host[:port]     STARTTLS required (credentials never cross in the clear), then AUTH
    smtps://[user:pass@]host[:port]  implicit TLS from the first byte (port 465), then AUTH if given

The port defaults to 25 for smtp:// (give 587 for a submission server) and 465 for smtps://.
User and password are percent-decoded (`%40` for an `@` in a user name). One query option:
`?verify=false` accepts any certificate (a self-signed test server); production refuses it.

Parsed here, in the core, so that `Settings` refuses a malformed URL at start-up; the mail
domain's sender is the one that connects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from edusphere.core.configuration import ConfigurationError

SCHEMES = {"smtp": 25, "smtps": 465}


@dataclass(frozen=True)
class SMTPServer:
    host: str
    port: int
    implicit_tls: bool
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    verify_certificates: bool = True

    @property
    def starttls_required(self) -> bool:
        """Credentials are only ever sent over TLS: on smtp:// with a user, STARTTLS must work."""
        return not self.implicit_tls and self.username is not None

    def redacted(self) -> str:
        """The URL without its password, for logs and error messages."""
        scheme = "smtps" if self.implicit_tls else "smtp"
        user = f"{self.username}:***@" if self.username is not None else ""
        return f"{scheme}://{user}{self.host}:{self.port}"


def parse_smtp_url(url: str) -> SMTPServer:
    """The server `url` names; ConfigurationError saying what is wrong otherwise (never echoing
    a password)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ConfigurationError("SMTP_URL is not a valid URL (expected smtp://[user:pass@]host[:port]).") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise ConfigurationError(f"SMTP_URL must start with smtp:// or smtps://; got {scheme or 'no'} scheme.")
    if not parts.hostname:
        raise ConfigurationError("SMTP_URL has no host (expected smtp://[user:pass@]host[:port]).")
    if parts.path not in ("", "/") or parts.fragment:
        raise ConfigurationError("SMTP_URL takes no path or fragment: smtp://[user:pass@]host[:port][?verify=false].")
    options = parse_qs(parts.query, keep_blank_values=True)
    unknown = sorted(set(options) - {"verify"})
    if unknown:
        raise ConfigurationError(f"SMTP_URL has unknown option(s) {', '.join(unknown)}; the only one is verify=false.")
    verify = options.get("verify", ["true"])[-1].lower()
    if verify not in ("true", "false"):
        raise ConfigurationError("SMTP_URL's verify option is true or false.")
    username = unquote(parts.username) if parts.username is not None else None
    password = unquote(parts.password) if parts.password is not None else None
    if password is not None and not username:
        raise ConfigurationError("SMTP_URL gives a password without a user name.")
    return SMTPServer(
        host=parts.hostname,
        port=port or SCHEMES[scheme],
        implicit_tls=scheme == "smtps",
        username=username or None,
        password=password if username else None,
        verify_certificates=verify == "true",
    )
