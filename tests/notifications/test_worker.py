"""The digest worker on its own clock, its domain wiring, and its `/readyz` section."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from edusphere.core.runtime import Runtime
from edusphere.notifications.domain import DOMAIN
from edusphere.notifications.models import NotificationRecipient
from edusphere.notifications.worker import DigestWorker
from tests.mail.smtp import SMTPTestServer
from tests.notifications.factories import announce, news_course, tuned

pytestmark = pytest.mark.usefixtures("digests_paused")


async def test_the_worker_mails_announcements_by_itself_and_stops_promptly(
    runtime: Runtime, mailbox: SMTPTestServer
) -> None:
    fast = tuned(runtime, interval_seconds=0.05, gather_seconds=0)
    where = await news_course(runtime)
    await announce(runtime, where, "Sent without anyone asking")
    worker = DigestWorker(fast, "test-process")
    await worker.start()
    try:
        (mail,) = await mailbox.wait_for(to=where.learner.user.email)
    finally:
        began = time.monotonic()
        await worker.stop()
        stopped_in = time.monotonic() - began
    assert "Sent without anyone asking" in mail.text
    assert worker.rounds >= 1
    assert stopped_in < 2


def test_the_domain_brings_the_route_and_a_worker_unless_switched_off(runtime: Runtime) -> None:
    (blueprint,) = DOMAIN.blueprints()
    assert {(route.uri, tuple(route.methods)) for route in blueprint._future_routes} == {
        ("/unsubscribe", ("GET",)), ("/unsubscribe", ("POST",))
    }  # fmt: skip
    (factory,) = DOMAIN.workers
    assert isinstance(factory(runtime, "p"), DigestWorker)
    assert factory(tuned(runtime, worker=False), "p") is None


async def test_readyz_shows_digests_waiting_and_an_incident_when_they_stop_going_out(
    runtime: Runtime, http: httpx.AsyncClient
) -> None:
    section = (await http.get("/readyz")).json()["notifications"]
    assert section == {
        "announcements_waiting": 0, "mentions_waiting": 0, "learners_due": 0, "oldest_due_seconds": None,
        "oldest_mention_due_seconds": None, "incidents": [],
    }  # fmt: skip
    where = await news_course(runtime)
    await announce(runtime, where, "Nobody sends this")
    section = (await http.get("/readyz")).json()["notifications"]
    assert section["announcements_waiting"] == 1
    await NotificationRecipient.create(user_id=where.learner.user.id, due_at=datetime.now(UTC) - timedelta(hours=1))
    section = (await http.get("/readyz")).json()["notifications"]
    assert section["learners_due"] == 1
    assert section["incidents"] == ["announcement digests are not going out: one has been due 60 min"]
