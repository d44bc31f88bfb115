"""PLACEHOLDER (written by the media-core helper so uploads can be tested; the images helper
owns the real module and replaces this file whole). Only the contract's signature and types:
one fallback variant at the original width, no WebP/AVIF, no placeholder preview.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from edusphere.core.settings import MediaSettings


class ImageRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    format: str  # webp, avif, jpeg, png
    mime: str
    path: Path


@dataclass(frozen=True)
class ProcessedImage:
    width: int
    height: int
    fallback_mime: str
    variants: list[Variant] = field(default_factory=list)
    placeholder: str = ""


def _process(source: Path, out_dir: Path, max_pixels: int) -> ProcessedImage:
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with Image.open(source) as probe:
            probe.verify()
        with Image.open(source) as opened:
            if opened.format not in {"JPEG", "PNG", "GIF", "WEBP"}:
                raise ImageRefused("not a JPEG, PNG, GIF or WebP image")
            image = ImageOps.exif_transpose(opened)
            image.load()
    except ImageRefused:
        raise
    except Exception as error:  # Pillow raises many kinds for a broken or hostile file
        raise ImageRefused(f"not an image that can be decoded safely ({type(error).__name__})") from None
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    fmt, mime = ("png", "image/png") if alpha else ("jpeg", "image/jpeg")
    target = out_dir / f"{uuid.uuid4().hex}.{fmt}"
    converted = image.convert("RGBA" if alpha else "RGB")
    converted.save(target, format=fmt.upper())
    width, height = converted.size
    return ProcessedImage(width, height, mime, [Variant(width, height, fmt, mime, target)], "")


async def process_image(
    pool: concurrent.futures.Executor, source: Path, out_dir: Path, settings: MediaSettings
) -> ProcessedImage:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(pool, _process, source, out_dir, settings.max_image_pixels)
