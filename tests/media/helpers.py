"""Upload bodies, sample files and lessons holding assets, for the media tests."""

from __future__ import annotations

import io
import secrets
from typing import Any

import httpx

from edusphere.auth.sessions import AuthResult
from edusphere.core.runtime import Runtime
from edusphere.courses.models import Course, Lesson, LessonKind
from edusphere.media import signing
from edusphere.media.models import MediaAsset
from tests.courses import factories as courses

# The start of an MP4 (an ISO BMFF `ftyp` box, brand isom) and of a WebM (EBML, doctype webm).
MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00\x00\x00\x08free" + bytes(range(256)) * 40
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 512
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def png(width: int = 64, height: int = 48, alpha: bool = False) -> bytes:
    from PIL import Image

    image = Image.new("RGBA" if alpha else "RGB", (width, height), (200, 30, 90, 128) if alpha else (200, 30, 90))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def jpeg(width: int = 64, height: int = 48) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "GPS: the author's home"  # ImageDescription: metadata that must not survive
    Image.new("RGB", (width, height), (10, 120, 240)).save(out, format="JPEG", exif=exif, comment=b"secret")
    return out.getvalue()


def form(
    kind: str | None, filename: str, data: bytes, *, boundary: str = "", order: tuple[str, ...] = ("kind", "file")
) -> tuple[bytes, dict[str, str]]:
    """A multipart/form-data body, built by hand so tests choose the order and the names."""
    boundary = boundary or f"b{secrets.token_hex(12)}"
    parts: list[bytes] = []
    for name in order:
        if name == "kind" and kind is not None:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n'.encode())
        elif name == "file":
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                "Content-Type: image/png\r\n\r\n"
            )
            parts.append(head.encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, {"content-type": f"multipart/form-data; boundary={boundary}"}


def bearer(auth: AuthResult) -> dict[str, str]:
    return {"authorization": f"Bearer {auth.access_token}"}


async def upload(
    http: httpx.AsyncClient, auth: AuthResult | None, kind: str, filename: str, data: bytes
) -> httpx.Response:
    body, headers = form(kind, filename, data)
    if auth is not None:
        headers.update(bearer(auth))
    return await http.post("/media", content=body, headers=headers)


async def uploaded(http: httpx.AsyncClient, auth: AuthResult, kind: str, filename: str, data: bytes) -> dict[str, Any]:
    response = await upload(http, auth, kind, filename, data)
    assert response.status_code == 201, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def lesson_with_asset(
    runtime: Runtime, author: AuthResult, asset_id: str, *, price_cents: int = 0, preview: bool = False
) -> tuple[Course, Lesson]:
    """A published course whose second lesson (not a preview unless asked) holds the asset."""
    course = await courses.course(author, price_cents=price_cents)
    lesson = (await courses.lessons_of(course))[1]
    asset = await MediaAsset.get(id=asset_id)
    lesson.kind = LessonKind.VIDEO if asset.kind.value == "VIDEO" else LessonKind.FILE
    lesson.asset_id = asset.id  # type: ignore[attr-defined]
    lesson.is_preview = preview
    await lesson.save()
    return course, lesson


def signed(runtime: Runtime, asset_id: str, viewer_id: object, seconds: int = 600) -> str:
    import time

    return signing.protected_url(runtime.settings.secret_key, asset_id, str(viewer_id), int(time.time()) + seconds)
