"""A worker process that dies between the SMTP server's "250 OK" and recording SENT, as a
server process killed at the worst moment would (`python -m tests.mail.dying_worker`).

Reads DATABASE_URL, SMTP_URL and the MAIL_* settings from the environment, claims one batch,
sends its first message, and `os._exit`s (no cleanup, no finally blocks, no QUIT) instead of
marking it sent.
"""

from __future__ import annotations

import asyncio
import os

from edusphere.core import database
from edusphere.core.redis import create_redis
from edusphere.core.runtime import Runtime
from edusphere.core.settings import Settings
from edusphere.mail.worker import Claimed, DrainResult, OutboxWorker

KILLED = 9


class DiesAfterSending(OutboxWorker):
    async def mark_sent(self, message: Claimed, result: DrainResult) -> None:
        os._exit(KILLED)


async def main() -> None:
    settings = Settings.from_env()
    assert settings.database_url is not None
    await database.connect(settings.database_url)
    runtime = Runtime(settings=settings, redis=create_redis("redis://127.0.0.1:1"))
    worker = DiesAfterSending(runtime, "dying-worker")
    result = await worker.run_once()
    print(f"claimed {result.claimed} and did not die", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
