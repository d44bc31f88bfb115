"""Receiving an upload and turning it into a `MediaAsset`, whichever route brought the bytes.

`Receiver` writes the bytes to a temp file under `incoming/` as they arrive (aiofiles), hashing
and counting them: the moment the count passes the kind's limit the temp file is removed and
413 is raised, before another byte is written. `store` then decides the type from the first
bytes (`sniff`), never from the name or the client's Content-Type, and

- IMAGE: hands the temp file to `images.process_image` (a process pool, never the event loop)
  and keeps only its re-encodings, as `public/<sha[:2]>/<sha>-<width>.<ext>`; the uploaded
  bytes themselves are never stored;
- VIDEO, FILE: moves the temp file to `protected/<sha[:2]>/<sha>`.

The same bytes are stored once (the key is their SHA-256); each upload still gets a row of its
own (its owner, its name). The row is written under a PostgreSQL advisory lock on the hash,
which `media gc` also takes before it deletes files, so gc never deletes a file a new row has
just started to use.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import aiofiles
from aiofiles.threadpool.binary import AsyncBufferedIOBase
from tortoise.transactions import in_transaction

from edusphere.core.runtime import Runtime
from edusphere.core.settings import MediaSettings
from edusphere.media import errors
from edusphere.media.models import MediaAsset, MediaKind
from edusphere.media.sniff import HEAD_BYTES, allowed, sniff
from edusphere.media.storage import PUBLIC_EXTENSIONS, LocalStorage, Storage, protected_key, public_key, storage_for

IMAGE_POOL = "media-image-pool"
STORAGE = "media-storage"
NAME_LENGTH = 255
_SPACES = re.compile(r"\s+")
_EXTENSION_BY_FORMAT = {"jpeg": "jpg", "jpg": "jpg", "png": "png", "webp": "webp", "avif": "avif"}


def limit_for(settings: MediaSettings, kind: MediaKind) -> int:
    return {
        MediaKind.IMAGE: settings.max_image_bytes,
        MediaKind.VIDEO: settings.max_video_bytes,
        MediaKind.FILE: settings.max_file_bytes,
    }[kind]


def largest_limit(settings: MediaSettings) -> int:
    return max(limit_for(settings, kind) for kind in MediaKind)


def parse_kind(raw: str) -> MediaKind:
    try:
        return MediaKind(raw.strip())
    except ValueError:
        raise errors.bad_input("`kind` must be IMAGE, VIDEO or FILE") from None


def safe_name(raw: str) -> str:
    """A display / download name from what the client called the file: the last path segment
    (either slash), no control or format characters (newlines, NUL, bidi overrides), spaces
    collapsed, no leading dots, at most 255 characters; `file` if nothing is left."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if unicodedata.category(c).startswith(("C", "Z")) else c for c in name)
    name = _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip().lstrip(".").strip()
    return name[:NAME_LENGTH].rstrip() or "file"


def storage(rt: Runtime) -> Storage:
    found = rt.caches.get(STORAGE)
    if found is None:
        found = rt.caches[STORAGE] = storage_for(rt.settings.media_dir)
    assert isinstance(found, LocalStorage)
    return found


@dataclass(frozen=True)
class Received:
    """A finished temp file: its path, size, SHA-256 and first bytes (for `sniff`)."""

    path: Path
    size: int
    sha256: str
    head: bytes


class Receiver:
    """One upload's bytes on their way to a temp file. Use `async with`: leaving by an error
    (413, a refused part, the client gone) removes the temp file."""

    def __init__(self, store: Storage, limit: int) -> None:
        self.path = store.new_temp_path()
        self.limit = limit
        self.size = 0
        self.head = b""
        self._hash = hashlib.sha256()
        self._file: AsyncBufferedIOBase | None = None
        self._done: Received | None = None

    async def __aenter__(self) -> Receiver:
        self._file = await aiofiles.open(self.path, "xb")
        return self

    async def __aexit__(self, kind: type[BaseException] | None, *_: Any) -> None:
        if self._file is not None:
            await self._file.close()
            self._file = None
        if kind is not None or self._done is None:
            self.discard()

    async def write(self, data: bytes) -> None:
        if not data:
            return
        self.size += len(data)
        if self.size > self.limit:
            self.discard()
            raise errors.too_large(self.limit)
        if len(self.head) < HEAD_BYTES:
            self.head += data[: HEAD_BYTES - len(self.head)]
        self._hash.update(data)
        assert self._file is not None
        await self._file.write(data)

    async def finish(self) -> Received:
        assert self._file is not None
        await self._file.close()
        self._file = None
        self._done = Received(self.path, self.size, self._hash.hexdigest(), self.head)
        return self._done

    def discard(self) -> None:
        """Synchronous on purpose: it also runs in a cancelled task (the client went away).
        Unlinking an open file is fine; `__aexit__` closes it."""
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.path)


async def store(rt: Runtime, owner_id: UUID, kind: MediaKind, name: str, received: Received) -> MediaAsset:
    """The asset for a finished upload; the temp file is gone afterwards, whatever happens."""
    try:
        return await _store(rt, owner_id, kind, name, received)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(received.path)


async def _store(rt: Runtime, owner_id: UUID, kind: MediaKind, name: str, received: Received) -> MediaAsset:
    if received.size == 0:
        raise errors.bad_input("The file is empty")
    mime = sniff(received.head)
    if not allowed(kind, mime):
        raise errors.bad_input(_refusal(kind, mime))
    assert mime is not None
    values: dict[str, Any] = {
        "owner_id": owner_id,
        "kind": kind,
        "mime_type": mime,
        "size_bytes": received.size,
        "sha256": received.sha256,
        "original_name": safe_name(name),
    }
    store_ = storage(rt)
    if kind is not MediaKind.IMAGE:
        async with _hash_locked(received.sha256):
            await store_.put(protected_key(received.sha256), received.path)
            return await MediaAsset.create(**values)
    reused = await _reusable_image(store_, received.sha256)
    if reused is not None:
        return await _create_image_row(values, reused, store_, received.sha256, None)
    with tempfile.TemporaryDirectory(dir=store_.incoming, prefix="img-") as out:
        image = await _process(rt, received.path, Path(out))
        return await _create_image_row(values, _image_values(image, received.sha256), store_, received.sha256, image)


def _refusal(kind: MediaKind, mime: str | None) -> str:
    if mime is None:
        return "This file type is not accepted (executables, scripts, HTML, SVG and XML are refused)"
    if kind is MediaKind.IMAGE:
        return f"An IMAGE must be a JPEG, PNG, GIF, WebP or AVIF image (this is {mime})"
    return f"A VIDEO must be an MP4 or WebM video (this is {mime})"


async def _process(rt: Runtime, source: Path, out_dir: Path) -> Any:
    from edusphere.media import images

    pool: concurrent.futures.Executor | None = rt.caches.get(IMAGE_POOL)
    if pool is None:
        raise errors.MediaError(503, "UNAVAILABLE", "Image processing is not running in this process")
    try:
        return await images.process_image(pool, source, out_dir, rt.settings.media)
    except images.ImageRefused as refused:
        raise errors.bad_input(f"This image cannot be used: {refused.reason}") from None


def _image_values(image: Any, sha256: str) -> dict[str, Any]:
    variants = []
    for variant in image.variants:
        ext = _EXTENSION_BY_FORMAT[str(variant.format).lower()]
        key = public_key(sha256, int(variant.width), ext)
        variants.append({
            "width": int(variant.width),
            "height": int(variant.height),
            "format": "jpeg" if ext == "jpg" else ext,
            "mime": PUBLIC_EXTENSIONS[ext],
            "key": key,
            "size": os.path.getsize(variant.path),
        })  # fmt: skip
    return {
        "width": int(image.width),
        "height": int(image.height),
        "variants": variants,
        "placeholder": image.placeholder or None,
    }


async def _reusable_image(store_: Storage, sha256: str) -> dict[str, Any] | None:
    """Another IMAGE row's re-encodings of the same bytes (no need to decode them again)."""
    other = await MediaAsset.filter(sha256=sha256, kind=MediaKind.IMAGE).order_by("-created_at").first()
    if other is None or not other.variants:
        return None
    for described in other.variants:
        if not await store_.exists(str(described["key"])):
            return None
    return {"width": other.width, "height": other.height, "variants": other.variants, "placeholder": other.placeholder}


async def _create_image_row(
    values: dict[str, Any], image_values: dict[str, Any], store_: Storage, sha256: str, image: Any
) -> MediaAsset:
    async with _hash_locked(sha256):
        if image is not None:
            for variant, described in zip(image.variants, image_values["variants"], strict=True):
                await store_.put(str(described["key"]), Path(variant.path))
        else:
            for described in image_values["variants"]:
                if not await store_.exists(str(described["key"])):
                    raise errors.MediaError(409, "CONFLICT", "The same image is being removed; upload it again")
        return await MediaAsset.create(**values, **image_values)


@contextlib.asynccontextmanager
async def _hash_locked(sha256: str) -> Any:
    async with in_transaction() as db:
        await db.execute_query("SELECT pg_advisory_xact_lock(hashtext('edusphere:media'), hashtext($1))", [sha256])
        yield db


def hash_file(path: Path) -> tuple[str, bytes]:
    """SHA-256 and first bytes of a finished file (tus uploads arrive over many requests, so
    their hash is computed once, at the end, in a thread)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
        digest.update(head)
        shutil.copyfileobj(handle, _Updater(digest), 1024 * 1024)
    return digest.hexdigest(), head


class _Updater:
    def __init__(self, digest: Any) -> None:
        self.digest = digest

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return len(data)
