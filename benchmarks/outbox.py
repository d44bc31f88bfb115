"""Outbox throughput: messages per second delivered into a local SMTP server by outbox workers
in one and in two processes draining the same outbox, none doubled, beside the floor measured
in the same run: raw aiosmtplib sends over one connection to the same server (what one SMTP
client can push through that server without an outbox).

The SMTP server (aiosmtpd, counting each Message-ID) runs in this process; the floor's client
and every draining worker run in processes of their own, each worker as a server process runs
it (MAIL_CONNECTIONS connections, default 4). Rates are from the server's first to its last arrival (process
start-up is not counted). DATABASE_URL from the environment, or embedded PostgreSQL.

    PYTHONPATH=. python -m benchmarks.outbox [--messages 5000] [--batch 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from collections import Counter
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from benchmarks.harness import connected_database, data_directory, use_uvloop
from edusphere.core.settings import MailSettings, Settings
from tests.processes import free_port

ROOT = Path(__file__).resolve().parent.parent
SENDER = "EduSphere <no-reply@bench.test>"


@dataclass
class Sink:
    """aiosmtpd's handler: the Message-ID of every message accepted, and when."""

    ids: Counter[str] = field(default_factory=Counter)
    times: list[float] = field(default_factory=list)
    expected: int = 0
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        head = bytes(envelope.original_content).split(b"\r\n\r\n", 1)[0]
        for line in head.split(b"\r\n"):
            if line[:11].lower() == b"message-id:":
                self.ids[line[11:].strip().decode()] += 1
                break
        self.times.append(time.perf_counter())
        if len(self.times) >= self.expected:
            self.arrived.set()
        return "250 OK"

    def expect(self, count: int) -> None:
        self.ids.clear()
        self.times.clear()
        self.expected = count
        self.arrived.clear()

    async def wait(self) -> None:
        async with asyncio.timeout(600):
            await self.arrived.wait()

    def rate(self) -> float:
        if len(self.times) < 2:
            return float("nan")
        return (len(self.times) - 1) / (self.times[-1] - self.times[0])


async def start_sink(sink: Sink, port: int) -> asyncio.Server:
    from aiosmtpd.smtp import SMTP

    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: SMTP(sink, hostname="bench.test"), "127.0.0.1", port)


def child(mode: str, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "benchmarks.outbox", f"--{mode}", *args]
    return subprocess.Popen(command, env={**env, "PYTHONPATH": str(ROOT)}, cwd=ROOT, text=True)


async def enqueue(settings: Settings, count: int) -> float:
    from edusphere.mail import MailKind, Recipient, compose, enqueue_many

    def message(n: int) -> Any:
        return compose(settings, MailKind.TEST, Recipient(f"learner-{n}@bench.test", f"Learner {n}"), note=f"#{n}")

    started = time.perf_counter()
    for first in range(0, count, 500):
        async with in_transaction():
            await enqueue_many([message(n) for n in range(first, min(count, first + 500))])
    return count / (time.perf_counter() - started)


async def drain(sink: Sink, count: int, processes: int, env: dict[str, str]) -> tuple[float, dict[str, int]]:
    sink.expect(count)
    children = [child("drain", f"drainer-{n}", env=env) for n in range(processes)]
    try:
        await sink.wait()
        await asyncio.sleep(1.0)  # anything doubled would arrive meanwhile
    finally:
        for process in children:
            process.terminate()
        for process in children:
            await asyncio.to_thread(process.wait, 60)
    rows = await connections.get("default").execute_query_dict(
        "SELECT claimed_by, count(*) AS n FROM mail_outbox WHERE status = 'SENT' GROUP BY claimed_by"
    )
    return sink.rate(), {row["claimed_by"]: int(row["n"]) for row in rows}


async def run(args: argparse.Namespace) -> None:
    sink = Sink()
    port = free_port()
    server = await start_sink(sink, port)
    with data_directory() as data_dir:
        async with AsyncExitStack() as stack:
            database_url, _ = await connected_database(stack, data_dir)
            await connections.get("default").execute_script("TRUNCATE mail_outbox")
            mail = MailSettings(smtp_url=f"smtp://127.0.0.1:{port}", sender=SENDER, batch_size=args.batch,
                                poll_seconds=0.2)  # fmt: skip
            settings = Settings(database_url=database_url, mail=mail)
            env = {**os.environ, "DATABASE_URL": database_url, "SMTP_URL": mail.smtp_url or "", "MAIL_FROM": SENDER,
                   "MAIL_BATCH_SIZE": str(args.batch), "MAIL_POLL_SECONDS": "0.2", "EDUSPHERE_ENV": "test",
                   "MAIL_CONNECTIONS": str(args.connections)}  # fmt: skip

            sink.expect(args.messages)
            floor_child = child("floor", str(args.messages), env=env)
            await sink.wait()
            await asyncio.to_thread(floor_child.wait, 60)  # its QUIT is answered by this loop
            floor = sink.rate()

            results = []
            for processes in (1, 2):
                await connections.get("default").execute_script("TRUNCATE mail_outbox")
                enqueued = await enqueue(settings, args.messages)
                rate, by_worker = await drain(sink, args.messages, processes, env)
                doubled = sum(n - 1 for n in sink.ids.values() if n > 1)
                lost = args.messages - len(sink.ids)
                results.append((processes, enqueued, rate, doubled, lost, by_worker))
    server.close()

    cpus = os.cpu_count()
    print(f"{args.messages} messages (multipart, ~2 KB) into aiosmtpd on this machine ({cpus} CPUs), "
          f"batch {args.batch}, {args.connections} SMTP connection(s) per draining process")  # fmt: skip
    print(f"{'raw aiosmtplib, one connection (floor)':<44} {floor:>8.0f} msg/s")
    for processes, enqueued, rate, doubled, lost, by_worker in results:
        shares = ", ".join(f"{name} {n}" for name, n in sorted(by_worker.items()))
        name = f"outbox, {processes} draining process(es)"
        print(f"{name:<44} {rate:>8.0f} msg/s   doubled {doubled}   lost {lost}   ({100 * rate / floor:.0f}% of the "
              f"floor; sent by {shares}; enqueued at {enqueued:.0f} msg/s)")  # fmt: skip


def floor_main(count: int) -> None:
    """Raw aiosmtplib: `count` messages built beforehand, sent back to back over one connection."""
    import aiosmtplib

    from edusphere.mail.message import Recipient, build_parts

    async def send() -> None:
        port = int(os.environ["SMTP_URL"].rsplit(":", 1)[1])

        def message(n: int) -> Any:
            return build_parts(sender=SENDER, to=Recipient(f"floor-{n}@bench.test", f"Floor {n}"), subject="Floor",
                               text="x" * 600, html="<p>" + "x" * 1200 + "</p>", headers={},
                               message_id=f"<floor-{n}@bench.test>", date=datetime.now(UTC))  # fmt: skip

        messages = [message(n) for n in range(count)]
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, local_hostname="bench", start_tls=False)
        await client.connect()
        for message in messages:
            await client.send_message(message)
        await client.quit()

    use_uvloop()
    asyncio.run(send())


def drain_main(name: str) -> None:
    """One process's outbox worker, until the parent stops it."""
    import signal

    from edusphere.core import database
    from edusphere.core.redis import create_redis
    from edusphere.core.runtime import Runtime
    from edusphere.mail.worker import OutboxWorker

    async def work() -> None:
        settings = Settings.from_env()
        assert settings.database_url is not None
        await database.connect(settings.database_url)
        worker = OutboxWorker(Runtime(settings=settings, redis=create_redis("redis://127.0.0.1:1")), name)
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        await worker.start()
        await stop.wait()
        await worker.stop()
        await database.disconnect()

    use_uvloop()
    asyncio.run(work())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=5_000)
    parser.add_argument("--batch", type=int, default=MailSettings.batch_size)
    parser.add_argument("--connections", type=int, default=MailSettings.connections)
    parser.add_argument("--floor", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--drain", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor is not None:
        floor_main(args.floor)
    elif args.drain is not None:
        drain_main(args.drain)
    else:
        asyncio.run(run(args))


if __name__ == "__main__":
    main()
