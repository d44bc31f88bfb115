"""What courses bring besides their GraphQL: `edusphere seed --demo`."""

from __future__ import annotations

from edusphere.core.domain import Domain
from edusphere.courses import commands

DOMAIN = Domain(name="courses", package="edusphere.courses", commands=commands.install)
