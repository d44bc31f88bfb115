"""Where media is found on the web and on disk, in one place (Nginx's locations, the dev route
that serves the same paths, the upload route and the GraphQL resolvers all agree through it)."""

from __future__ import annotations

from uuid import UUID

from edusphere.media import signing

PUBLIC_PREFIX = "/media/public/"
PROTECTED_PREFIX = "/media/protected/"
# Variant formats: their file extensions and MIME types.
EXTENSIONS = {"webp": "webp", "avif": "avif", "jpeg": "jpg", "png": "png"}
FORMAT_MIME = {"webp": "image/webp", "avif": "image/avif", "jpeg": "image/jpeg", "png": "image/png"}


def public_key(sha256: str, width: int, fmt: str) -> str:
    """A public variant's storage key (its path under `<media_dir>/public/`):
    `<sha[:2]>/<sha>-<width>.<ext>`."""
    return f"{sha256[:2]}/{sha256}-{width}.{EXTENSIONS[fmt]}"


def public_url(key: str) -> str:
    """The URL of a public variant (a site-relative path: Nginx, or EduSphere in dev, serves it).
    Stored keys are storage paths (`public/<sha[:2]>/...`); a bare `<sha[:2]>/...` is under public."""
    key = key.lstrip("/")
    return "/media/" + key if key.startswith("public/") else PUBLIC_PREFIX + key


def protected_url(secret: str, asset_id: UUID, viewer_id: UUID, expires_at: int) -> str:
    """A signed link to a protected asset for one viewer until `expires_at` (Unix seconds)."""
    return f"{PROTECTED_PREFIX}{asset_id}?{signing.sign(secret, asset_id, viewer_id, expires_at)}"
