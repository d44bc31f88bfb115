"""What auth brings besides its GraphQL: `edusphere createadmin`."""

from __future__ import annotations

from edusphere.auth import commands
from edusphere.core.domain import Domain

DOMAIN = Domain(name="auth", package="edusphere.auth", commands=commands.install)
