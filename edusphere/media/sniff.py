"""What an upload is, from its first bytes only (magic numbers): never from its name or the
Content-Type the client sent, both of which an attacker chooses.

`sniff` answers a MIME type, or None for what EduSphere refuses everywhere (executables,
scripts, HTML, SVG, XML: content a browser or a shell would run). Which types a kind accepts is
`allowed(kind, mime)`.
"""

from __future__ import annotations

from edusphere.media.models import MediaKind

HEAD_BYTES = 4096  # how much of the upload `sniff` looks at

IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"})
VIDEO_TYPES = frozenset({"video/mp4", "video/webm"})
_MP4_BRANDS = (b"mp4", b"isom", b"avc", b"iso", b"M4V", b"dash")
_AVIF_BRANDS = (b"avif", b"avis")
# Active content a browser would render or run, looked for in the first bytes of text.
_ACTIVE_MARKERS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<svg",
    b"<?xml",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<meta",
    b"<link",
    b"<style",
    b"<img",
    b"<a ",
    b"<title",
    b"javascript:",
)
_EXECUTABLE_MAGIC = (
    b"\x7fELF",  # ELF
    b"MZ",  # PE / DOS
    b"\xfe\xed\xfa\xce",  # Mach-O 32
    b"\xfe\xed\xfa\xcf",  # Mach-O 64
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O fat (also Java class files)
    b"#!",  # a script for some interpreter
    b"\x00asm",  # WebAssembly
)


def sniff(head: bytes) -> str | None:
    """The MIME type of content starting with `head`, or None if it is refused."""
    if head.startswith(_EXECUTABLE_MAGIC):
        return None
    image = _image_type(head)
    if image is not None:
        return image
    if _is_mp4(head):
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm" if b"webm" in head[:64] else "application/octet-stream"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "application/zip"
    if _looks_active(head):
        return None
    if _is_text(head):
        return "text/plain"
    return "application/octet-stream"


def allowed(kind: MediaKind, mime: str | None) -> bool:
    """May an upload of `kind` have this sniffed type? IMAGE and VIDEO only their formats;
    FILE anything `sniff` admits (it is only ever served as an attachment, `nosniff`)."""
    if mime is None:
        return False
    if kind is MediaKind.IMAGE:
        return mime in IMAGE_TYPES
    if kind is MediaKind.VIDEO:
        return mime in VIDEO_TYPES
    return True


def _image_type(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and _brands(head) & set(_AVIF_BRANDS):
        return "image/avif"
    return None


def _brands(head: bytes) -> set[bytes]:
    """The major and compatible brands of an ISO BMFF `ftyp` box at the start."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return set()
    size = int.from_bytes(head[:4], "big")
    if size < 16 or size > len(head):
        size = min(len(head), 64)
    brands = {head[8:12]}
    brands.update(head[i : i + 4] for i in range(16, size - 3, 4))
    return brands


def _is_mp4(head: bytes) -> bool:
    brands = _brands(head)
    if brands & set(_AVIF_BRANDS):
        return False
    return any(brand.startswith(prefix) for brand in brands for prefix in _MP4_BRANDS)


def _looks_active(head: bytes) -> bool:
    """HTML, SVG or XML anywhere in the first bytes (browsers sniff leniently: a `<script>`
    after some text is still run by some of them), also in UTF-16."""
    lowered = head.lower()
    if lowered.startswith((b"\xff\xfe", b"\xfe\xff")):
        lowered = lowered.replace(b"\x00", b"")
    return any(marker in lowered for marker in _ACTIVE_MARKERS)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The head may cut a multi-byte character in two at its very end.
        return error.start >= len(head) - 3 and error.reason == "unexpected end of data"
    return True
