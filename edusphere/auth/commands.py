"""`edusphere createadmin`: the first administrator, from a terminal."""

from __future__ import annotations

import argparse
import getpass
import sys

from edusphere.core import database
from edusphere.core.cli_support import database_url, run_async
from edusphere.core.settings import Settings


def install(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    admin = commands.add_parser("createadmin", help="create an administrator account")
    admin.add_argument("--email", required=True)
    admin.add_argument("--display-name", default="Administrator")
    admin.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    admin.set_defaults(run=run_async(_createadmin))


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
                runtime,
                email=args.email,
                password=password,
                display_name=args.display_name,
                role=Role.ADMIN,
                verified=True,  # whoever runs this on the server vouches for the address
            )
            print(f"Created administrator {user.email} ({user.id}).")
        finally:
            await database.disconnect()
