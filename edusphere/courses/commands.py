"""`edusphere seed --demo`: the demo catalog (`make run` offers it on an empty one)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from edusphere.core import database
from edusphere.core.cli_support import database_url, run_async
from edusphere.core.embedded import ensure_database
from edusphere.core.settings import Settings


def install(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    seed = commands.add_parser("seed", help="load demo data (idempotent)")
    seed.add_argument("--demo", action="store_true", required=True, help="categories, users, courses, reviews")
    seed.add_argument("--courses", type=int, default=500, help="how many demo courses (default 500)")
    seed.add_argument(
        "--offer", action="store_true", help="only on an empty catalog, and only if a person at a terminal agrees"
    )
    seed.set_defaults(run=run_async(_seed))


async def _seed(args: argparse.Namespace) -> None:
    from edusphere.courses.demo import DEMO_PASSWORD, seed_demo
    from edusphere.courses.models import Course

    settings = Settings.from_env()
    async with database_url(settings) as url:
        await ensure_database(url)
        await database.apply_migrations(url)
        await database.connect(url)
        try:
            if args.offer and not await _accepts_demo(await Course.all().count(), args.courses):
                return
            report = await seed_demo(settings.password_hashing, args.courses, progress=_progress_bar)
        finally:
            await database.disconnect()
    print(f"\nDemo data: {report.courses_created} courses added, {report.courses_total} in all.")
    print(
        f"Demo accounts: demo-creator-000@edusphere.example, demo-learner-000@edusphere.example "
        f"(password {DEMO_PASSWORD!r})."
    )


async def _accepts_demo(existing_courses: int, courses: int) -> bool:
    if existing_courses:
        return False
    if not sys.stdin.isatty():
        print("The catalog is empty; `edusphere seed --demo` loads demo data.")
        return False
    question = f"The catalog is empty. Load demo data ({courses} courses)? [Y/n] "
    answer = (await asyncio.to_thread(input, question)).strip().lower()
    return answer in ("", "y", "yes")


def _progress_bar(done: int, total: int) -> None:
    width = 40
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} courses")
    sys.stderr.flush()
