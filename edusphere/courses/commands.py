"""`edusphere seed --demo`: the demo catalog (`make run` offers it on an empty one);
`edusphere seed --scale`: load-test data (100,000 users and 10,000 courses by default)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from edusphere.core import database
from edusphere.core.cli_support import database_url, run_async
from edusphere.core.embedded import ensure_database
from edusphere.core.settings import Settings


def install(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    seed = commands.add_parser("seed", help="load demo data (idempotent) or load-test data (--scale)")
    kind = seed.add_mutually_exclusive_group(required=True)
    kind.add_argument("--demo", action="store_true", help="categories, users, courses, reviews")
    kind.add_argument(
        "--scale",
        action="store_true",
        help="load-test data in bulk: users, courses, enrollments, reviews, orders (made once; another size "
        "needs a fresh database)",
    )
    seed.add_argument("--courses", type=int, help="how many courses (default 500 demo, 10,000 scale)")
    seed.add_argument("--users", type=int, default=100_000, help="--scale: how many accounts (default 100,000)")
    seed.add_argument(
        "--offer", action="store_true", help="only on an empty catalog, and only if a person at a terminal agrees"
    )
    seed.set_defaults(run=run_async(_seed))


async def _seed(args: argparse.Namespace) -> None:
    from edusphere.courses.demo import DEMO_PASSWORD, seed_demo
    from edusphere.courses.models import Course

    settings = Settings.from_env()
    if args.scale:
        await _seed_scale(settings, args.users, 10_000 if args.courses is None else args.courses)
        return
    courses = 500 if args.courses is None else args.courses
    async with database_url(settings) as url:
        await ensure_database(url)
        await database.apply_migrations(url)
        await database.connect(url)
        try:
            if args.offer and not await _accepts_demo(await Course.all().count(), courses):
                return
            report = await seed_demo(settings.password_hashing, courses, progress=_progress_bar)
        finally:
            await database.disconnect()
    print(f"\nDemo data: {report.courses_created} courses added, {report.courses_total} in all.")
    print(
        f"Demo accounts: demo-creator-000@edusphere.example, demo-learner-000@edusphere.example, "
        f"administrator demo-admin-000@edusphere.example (password {DEMO_PASSWORD!r}; a demo "
        f"database only: the password is published)."
    )


async def _seed_scale(settings: Settings, users: int, courses: int) -> None:
    from edusphere.courses.scale import ADMIN_EMAIL, SCALE_PASSWORD, check_plan, seed_scale

    check_plan(users, courses)  # before any server starts
    async with database_url(settings) as url:
        await ensure_database(url)
        await database.apply_migrations(url)
        await database.connect(url)
        try:
            report = await seed_scale(settings.password_hashing, users, courses)
        finally:
            await database.disconnect()
    verb = f"made in {report.seconds:.1f} s" if report.created else "already present; nothing changed"
    print(
        f"Scale data {verb}: {report.users} users, {report.courses} courses, {report.enrollments} enrollments, "
        f"{report.reviews} reviews, {report.orders} orders."
    )
    print(f"Every seeded account's password is {SCALE_PASSWORD!r}; an administrator: {ADMIN_EMAIL}.")


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
