"""GraphQL resolvers for certificates."""

from __future__ import annotations

from typing import Any

from edusphere.certificates import lookup
from edusphere.certificates.lookup import CertificateView
from edusphere.core.graphql import RequestContext, resolver
from edusphere.core.graphql.dataloader import loader
from edusphere.courses.models import Enrollment

Args = dict[str, Any]


@resolver("Query.certificate")
async def certificate(parent: Any, args: Args, ctx: RequestContext, info: Any) -> CertificateView | None:
    return await lookup.certificate(args.get("id"))


@resolver("Enrollment.certificate")
async def enrollment_certificate(row: Enrollment, args: Args, ctx: RequestContext, info: Any) -> CertificateView | None:
    """Enrollments are only shown to their learner and admins, so this needs no check of its own."""
    return await loader(ctx.loaders, "certificates_by_enrollment", lookup.for_enrollments).load(row.id)


@resolver("Certificate.imageUrl")
async def image_url(view: CertificateView, args: Args, ctx: RequestContext, info: Any) -> str:
    return f"/certificates/{view.id}.png"
