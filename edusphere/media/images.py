"""Uploaded images made safe and responsive: decoded once by Pillow in a worker process, never
served as uploaded.

Why a process pool: decoding a 24-megapixel photo takes a CPU for a good fraction of a second;
on the event loop it would stall every request of the worker (see `benchmarks/media_images.py`).
Why re-encode everything: the uploaded bytes may carry GPS positions and camera serial numbers
(EXIF, XMP), colour profiles that lie, or payloads shaped for a decoder's bug; the variants hold
pixels only. Why refuse before decoding: a 1 KB PNG may claim 100000x100000 pixels (40 GB of
RGBA) — the header's width*height is checked against `MediaSettings.max_image_pixels` first.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import io
import math
import multiprocessing
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError, features

from edusphere.core.settings import MediaSettings
from edusphere.media.urls import EXTENSIONS, FORMAT_MIME

# What may be decoded: formats whose Pillow decoders are mature. Never SVG (active content),
# never the long tail of Pillow's plugins (each one more decoder an upload could reach).
ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
# WebP's (and AVIF's practical) limit on either side: a variant that would pass it is refused
# up front rather than failing half-written.
MAX_SIDE = 16383
PLACEHOLDER_WIDTH = 16
_ORIENTATION = 0x0112
_SWAPS_SIDES = {5, 6, 7, 8}  # EXIF orientations that rotate by 90 degrees


class ImageRefused(Exception):
    """Not an image EduSphere will decode (not one, damaged, too large, a disguise); `reason`
    is safe to show the uploader."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)  # args == (reason,): survives the trip back from the pool
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
    width: int  # the original's, upright (after its EXIF orientation)
    height: int
    fallback_mime: str  # image/jpeg, or image/png when the image has transparency
    variants: list[Variant]
    placeholder: str  # data:image/jpeg;base64,... a few hundred bytes


# Niceness of the pool's processes: on a shared core the event loop wins, and requests keep
# their latency while photos are decoded (benchmarks/media_images.py measures it).
POOL_NICENESS = 10


def new_pool(workers: int) -> concurrent.futures.ProcessPoolExecutor:
    """The pool `process_image` wants: spawned processes (a fork of a server process would
    copy its event loop, threads and connections) started at a lower priority."""
    return concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_lower_priority
    )


def _lower_priority() -> None:
    with contextlib.suppress(OSError):
        os.nice(POOL_NICENESS)


async def process_image(
    pool: concurrent.futures.Executor, source: Path, out_dir: Path, settings: MediaSettings
) -> ProcessedImage:
    """Decode `source` in `pool` and write its variants into `out_dir` as `<width>.<ext>`
    (the caller moves them into public storage). Raises `ImageRefused`."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        pool, render_variants, source, out_dir, tuple(settings.image_widths), settings.max_image_pixels
    )


def render_variants(source: Path, out_dir: Path, widths: tuple[int, ...], max_pixels: int) -> ProcessedImage:
    """The pool's work (top-level so it pickles). Everything the decoder may raise on hostile
    bytes becomes `ImageRefused`; files already written are removed when it fails."""
    upright, width, height = _decode(source, max_pixels, widths)
    targets = _target_widths(width, widths)
    for target in targets:
        if _height_for(target, width, height) > MAX_SIDE:
            raise ImageRefused("The image is too narrow for its height")
    has_alpha = upright.mode == "RGBA"
    fallback = "png" if has_alpha else "jpeg"
    formats = ["avif"] if features.check("avif") else []
    formats += ["webp", fallback]
    out_dir.mkdir(parents=True, exist_ok=True)
    variants: list[Variant] = []
    written: list[Path] = []
    try:
        resized = upright
        # Largest first, each from the one before: a quarter of the pixels to filter each time.
        for target in sorted(targets, reverse=True):
            resized = _resized(resized, target, _height_for(target, width, height))
            for fmt in formats:
                written.append(path := out_dir / f"{target}.{EXTENSIONS[fmt]}")
                _save(resized, path, fmt)
                variants.append(Variant(resized.width, resized.height, fmt, FORMAT_MIME[fmt], path))
    except Exception as error:
        for path in written:
            path.unlink(missing_ok=True)
        raise ImageRefused("The image could not be re-encoded") from error
    return ProcessedImage(width, height, FORMAT_MIME[fallback], variants, _placeholder(upright))


def _decode(source: Path, max_pixels: int, widths: tuple[int, ...]) -> tuple[Image.Image, int, int]:
    """The first frame, upright, as a metadata-free RGB or RGBA image (possibly reduced while
    decoding: a JPEG is decoded at 1/2, 1/4 or 1/8 when the largest variant allows), with the
    original's upright width and height."""
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            # Between MAX_IMAGE_PIXELS and twice it Pillow only warns: make it refuse.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source, formats=ACCEPTED_FORMATS) as probe:
                _check_pixels(probe.width, probe.height, max_pixels)
                probe.verify()  # structure and checksums, without decoding the pixels
            with Image.open(source, formats=ACCEPTED_FORMATS) as image:
                _check_pixels(image.width, image.height, max_pixels)
                return _upright(image, widths)
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused("The image has too many pixels") from None
    except UnidentifiedImageError:
        raise ImageRefused("Not an image EduSphere can read (JPEG, PNG, GIF or WebP)") from None
    except MemoryError:
        raise ImageRefused("The image is too large to decode") from None
    except Exception:  # OSError, SyntaxError, ValueError, struct.error, EOFError...: hostile bytes
        raise ImageRefused("The image is damaged or truncated") from None


def _check_pixels(width: int, height: int, max_pixels: int) -> None:
    if width < 1 or height < 1:
        raise ImageRefused("The image has no pixels")
    if width * height > max_pixels:
        raise ImageRefused(f"The image has more than {max_pixels:,} pixels")


def _upright(image: Image.Image, widths: tuple[int, ...]) -> tuple[Image.Image, int, int]:
    orientation = image.getexif().get(_ORIENTATION, 1)
    swaps = orientation in _SWAPS_SIDES
    width, height = (image.height, image.width) if swaps else (image.width, image.height)
    icc_profile = image.info.get("icc_profile")
    if image.format in ("JPEG", "MPO"):
        # Decode reduced (libjpeg's DCT scaling: 1/2, 1/4 or 1/8, several times faster) as far
        # as the largest variant allows; the placeholder and the variants need no more.
        largest = max(_target_widths(width, widths))
        need = (largest, math.ceil(largest * height / width))
        image.draft(None, (need[1], need[0]) if swaps else need)
    image.seek(0)  # an animation: its first frame
    image.load()
    upright = ImageOps.exif_transpose(image) or image
    if image.format not in ("JPEG", "MPO"):
        # Never reduced; and a PNG's EXIF (its orientation) may follow the pixels, so only
        # the transposed image knows which way up it is.
        width, height = upright.size
    return _bare(_to_rgb(upright, icc_profile)), width, height


def _to_rgb(image: Image.Image, icc_profile: object) -> Image.Image:
    """RGB, or RGBA when the image has transparency. An embedded ICC profile is applied (its
    colours converted to sRGB) because the profile itself is not kept; a profile that does not
    parse is ignored."""
    if isinstance(icc_profile, bytes) and icc_profile and image.mode in ("RGB", "CMYK", "L"):
        with contextlib.suppress(Exception):
            converted = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
            if converted is not None:
                return converted
    has_alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    if has_alpha:
        rgba = image.convert("RGBA")
        # Fully opaque after all (an unused tRNS entry): no reason for a PNG fallback.
        extrema = rgba.getchannel("A").getextrema()
        if isinstance(extrema, tuple) and extrema[0] == 255:
            return rgba.convert("RGB")
        return rgba
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # 16-bit greys: scale to 8 bits (a plain convert would clip everything above 255).
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    return image.convert("RGB")


def _bare(image: Image.Image) -> Image.Image:
    """The same pixels with nothing else: no EXIF, XMP, ICC profile, comments or text chunks
    (Pillow copies `info` along with every resize and may write parts of it back)."""
    bare = Image.new(image.mode, image.size)
    bare.paste(image)
    return bare


def _target_widths(width: int, widths: tuple[int, ...]) -> list[int]:
    """The configured widths not above the original (never upscaled), or the original's width
    when it is narrower than all of them."""
    targets = sorted({w for w in widths if 0 < w <= width})
    return targets or [width]


def _height_for(target: int, width: int, height: int) -> int:
    return max(1, round(target * height / width))


def _resized(image: Image.Image, width: int, height: int) -> Image.Image:
    if image.size == (width, height):
        return image
    return _bare(image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0))


def _save(image: Image.Image, path: Path, fmt: str) -> None:
    # No exif=, icc_profile=, xmp= or pnginfo= anywhere: the outputs carry pixels only.
    if fmt == "webp":
        # method 2: a third of method 4's time for files about a tenth larger (browsers that
        # take AVIF, most of them, never fetch the WebP).
        image.save(path, "WEBP", quality=80, method=2)
    elif fmt == "avif":
        image.save(path, "AVIF", quality=60, speed=8)
    elif fmt == "jpeg":
        image.save(path, "JPEG", quality=82, optimize=True, progressive=True)
    else:
        image.save(path, "PNG", optimize=True)


def _placeholder(image: Image.Image) -> str:
    """A 16-pixel-wide JPEG as a data: URI (a few hundred bytes, no library needed to paint it:
    the browser scales it up blurred). Transparency is flattened onto white."""
    height = _height_for(PLACEHOLDER_WIDTH, image.width, image.height)
    small = image.resize((PLACEHOLDER_WIDTH, min(height, PLACEHOLDER_WIDTH * 4)), Image.Resampling.BOX)
    if small.mode == "RGBA":
        flat = Image.new("RGB", small.size, (255, 255, 255))
        flat.paste(small, mask=small.getchannel("A"))
        small = flat
    buffer = io.BytesIO()
    _bare(small).save(buffer, "JPEG", quality=50)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
