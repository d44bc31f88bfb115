"""The domain packages that make up EduSphere; a new domain is one more line here.

Each domain package may hold `models.py` (Tortoise models), `schema.graphql` (its part of the
SDL), `resolvers.py` (registered with `edusphere.core.graphql.resolver`) and `domain.py`, whose
`DOMAIN` (an `edusphere.core.domain.Domain`) declares what else it brings: routes, background
workers, readiness sections, CLI commands. `DOMAINS` stays a tuple of package names, read by
`core.database` (models) and the GraphQL engine (SDL) without importing any domain's code.
"""

from __future__ import annotations

import importlib
import importlib.util

from edusphere.core.domain import Domain

DOMAINS: tuple[str, ...] = (
    "edusphere.auth",
    "edusphere.audit",
    "edusphere.courses",
    "edusphere.chat",
    "edusphere.payments",
    "edusphere.media",
    "edusphere.mail",
    "edusphere.notifications",
    "edusphere.certificates",
    "edusphere.admin",
)


def domains() -> list[Domain]:
    """Every domain's description, in `DOMAINS` order, imported only now (the server and the
    CLI ask once they need them). A broken `domain.py` fails loudly rather than being skipped."""
    return [load(package) for package in DOMAINS]


def load(package: str) -> Domain:
    """`<package>.domain.DOMAIN`, or a plain description for a package without `domain.py`."""
    if importlib.util.find_spec(f"{package}.domain") is None:
        return Domain(name=package.rpartition(".")[2], package=package)
    description = importlib.import_module(f"{package}.domain").DOMAIN
    if not isinstance(description, Domain) or description.package != package:
        raise TypeError(f"{package}.domain.DOMAIN must be a Domain describing {package}")
    return description
