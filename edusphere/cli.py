"""The `edusphere` command: serve, migrate, createadmin, seed, makemigrations, and each
domain's own commands (`edusphere chat status`, ...)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from functools import partial

from edusphere.core import database
from edusphere.core.cli_support import database_url, run_async
from edusphere.core.domain import Domain
from edusphere.core.embedded import ensure_database
from edusphere.core.errors import AppError
from edusphere.core.settings import ConfigurationError, Settings
from edusphere.domains import domains


def main(argv: list[str] | None = None) -> None:
    parser = build_parser(domains())
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        sys.exit(2)
    try:
        args.run(args)
    except (ConfigurationError, database.DatabaseNotMigrated) as error:
        print(f"edusphere: {error}", file=sys.stderr)
        sys.exit(2)
    except AppError as error:
        print(f"edusphere: {error.message}", file=sys.stderr)
        sys.exit(1)


def build_parser(with_domains: Sequence[Domain]) -> argparse.ArgumentParser:
    """The core's commands, then each domain's (its installer adds them to the top level)."""
    parser = argparse.ArgumentParser(prog="edusphere", description=__doc__)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the web server (embedded databases if no URLs)")
    serve.add_argument("--host", help="address to listen on (default EDUSPHERE_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default EDUSPHERE_PORT or 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default EDUSPHERE_WORKERS or 1)")
    serve.set_defaults(run=_serve)

    migrate = commands.add_parser("migrate", help="apply database migrations")
    migrate.set_defaults(run=run_async(_migrate))

    admin = commands.add_parser("createadmin", help="create an administrator account")
    admin.add_argument("--email", required=True)
    admin.add_argument("--display-name", default="Administrator")
    admin.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    admin.set_defaults(run=run_async(_createadmin))

    seed = commands.add_parser("seed", help="load demo data (idempotent)")
    seed.add_argument("--demo", action="store_true", required=True, help="categories, users, courses, reviews")
    seed.add_argument("--courses", type=int, default=500, help="how many demo courses (default 500)")
    seed.add_argument(
        "--offer", action="store_true", help="only on an empty catalog, and only if a person at a terminal agrees"
    )
    seed.set_defaults(run=run_async(_seed))

    make = commands.add_parser("makemigrations", help="(developers) write a migration for model changes")
    make.add_argument("--name", help="a short name for the migration")
    make.add_argument("--empty", action="store_true", help="an empty migration to fill by hand")
    make.set_defaults(run=run_async(_makemigrations))

    for domain in with_domains:
        if domain.commands is not None:
            domain.commands(commands)
    return parser


def _serve(args: argparse.Namespace) -> None:
    from sanic import Sanic
    from sanic.worker.loader import AppLoader

    from edusphere.app import create_app, create_app_from_env

    flags = {"EDUSPHERE_HOST": args.host, "EDUSPHERE_PORT": args.port, "EDUSPHERE_WORKERS": args.workers}
    # Workers build their settings from the environment: the flags must reach them there.
    os.environ.update({name: str(value) for name, value in flags.items() if value is not None})
    settings = Settings.from_env()
    app = create_app(settings)
    app.prepare(
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        motd=False,
        access_log=False,
        single_process=False,
    )
    print(f"EduSphere is running on http://{settings.host}:{settings.port}", flush=True)
    Sanic.serve(primary=app, app_loader=AppLoader(factory=partial(create_app_from_env)))


async def _migrate(args: argparse.Namespace) -> None:
    async with database_url(Settings.from_env()) as url:
        await ensure_database(url)
        await database.apply_migrations(url, progress=print)
        print("The database is up to date.")


async def _createadmin(args: argparse.Namespace) -> None:
    from edusphere.auth.accounts import create_user
    from edusphere.auth.models import Role
    from edusphere.core.redis import create_redis
    from edusphere.core.runtime import Runtime

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    settings = Settings.from_env()
    async with database_url(settings) as url:
        await database.connect(url)
        try:
            await database.ensure_migrated()
            runtime = Runtime(settings=settings, redis=create_redis("redis://unused"))
            user = await create_user(
                runtime, email=args.email, password=password, display_name=args.display_name, role=Role.ADMIN
            )
            print(f"Created administrator {user.email} ({user.id}).")
        finally:
            await database.disconnect()


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


async def _makemigrations(args: argparse.Namespace) -> None:
    from tortoise.cli.cli import CLIContext, makemigrations

    async with database_url(Settings.from_env()) as url:
        with tempfile.NamedTemporaryFile("w", suffix=".json") as config_file:
            json.dump(database.tortoise_config(url), config_file)
            config_file.flush()
            labels = (database.APP_LABEL,) if args.empty else ()
            await makemigrations(CLIContext(None, config_file.name), labels, args.empty, args.name)
