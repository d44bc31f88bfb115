"""Fixtures for a real SMTP server (`tests.mail.smtp.SMTPTestServer`), imported by tests/conftest.py.

- `smtp_server` (session): the one server the session's EduSphere sends to (`settings.mail`'s
  SMTP_URL); its outbox worker runs the whole session, with short retries and polling
  (`TEST_MAIL`), so mail a test causes arrives within milliseconds.
- `mailbox` (per test): `smtp_server`, emptied and without scripted faults, started if a test
  left it stopped. The usual way to assert on mail::

      (received,) = await mailbox.wait_for(to=email)
      assert received.subject == "..."; link = received.links[0]

- `outbox_paused` (per test): the session server's outbox workers stopped for the test and
  started again after it, for tests that drive workers of their own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from sanic import Sanic

from edusphere.core.settings import MailSettings
from edusphere.mail.worker import OutboxWorker
from tests.mail.smtp import SMTPTestServer

__all__ = ["mail_settings_for", "mailbox", "outbox_paused", "smtp_server"]

TEST_MAIL = MailSettings(
    sender="EduSphere <no-reply@edusphere.test>",
    poll_seconds=0.5,
    retry_base_seconds=0.05,
    retry_cap_seconds=0.4,
    timeout_seconds=2.0,
    lease_seconds=5.0,
)


def mail_settings_for(server: SMTPTestServer, **changes: object) -> MailSettings:
    """The tests' mail settings, sending to `server`."""
    return replace(TEST_MAIL, smtp_url=server.url, **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
async def smtp_server() -> AsyncIterator[SMTPTestServer]:
    server = SMTPTestServer()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def mailbox(smtp_server: SMTPTestServer, app: Sanic) -> SMTPTestServer:
    """The session server's mailbox (so the session server, with its outbox worker, runs)."""
    await smtp_server.start()
    smtp_server.reset()
    return smtp_server


def outbox_workers(app: Sanic) -> list[OutboxWorker]:
    return [w for workers in getattr(app.ctx, "domain_workers", []) for w in workers if isinstance(w, OutboxWorker)]


@pytest.fixture
async def outbox_paused(app: Sanic) -> AsyncIterator[None]:
    workers = outbox_workers(app)
    for worker in workers:
        await worker.stop()
    yield
    for worker in workers:
        await worker.start()
