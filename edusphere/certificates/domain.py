"""What certificates bring beyond models, SDL and resolvers: the image route."""

from __future__ import annotations

from collections.abc import Sequence

from sanic import Blueprint

from edusphere.core.domain import Domain


def _blueprints() -> Sequence[Blueprint]:
    from edusphere.certificates.routes import bp

    return (bp,)


DOMAIN = Domain(name="certificates", package="edusphere.certificates", blueprints=_blueprints)
