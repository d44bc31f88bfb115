"""`POST /webhooks/stripe` and `POST /webhooks/paypal`: thin over the provider adapter and
`orders.apply_update`.

Answers: 200 for an applied, duplicate or ignored event (providers stop redelivering on 2xx);
400 for a delivery that fails verification or cannot be read (nothing changes); 404 for a
provider not configured here; 503 with Retry-After when the event cannot apply yet (a refund
that overtook its payment) or the provider's verification could not be reached — the
provider redelivers later.
"""

from __future__ import annotations

import logging

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from edusphere.core.graphql.http import client_address
from edusphere.core.ratelimit import client_key, hit
from edusphere.core.runtime import Runtime
from edusphere.payments import providers
from edusphere.payments.models import ProviderName
from edusphere.payments.orders import Deferred, apply_update
from edusphere.payments.providers.base import ProviderError, WebhookRejected

log = logging.getLogger(__name__)

MAX_WEBHOOK_BYTES = 256 * 1024
RETRY_AFTER_SECONDS = 60
# Refused deliveries allowed per client address and provider in a window: past it, deliveries
# from there are answered 429 before any verification (PayPal's costs a call to PayPal, so junk
# must not turn EduSphere into a relay of requests to it). A provider's own deliveries are
# authentic and never count.
REFUSED_LIMIT = 30
REFUSED_WINDOW_SECONDS = 300

bp = Blueprint("payments_webhooks")


@bp.post("/webhooks/stripe")
async def stripe_webhook(request: Request) -> HTTPResponse:
    return await receive(request, ProviderName.STRIPE)


@bp.post("/webhooks/paypal")
async def paypal_webhook(request: Request) -> HTTPResponse:
    return await receive(request, ProviderName.PAYPAL)


def _error(status: int, code: str, message: str, **headers: str) -> HTTPResponse:
    return json({"error": {"code": code, "message": message}}, status=status, headers=headers or None)


async def receive(request: Request, name: ProviderName) -> HTTPResponse:
    rt: Runtime = request.app.ctx.runtime
    if name not in providers.enabled(rt.settings.payments) or name is ProviderName.TEST:
        return _error(404, "NOT_FOUND", f"{name.value} webhooks are not configured here")
    body = request.body or b""
    if len(body) > MAX_WEBHOOK_BYTES:
        return _error(413, "BAD_USER_INPUT", "The delivery is too large")
    headers = {key.lower(): value for key, value in request.headers.items()}
    refusals = rt.keys("payments", "webhook-refused", name.value, client_key(client_address(request)))
    if int(await rt.redis.get(refusals) or 0) >= REFUSED_LIMIT:
        return _error(429, "RATE_LIMITED", "Too many refused deliveries from this address; try again later",
                      **{"Retry-After": str(REFUSED_WINDOW_SECONDS)})  # fmt: skip
    provider = providers.get(rt, name)
    try:
        update = await provider.parse_webhook(headers, body)
    except WebhookRejected as rejected:
        log.info("%s webhook refused: %s", name.value, rejected.reason)
        await hit(rt.redis, refusals, REFUSED_LIMIT, REFUSED_WINDOW_SECONDS)
        return _error(400, "BAD_USER_INPUT", rejected.reason)
    except ProviderError as error:
        log.warning("%s webhook could not be verified now: %s", name.value, error.message)
        return _error(503, "PROVIDER_ERROR", "Verification is unavailable; deliver again later",
                      **{"Retry-After": str(RETRY_AFTER_SECONDS)})  # fmt: skip
    try:
        applied = await apply_update(rt, update)
    except Deferred as deferred:
        log.info("%s event %s deferred: %s", name.value, update.event_id, deferred)
        return _error(503, "DEFERRED", "This event cannot apply yet; deliver it again later",
                      **{"Retry-After": str(RETRY_AFTER_SECONDS)})  # fmt: skip
    return json({"received": True, "duplicate": applied.duplicate})
