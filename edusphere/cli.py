"""The `edusphere` command: serve, migrate, makemigrations, and each domain's own commands
(`createadmin` from auth, `seed` from courses, `chat status`, `payments check`)."""

from __future__ import annotations

import argparse
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


async def _makemigrations(args: argparse.Namespace) -> None:
    from tortoise.cli.cli import CLIContext, makemigrations

    async with database_url(Settings.from_env()) as url:
        with tempfile.NamedTemporaryFile("w", suffix=".json") as config_file:
            json.dump(database.tortoise_config(url), config_file)
            config_file.flush()
            labels = (database.APP_LABEL,) if args.empty else ()
            await makemigrations(CLIContext(None, config_file.name), labels, args.empty, args.name)
