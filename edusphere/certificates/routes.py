"""`GET /certificates/<id>.png`: the certificate as an image, public like its page.

Rendered once per (id, state) and kept in a small in-process LRU: a certificate's text never
changes after issue, only valid/revoked does, and that is in the key, so a refund shows at once.
A bad or unknown id is a 404 in the API's JSON error shape; the SPA owns `/certificates/<id>`
(no extension), so the route only takes names ending in `.png`. Requests are limited per client
address (`certificate_image_limit`, RATE_LIMITED with Retry-After past it), found or not, so
walking ids costs the walker.
"""

from __future__ import annotations

import asyncio

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, raw

from edusphere.certificates import image, lookup
from edusphere.core import ratelimit
from edusphere.core.errors import not_found
from edusphere.core.graphql.http import client_address
from edusphere.core.http import error_response
from edusphere.core.lru import LRU
from edusphere.core.runtime import Runtime

bp = Blueprint("certificates")

_rendered: LRU[tuple[str, str], bytes] = LRU(64)


@bp.get("/certificates/<name:ext=png>", name="certificate_image")
async def certificate_image(request: Request, name: str, ext: str) -> HTTPResponse:
    rt: Runtime = request.app.ctx.runtime
    limit = rt.settings.certificate_image_limit
    counter = rt.keys("certificate-image", "address", ratelimit.client_key(client_address(request)))
    decision = await ratelimit.hit(rt.redis, counter, limit.limit, limit.window_seconds)
    if not decision.allowed:
        refused = ratelimit.rate_limited(decision, "certificate downloads")
        response = error_response(refused)
        response.headers["retry-after"] = str(refused.details["retryAfterSeconds"])
        return response
    view = await lookup.certificate(name)
    if view is None:
        return error_response(not_found("Certificate"))
    key = (str(view.id), view.state)
    png = _rendered.get(key)
    if png is None:
        png = await asyncio.to_thread(image.render, view)
        _rendered.put(key, png)
    return raw(
        png,
        content_type="image/png",
        headers={
            "content-disposition": f'attachment; filename="certificate-{view.id}.png"',
            "cache-control": "no-cache",  # revocation must show: revalidate each time
            "x-content-type-options": "nosniff",
        },
    )
