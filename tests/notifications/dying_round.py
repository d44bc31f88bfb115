"""A notifications round in a process that dies inside a transaction, as a server process
killed at the worst moment would (`python -m tests.notifications.dying_round STAGE NOW`).

- `mentions`: dies while queuing mentions, after it has claimed them (rows locked) and read
  Redis's read markers, before it has written or committed anything;
- `digest`: dies after the digest batch has enqueued its mails (rows of `mail_outbox`, in the
  transaction), before the deliveries are deleted and the transaction commits.

Reads DATABASE_URL, REDIS_URL, EDUSPHERE_REDIS_PREFIX, SECRET_KEY, SMTP_URL and MAIL_FROM from
the environment; `os._exit`s (no cleanup, no rollback sent: PostgreSQL sees the connection
drop) with KILLED.
"""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import datetime
from typing import Any

from edusphere.core import database
from edusphere.core.redis import create_redis
from edusphere.core.runtime import Runtime
from edusphere.core.settings import Settings
from edusphere.mail import OutboxMessage, OutgoingMail
from edusphere.notifications import digest

KILLED = 9


async def main(stage: str, now: datetime) -> None:
    settings = Settings.from_env()
    assert settings.database_url is not None
    assert settings.redis_url is not None
    await database.connect(settings.database_url)
    runtime = Runtime(settings=settings, redis=create_redis(settings.redis_url))
    if stage == "mentions":
        unseen = digest._unseen

        async def dies_after_reading_markers(rt: Runtime, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
            await unseen(rt, rows)
            os._exit(KILLED)

        digest._unseen = dies_after_reading_markers  # type: ignore[assignment]
    else:
        enqueue_many = digest.enqueue_many

        async def dies_after_enqueuing(messages: list[OutgoingMail]) -> list[OutboxMessage]:
            await enqueue_many(messages)
            os._exit(KILLED)

        digest.enqueue_many = dies_after_enqueuing  # type: ignore[assignment]
    result = await digest.run_once(runtime, now=now)
    print(f"the round did not die: {result}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], datetime.fromisoformat(sys.argv[2])))
