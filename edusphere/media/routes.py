"""The media HTTP routes (contract: /work/media-contract.md, "HTTP routes").

- `POST /media`: one multipart upload, streamed (the app's 1 MB body limit does not apply to
  streaming routes: Sanic lifts it for them; each kind's own limit does).
- `/media/uploads[/<id>]`: tus 1.0.0 (core + creation) for large files.
- `GET /media/protected/<asset id>?viewer&exp&sig`: a lesson's video or file, to a viewer who
  may open it now.
- `GET /media/public/<sha[:2]>/<sha>-<width>.<ext>`: image variants, for development (the
  bundled Nginx serves `/media/public/` from disk before a request gets here).

Uploads need `Authorization: Bearer <access token>`, as GraphQL does. Every error is JSON
`{"error": {"code", "message"}}`; nothing a client sends makes a 500.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import wraps
from typing import Any
from uuid import UUID

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from edusphere.auth.models import User
from edusphere.auth.viewer import Viewer
from edusphere.core.errors import AppError
from edusphere.core.graphql.http import authenticate_request
from edusphere.core.runtime import Runtime
from edusphere.courses.drip import LessonLocked
from edusphere.media import errors, serving, signing, tus
from edusphere.media.access import may_open_asset
from edusphere.media.assets import asset_json
from edusphere.media.form import FORM_OVERHEAD, receive_form
from edusphere.media.models import MediaAsset, MediaKind
from edusphere.media.uploads import largest_limit, storage, store

bp = Blueprint("media")

Handler = Callable[..., Awaitable[HTTPResponse | None]]
TUS_HEADERS = {"tus-resumable": tus.VERSION}
DRAIN_BYTES = 8 * 1024 * 1024
DRAIN_SECONDS = 10.0


def _json_errors(extra_headers: dict[str, str] | None = None) -> Callable[[Handler], Handler]:
    """Turn every `MediaError` / `AppError` into the media error shape. Anything else is a
    bug, left to the app's handler (logged, a generic 500)."""

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def wrapped(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse | None:
            try:
                return await handler(request, *args, **kwargs)
            except errors.MediaError as error:
                return await _answer(request, errors.error_response(error, extra_headers))
            except AppError as error:
                return await _answer(request, errors.error_response(errors.from_app_error(error), extra_headers))

        return wrapped

    return decorate


async def _answer(request: Request, response: HTTPResponse) -> HTTPResponse | None:
    """The error, and for a streamed body refused midway (413, a bad part) a bounded read of
    what the client is still sending, discarded: a client that writes its whole body before it
    reads (most do) otherwise gets a reset connection instead of the answer. The answer goes
    out first; nothing read after it is kept."""
    stream = request.stream
    if stream is None or not getattr(stream, "request_body", None):
        return response
    started = await request.respond(response)
    await started.send(response.body, end_stream=False)
    left = DRAIN_BYTES
    with contextlib.suppress(Exception):  # the client may be gone, or send garbage
        async with asyncio.timeout(DRAIN_SECONDS):
            async for chunk in stream:  # type: ignore[attr-defined]
                left -= len(chunk or b"")
                if left < 0:
                    break
    await started.send(end_stream=True)
    return None


async def _viewer(request: Request) -> Viewer:
    viewer: Viewer | None = await authenticate_request(request, request.app.ctx.runtime)
    if viewer is None:
        raise errors.unauthenticated()
    return viewer


async def _chunks(request: Request) -> AsyncIterator[bytes]:
    stream = request.stream
    if stream is None:
        return
    async for chunk in stream:  # type: ignore[attr-defined]
        if chunk:
            yield bytes(chunk)


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.ctx.runtime
    return runtime


def _declared_length(request: Request) -> int | None:
    raw = request.headers.get("content-length")
    return int(raw) if raw is not None and raw.isascii() and raw.isdigit() and len(raw) < 20 else None


@bp.post("/media", stream=True)
@_json_errors()
async def upload(request: Request) -> HTTPResponse:
    rt = _runtime(request)
    viewer = await _viewer(request)
    declared = _declared_length(request)
    limit = largest_limit(rt.settings.media)
    if declared is not None and declared > limit + FORM_OVERHEAD:
        raise errors.too_large(limit)
    form = await receive_form(_chunks(request), request.headers.get("content-type"), storage(rt), rt.settings.media)
    asset = await store(rt, viewer.id, form.kind, form.name, form.received)
    return json(asset_json(asset), status=201)


# ---- tus 1.0.0 -------------------------------------------------------------------------


def _require_tus(request: Request) -> None:
    if request.headers.get("tus-resumable") != tus.VERSION:
        raise errors.MediaError(
            412, "PRECONDITION_FAILED", "Send `Tus-Resumable: 1.0.0`", headers={"tus-version": tus.VERSION}
        )


@bp.route("/media/uploads", methods=["OPTIONS"], name="tus_options")
async def tus_options(request: Request) -> HTTPResponse:
    rt = _runtime(request)
    return HTTPResponse(
        status=204,
        headers={
            **TUS_HEADERS,
            "tus-version": tus.VERSION,
            "tus-extension": "creation",
            "tus-max-size": str(largest_limit(rt.settings.media)),
        },
    )


@bp.post("/media/uploads", name="tus_create")
@_json_errors(TUS_HEADERS)
async def tus_create(request: Request) -> HTTPResponse:
    _require_tus(request)
    rt = _runtime(request)
    viewer = await _viewer(request)
    if request.body:
        raise errors.bad_input("Create the upload empty, then send its bytes with PATCH")
    upload_id = await tus.create(
        rt, viewer.id, request.headers.get("upload-length"), request.headers.get("upload-metadata")
    )
    return HTTPResponse(status=201, headers={**TUS_HEADERS, "location": f"/media/uploads/{upload_id}"})


@bp.route("/media/uploads/<upload_id:str>", methods=["HEAD"], name="tus_head")
@_json_errors(TUS_HEADERS)
async def tus_head(request: Request, upload_id: str) -> HTTPResponse:
    _require_tus(request)
    rt = _runtime(request)
    viewer = await _viewer(request)
    state, data, _ = await tus.load(rt, upload_id, viewer.id)
    headers = {
        **TUS_HEADERS,
        "upload-offset": str(tus.offset_of(state, data)),
        "upload-length": str(state.length),
        "cache-control": "no-store",
    }
    if state.asset_id is not None:
        headers["upload-asset-id"] = state.asset_id
    return HTTPResponse(status=200, headers=headers)


@bp.route("/media/uploads/<upload_id:str>", methods=["PATCH"], stream=True, name="tus_patch")
@_json_errors(TUS_HEADERS)
async def tus_patch(request: Request, upload_id: str) -> HTTPResponse:
    _require_tus(request)
    rt = _runtime(request)
    viewer = await _viewer(request)
    if request.headers.get("content-type") != "application/offset+octet-stream":
        raise errors.MediaError(
            415, "UNSUPPORTED_MEDIA_TYPE", "Send the bytes as `Content-Type: application/offset+octet-stream`"
        )
    offset, asset = await tus.append(
        rt,
        upload_id,
        viewer.id,
        request.headers.get("upload-offset"),
        request.headers.get("content-length"),
        _chunks(request),
    )
    headers = {**TUS_HEADERS, "upload-offset": str(offset)}
    if asset is not None:
        headers["upload-asset-id"] = str(asset.id)
    return HTTPResponse(status=204, headers=headers)


@bp.get("/media/uploads/<upload_id:str>", name="tus_get")
@_json_errors(TUS_HEADERS)
async def tus_get(request: Request, upload_id: str) -> HTTPResponse:
    rt = _runtime(request)
    viewer = await _viewer(request)
    state, _, _ = await tus.load(rt, upload_id, viewer.id)
    asset = await tus.completed_asset(rt, state)
    return json(asset_json(asset), headers=TUS_HEADERS)


# ---- downloads ---------------------------------------------------------------------------


@bp.get("/media/protected/<asset_id:str>", name="protected")
@_json_errors()
async def protected(request: Request, asset_id: str) -> HTTPResponse | None:
    rt = _runtime(request)
    try:
        key = UUID(asset_id)
    except ValueError:
        raise errors.not_found("File") from None
    link = signing.verify(
        rt.settings.secret_key, key, request.args.get("viewer"), request.args.get("exp"), request.args.get("sig")
    )
    if link is None:
        raise errors.forbidden("This link is not valid or has expired; ask for a new one")
    asset = await MediaAsset.get_or_none(id=key)
    if asset is None or asset.kind is MediaKind.IMAGE:
        raise errors.not_found("File")
    user = await User.get_or_none(id=link.viewer_id)
    try:
        allowed = user is not None and await may_open_asset(user, asset.id)
    except LessonLocked as locked:
        raise errors.lesson_locked(locked.message) from None
    if not allowed:
        raise errors.forbidden("You may not open this lesson")
    if rt.settings.media.x_accel:
        return serving.accel_response(asset)
    return await serving.stream_protected(request, storage(rt), asset)


@bp.get("/media/public/<path:path>", name="public")
@_json_errors()
async def public(request: Request, path: str) -> HTTPResponse | None:
    return await serving.public_response(request, storage(_runtime(request)), path)
