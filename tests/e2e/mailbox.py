"""Mail a browser test's server sent, read back through the development Mailbox's API.

The test servers run `edusphere serve` with EDUSPHERE_ENV=test and no SMTP_URL, so their main
process starts the embedded SMTP catcher and every mail lands in the data directory, where
`devMailbox` (GraphQL, never in production) reads it. An account signed up for a test that
publishes or buys is verified the way a person does it: by the link in its verification mail.

Servers that share a database share its outbox, and whichever claims a message sends it to its
own catcher (the Nginx test's processes run on the browser tests' database, beside `web_app`).
So the helpers look in the server asked first, then in every server of the session that
`SHARED_MAILBOXES` lists (the fixtures add theirs while they run).
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

import httpx

DEV_MAILBOX = "query { devMailbox(first: 100) { id to subject text htmlUrl } }"
VERIFY = "mutation($t: String!) { verifyEmail(token: $t) }"
SHARED_MAILBOXES: list[str] = []
_LINK = re.compile(r"https?://[^\s]+?(/[a-z-]+)\?token=([A-Za-z0-9_-]+)")


def link_in(message: dict[str, Any], path: str) -> str | None:
    """The first link to `path` in a caught message's plain-text part."""
    for match in _LINK.finditer(message.get("text") or ""):
        if match.group(1) == path:
            return match.group(0)
    return None


def sent_to(message: dict[str, Any], email: str) -> bool:
    """Whether a caught message went to `email` (its To lists "Name <address>")."""
    return any(f"<{email.lower()}>" in to.lower() or to.lower() == email.lower() for to in message["to"])


def _pick(messages: list[dict[str, Any]], email: str, path: str) -> str | None:
    for message in messages:  # newest first
        if sent_to(message, email):
            link = link_in(message, path)
            if link is not None:
                return link
    return None


def _body(response: httpx.Response) -> Any:
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def _mailboxes(first: str) -> list[str]:
    return [first, *(url for url in SHARED_MAILBOXES if url != first)]


async def mailed_link(base_url: str, email: str, path: str, within: float = 20.0) -> str:
    """The newest caught link to `path` mailed to `email`, once it has arrived."""
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(timeout=30) as client:
        while True:
            for mailbox in _mailboxes(base_url):
                data = _body(await client.post(f"{mailbox}/graphql", json={"query": DEV_MAILBOX}))
                link = _pick(data["devMailbox"], email, path)
                if link is not None:
                    return link
            assert time.monotonic() < deadline, f"no mail to {email} with a link to {path} in {within}s"
            await asyncio.sleep(0.1)


async def verify_by_mail(base_url: str, email: str) -> None:
    """Follow the account's verification link, through the API."""
    token = (await mailed_link(base_url, email, "/verify-email")).rpartition("token=")[2]
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        assert _body(await client.post("/graphql", json={"query": VERIFY, "variables": {"t": token}})) == {
            "verifyEmail": True
        }


def verify_by_mail_sync(client: httpx.Client, email: str, within: float = 20.0) -> None:
    """`verify_by_mail` for the tests that drive a server with a blocking client."""
    deadline = time.monotonic() + within
    link = None
    while link is None:
        for mailbox in _mailboxes(str(client.base_url).rstrip("/")):
            answer = client.post(f"{mailbox}/graphql", json={"query": DEV_MAILBOX})
            link = _pick(_body(answer)["devMailbox"], email, "/verify-email")
            if link is not None:
                break
        else:
            assert time.monotonic() < deadline, f"no verification mail to {email} in {within}s"
            time.sleep(0.1)
    token = link.rpartition("token=")[2]
    assert _body(client.post("/graphql", json={"query": VERIFY, "variables": {"t": token}})) == {"verifyEmail": True}
