"""Signed links to protected media: `?viewer=<user id>&exp=<unix seconds>&sig=<hex>`.

The signature (HMAC-SHA256 with SECRET_KEY over `media:<asset>:<viewer>:<exp>`) only proves
that EduSphere issued the link to that viewer, for that asset, until then. It never grants
access by itself: the download route checks the viewer's access again, so a link issued before
a refund stops working with the refund.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from urllib.parse import urlencode
from uuid import UUID


@dataclass(frozen=True)
class SignedLink:
    viewer_id: UUID
    expires_at: int


def _signature(secret: str, asset_id: UUID | str, viewer_id: UUID | str, expires_at: int) -> str:
    message = f"media:{asset_id}:{viewer_id}:{expires_at}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, asset_id: UUID | str, viewer_id: UUID | str, expires_at: int) -> str:
    """The query string (without `?`) of a link valid until `expires_at` (Unix seconds)."""
    signature = _signature(secret, asset_id, viewer_id, expires_at)
    return urlencode({"viewer": str(viewer_id), "exp": str(expires_at), "sig": signature})


def protected_url(secret: str, asset_id: UUID | str, viewer_id: UUID | str, expires_at: int) -> str:
    return f"/media/protected/{asset_id}?{sign(secret, asset_id, viewer_id, expires_at)}"


def verify(
    secret: str, asset_id: UUID, viewer: str | None, exp: str | None, sig: str | None, now: float | None = None
) -> SignedLink | None:
    """The link's viewer and expiry if the signature is EduSphere's and the time has not come;
    None for anything else (missing, malformed, altered, expired)."""
    if not viewer or not exp or not sig or len(exp) > 12 or not exp.isdigit() or len(sig) != 64:
        return None
    try:
        viewer_id = UUID(viewer)
    except ValueError:
        return None
    expires_at = int(exp)
    # The canonical spellings only: `viewer` as UUID prints it, `exp` without leading zeros.
    if str(viewer_id) != viewer or str(expires_at) != exp:
        return None
    if not hmac.compare_digest(_signature(secret, asset_id, viewer_id, expires_at), sig):
        return None
    if expires_at <= (time.time() if now is None else now):
        return None
    return SignedLink(viewer_id=viewer_id, expires_at=expires_at)
