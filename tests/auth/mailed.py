"""What the mailed-link tests share: the mutations, and the token out of a link a real SMTP
server received (`tests.mail.smtp`)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from edusphere.core.runtime import Runtime
from tests.mail.smtp import Received, SMTPTestServer

VERIFY = "mutation($t: String!) { verifyEmail(token: $t) }"
RESEND = "mutation { resendVerification }"
REQUEST_RESET = "mutation($e: String!) { requestPasswordReset(email: $e) }"
RESET = "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }"
REQUEST_CHANGE = "mutation($e: String!, $p: String!) { requestEmailChange(newEmail: $e, password: $p) }"
CONFIRM_CHANGE = "mutation($t: String!) { confirmEmailChange(token: $t) }"
ME_VERIFIED = "{ me { id email emailVerified } }"
NEW_PASSWORD = "a fresh and long passphrase"


def link_token(runtime: Runtime, link: str, path: str) -> str:
    """The token of a link to `path` of the web app under PUBLIC_BASE_URL."""
    base = urlsplit(runtime.settings.public_base_url)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == (base.scheme, base.netloc, path), link
    (token,) = parse_qs(parts.query)["token"]
    return token


def token_in(runtime: Runtime, received: Received, path: str) -> str:
    """The token of the message's link to `path`: the HTML button and the plain-text part
    must both carry the same one."""
    links = [link for link in received.links if urlsplit(link).path == path]
    assert links, f"no link to {path} in {received.links}"
    token = link_token(runtime, links[0], path)
    assert all(link_token(runtime, link, path) == token for link in links)
    assert f"{path}?token={token}" in received.text
    return token


async def mailed_token(runtime: Runtime, mailbox: SMTPTestServer, to: str, path: str, count: int = 1) -> str:
    """The token of the newest of the first `count` messages to `to` with a link to `path`."""
    found = await mailbox.wait_for(count, to=to, where=lambda r: any(urlsplit(u).path == path for u in r.links))
    return token_in(runtime, found[-1], path)
