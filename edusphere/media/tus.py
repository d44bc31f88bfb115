"""Resumable uploads, tus 1.0.0 (core + creation), for files too large for one request.

An upload is `incoming/<id>` (its bytes so far) and `incoming/<id>.json` (owner, kind, name,
length; the asset's id once complete). Its offset is the data file's size, so a crash loses
nothing already written. A PATCH holds an exclusive `flock` on the data file while it appends
(a second PATCH to the same upload, from any process on the host, is a 409 instead of
interleaved bytes); one that would pass `Upload-Length` is a 413 and the file is cut back to
where that PATCH began, so the upload is as it was. When the last byte arrives the file is
hashed (once, in a thread), typed and stored like any upload (`uploads.store`).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import fcntl
import os
import re
import secrets
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from uuid import UUID

import aiofiles
import orjson

from edusphere.core.runtime import Runtime
from edusphere.media import errors
from edusphere.media.models import MediaAsset
from edusphere.media.uploads import Received, hash_file, limit_for, parse_kind, safe_name, storage, store

VERSION = "1.0.0"
UPLOAD_ID = re.compile(r"[0-9a-f]{32}")
_METADATA_BYTES = 4096


@dataclass
class UploadState:
    owner: str
    kind: str
    name: str
    length: int
    created_at: float
    asset_id: str | None = None


def _paths(rt: Runtime, upload_id: str) -> tuple[Path, Path]:
    if not UPLOAD_ID.fullmatch(upload_id):
        raise errors.not_found("Upload")
    incoming = storage(rt).incoming
    return incoming / upload_id, incoming / f"{upload_id}.json"


def parse_length(raw: str | None) -> int:
    if raw is None or not (raw.isascii() and raw.isdigit()) or len(raw) > 15:
        raise errors.bad_input("Send `Upload-Length` (the file's size in bytes)")
    return int(raw)


def parse_metadata(raw: str | None) -> dict[str, str]:
    """`key base64,key base64` (tus' Upload-Metadata); values must be UTF-8."""
    if not raw:
        return {}
    if len(raw) > _METADATA_BYTES:
        raise errors.bad_input("`Upload-Metadata` is too long")
    found: dict[str, str] = {}
    for pair in raw.split(","):
        key, _, value = pair.strip().partition(" ")
        if not key:
            raise errors.bad_input("`Upload-Metadata` is malformed")
        try:
            found[key] = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, ValueError):  # ValueError: not ASCII; UnicodeDecodeError is one
            raise errors.bad_input(f"`Upload-Metadata` {key!r} is not base64 of UTF-8 text") from None
    return found


async def create(rt: Runtime, owner_id: UUID, length_header: str | None, metadata_header: str | None) -> str:
    length = parse_length(length_header)
    metadata = parse_metadata(metadata_header)
    kind = parse_kind(metadata.get("kind", ""))
    limit = limit_for(rt.settings.media, kind)
    if length > limit:
        raise errors.too_large(limit)
    if length == 0:
        raise errors.bad_input("The file is empty")
    upload_id = secrets.token_hex(16)
    data, state_path = _paths(rt, upload_id)
    data.parent.mkdir(parents=True, exist_ok=True)
    state = UploadState(str(owner_id), kind.value, safe_name(metadata.get("filename", "")), length, time.time())
    data.touch(exist_ok=False)
    async with aiofiles.open(state_path, "wb") as handle:
        await handle.write(orjson.dumps(asdict(state)))
    return upload_id


async def load(rt: Runtime, upload_id: str, viewer_id: UUID) -> tuple[UploadState, Path, Path]:
    """The upload's state, its data file and state file; only for its uploader (anyone else
    gets NOT_FOUND: an upload id does not leak whether it exists)."""
    data, state_path = _paths(rt, upload_id)
    try:
        async with aiofiles.open(state_path, "rb") as handle:
            state = UploadState(**orjson.loads(await handle.read()))
    except (FileNotFoundError, orjson.JSONDecodeError, TypeError):
        raise errors.not_found("Upload") from None
    if state.owner != str(viewer_id):
        raise errors.not_found("Upload")
    return state, data, state_path


def offset_of(state: UploadState, data: Path) -> int:
    if state.asset_id is not None:
        return state.length
    try:
        return data.stat().st_size
    except FileNotFoundError:
        raise errors.not_found("Upload") from None


@contextlib.contextmanager
def _locked(data: Path) -> Iterator[int]:
    try:
        fd = os.open(data, os.O_WRONLY | os.O_APPEND)
    except FileNotFoundError:
        raise errors.not_found("Upload") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise errors.conflict("Another PATCH to this upload is in progress") from None
        yield fd
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


async def append(
    rt: Runtime,
    upload_id: str,
    viewer_id: UUID,
    offset_header: str | None,
    content_length: str | None,
    chunks: AsyncIterator[bytes],
) -> tuple[int, MediaAsset | None]:
    """Append a PATCH's body at `Upload-Offset`; the new offset, and the asset once complete."""
    state, data, state_path = await load(rt, upload_id, viewer_id)
    if state.asset_id is not None:
        raise errors.conflict("This upload is complete")
    if offset_header is None or not (offset_header.isascii() and offset_header.isdigit()) or len(offset_header) > 15:
        raise errors.bad_input("Send `Upload-Offset`")
    with _locked(data) as fd:
        start = os.fstat(fd).st_size
        if int(offset_header) != start:
            raise errors.conflict(f"`Upload-Offset` is {offset_header}, the upload is at {start}")
        past_end = errors.MediaError(
            413, "PAYLOAD_TOO_LARGE", f"The PATCH goes past `Upload-Length` ({state.length} bytes)"
        )
        if (
            content_length is not None
            and content_length.isascii()
            and content_length.isdigit()
            and start + int(content_length) > state.length
        ):
            raise past_end
        offset = start
        try:
            async for chunk in chunks:
                if offset + len(chunk) > state.length:
                    raise past_end
                await asyncio.to_thread(_write_all, fd, chunk)
                offset += len(chunk)
        except errors.MediaError:
            os.truncate(data, start)  # refused whole: the upload is as it was before this PATCH
            raise
        # A client gone mid-PATCH keeps what arrived: resuming from there is tus' point.
        if offset < state.length:
            return offset, None
        asset = await _complete(rt, state, data, state_path)
    return offset, asset


async def _complete(rt: Runtime, state: UploadState, data: Path, state_path: Path) -> MediaAsset:
    sha256, head = await asyncio.to_thread(hash_file, data)
    received = Received(path=data, size=state.length, sha256=sha256, head=head)
    try:
        asset = await store(rt, UUID(state.owner), parse_kind(state.kind), state.name, received)
    except BaseException:
        await asyncio.to_thread(state_path.unlink, missing_ok=True)  # refused (its type): the upload is gone
        raise
    state.asset_id = str(asset.id)
    async with aiofiles.open(state_path, "wb") as handle:
        await handle.write(orjson.dumps(asdict(state)))
    return asset


async def completed_asset(rt: Runtime, state: UploadState) -> MediaAsset:
    if state.asset_id is None:
        raise errors.conflict("This upload is not complete yet")
    asset = await MediaAsset.get_or_none(id=state.asset_id)
    if asset is None:
        raise errors.not_found("Upload")
    return asset
