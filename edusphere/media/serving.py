"""Sending stored bytes: protected assets (after the access check) and, in development, public
image variants.

Protected: behind the bundled Nginx (`settings.media.x_accel`) the answer is only headers,
`X-Accel-Redirect: /_protected/<sha[:2]>/<sha>`, and Nginx sends the file from its `internal`
location (sendfile, Range). Without it EduSphere streams the file itself, honouring one
`Range: bytes=...` (206, or 416 past the end; several ranges get the whole file, as RFC 9110
allows). FILE assets are attachments (RFC 6266 `filename` + `filename*`); videos are inline.
Every answer is `nosniff`: the browser keeps the type EduSphere decided from the bytes.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from sanic import Request
from sanic.response import HTTPResponse

from edusphere.media import errors
from edusphere.media.models import MediaAsset, MediaKind
from edusphere.media.storage import PUBLIC_EXTENSIONS, InvalidKey, Storage, check_key, protected_key

_RANGE = re.compile(r"bytes=(\d{0,19})-(\d{0,19})")
PUBLIC_CACHE = "public, max-age=31536000, immutable"
PROTECTED_CACHE = "private, max-age=0, no-store"


def content_disposition(asset: MediaAsset) -> str:
    """`attachment; filename="<ascii>"; filename*=UTF-8''<pct>` for files (old clients read
    the ASCII one, the others the exact name); `inline` for videos."""
    if asset.kind is not MediaKind.FILE:
        return "inline"
    name = asset.original_name or "file"
    ascii_name = "".join(c if 0x20 <= ord(c) < 0x7F and c not in '"\\' else "_" for c in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single satisfiable range; None to send everything (no header,
    several ranges, or syntax this does not read). Raises 416 for a range past the end."""
    if not header:
        return None
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        count = int(last)
        if count == 0:
            raise _unsatisfiable(size)
        return max(0, size - count), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None  # invalid: ignored, as RFC 9110 says
    if start >= size:
        raise _unsatisfiable(size)
    return start, end


def _unsatisfiable(size: int) -> errors.MediaError:
    return errors.MediaError(
        416, "RANGE_NOT_SATISFIABLE", f"The file has {size} bytes", headers={"content-range": f"bytes */{size}"}
    )


def _headers(asset: MediaAsset) -> dict[str, str]:
    return {
        "content-disposition": content_disposition(asset),
        "x-content-type-options": "nosniff",
        "cache-control": PROTECTED_CACHE,
        "accept-ranges": "bytes",
    }


def accel_response(asset: MediaAsset) -> HTTPResponse:
    sha = asset.sha256
    # Nginx adds its own Accept-Ranges to what it sends from the internal location.
    headers = {k: v for k, v in _headers(asset).items() if k != "accept-ranges"}
    headers["x-accel-redirect"] = f"/_protected/{sha[:2]}/{sha}"
    return HTTPResponse(status=200, headers=headers, content_type=asset.mime_type)


async def stream_protected(request: Request, store: Storage, asset: MediaAsset) -> HTTPResponse | None:
    key = protected_key(asset.sha256)
    size = await store.size(key)
    if size is None:
        raise errors.not_found("File")
    span = parse_range(request.headers.get("range"), size)
    headers = _headers(asset)
    if span is None:
        first, last, status = 0, size - 1, 200
    else:
        first, last = span
        status = 206
        headers["content-range"] = f"bytes {first}-{last}/{size}"
    headers["content-length"] = str(last - first + 1)
    response = await request.respond(status=status, headers=headers, content_type=asset.mime_type)
    if request.method != "HEAD" and size > 0:
        async for chunk in store.read(key, first, last):
            await response.send(chunk)
    await response.eof()
    return None


async def public_response(request: Request, store: Storage, path: str) -> HTTPResponse | None:
    """`/media/public/<sha[:2]>/<sha>-<width>.<ext>` from disk (development, no Nginx): only
    the layout's exact names (no `..`, no other directory), with Nginx's cache headers."""
    try:
        key = check_key(f"public/{path}")
    except InvalidKey:
        raise errors.not_found("Image") from None
    size = await store.size(key)
    if size is None:
        raise errors.not_found("Image")
    headers = {
        "cache-control": PUBLIC_CACHE,
        "x-content-type-options": "nosniff",
        "content-length": str(size),
    }
    mime = PUBLIC_EXTENSIONS[key.rsplit(".", 1)[1]]
    response = await request.respond(status=200, headers=headers, content_type=mime)
    if request.method != "HEAD":
        async for chunk in store.read(key, 0, size - 1):
            await response.send(chunk)
    await response.eof()
    return None
