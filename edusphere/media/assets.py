"""How an asset row is shown: the upload answer's JSON and its images' public URLs.

An image's variants (`MediaAsset.variants`) are `{"width", "height", "format", "mime", "key",
"size"}`; the fallback format (for browsers without WebP/AVIF and for `Image.url`) is JPEG or
PNG, and `url` is its largest variant.
"""

from __future__ import annotations

from typing import Any

from edusphere.media.models import MediaAsset, MediaKind

FALLBACK_FORMATS = ("jpeg", "png")


def public_url(key: str) -> str:
    """`public/ab/<sha>-640.webp` -> `/media/public/ab/<sha>-640.webp` (Nginx serves it)."""
    return f"/media/{key}"


def fallback_variants(asset: MediaAsset) -> list[dict[str, Any]]:
    """The fallback format's variants, narrowest first."""
    found = [v for v in asset.variants if v.get("format") in FALLBACK_FORMATS]
    return sorted(found, key=lambda v: int(str(v.get("width", 0))))


def image_url(asset: MediaAsset) -> str | None:
    fallbacks = fallback_variants(asset)
    return public_url(str(fallbacks[-1]["key"])) if fallbacks else None


def asset_json(asset: MediaAsset) -> dict[str, Any]:
    return {
        "id": str(asset.id),
        "kind": asset.kind.value,
        "mimeType": asset.mime_type,
        "sizeBytes": asset.size_bytes,
        "name": asset.original_name,
        "width": asset.width,
        "height": asset.height,
        "durationSeconds": asset.duration_seconds,
        "url": image_url(asset) if asset.kind is MediaKind.IMAGE else None,
        "placeholder": asset.placeholder,
    }
