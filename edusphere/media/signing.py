"""Signed links to protected media: `/media/protected/<asset>?viewer=<user>&exp=<unix>&sig=<hex>`.

Why the viewer is in the link: the download checks again, at request time, that this user may
still open a lesson holding the asset (a refund ends access at once, even for a link issued
before); the signature only proves EduSphere issued the link for that user until `exp`.
HMAC-SHA256 with SECRET_KEY over `media:<asset>:<viewer>:<exp>`.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from uuid import UUID


def _signature(secret: str, asset_id: UUID | str, viewer_id: UUID | str, expires_at: int) -> str:
    message = f"media:{asset_id}:{viewer_id}:{expires_at}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, asset_id: UUID | str, viewer_id: UUID | str, expires_at: int) -> str:
    """The query string (without `?`) that lets `viewer_id` fetch `asset_id` until `expires_at`."""
    return f"viewer={viewer_id}&exp={expires_at}&sig={_signature(secret, asset_id, viewer_id, expires_at)}"


def verify(secret: str, asset_id: UUID | str, viewer_id: str, expires_at: str, signature: str) -> UUID | None:
    """The viewer's id when the link's parts (as received, all hostile) were signed by us and
    have not expired; otherwise None."""
    try:
        viewer = UUID(viewer_id)
        expiry = int(expires_at)
    except (ValueError, TypeError):
        return None
    if expiry < time.time() or not signature.isascii():
        return None
    expected = _signature(secret, asset_id, viewer, expiry)
    return viewer if hmac.compare_digest(expected, signature.lower()) else None
