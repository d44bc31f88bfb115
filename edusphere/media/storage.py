"""Where media bytes live: content-addressed keys under one root, behind a small interface.

Keys (also the paths below the root, and the tail of the public URL):

- `public/<sha[:2]>/<sha>-<width>.<ext>`: an image variant EduSphere re-encoded; Nginx may
  serve the whole `public/` tree from disk, so nothing else is ever put there.
- `protected/<sha[:2]>/<sha>`: a lesson video or file, served only after an access check.
- `incoming/`: uploads being received (temp files, tus uploads and their state); always on
  local disk, even when a future store keeps the rest elsewhere.

A key names its content (the SHA-256 of the uploaded bytes), so `put` of a key that exists is
a no-op: the bytes are the same. `put` moves a finished temp file into place with one
`os.replace` (atomic on one file system), so a reader never sees half a file. `Storage` is the
whole interface an S3-compatible store would implement (`local_path` would answer `None` and
downloads would be presigned redirects).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import re
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

import aiofiles
import aiofiles.os

SHA256 = re.compile(r"[0-9a-f]{64}")
_PUBLIC_KEY = re.compile(r"public/([0-9a-f]{2})/([0-9a-f]{64})-([1-9][0-9]{0,4})\.(webp|avif|jpg|png)")
_PROTECTED_KEY = re.compile(r"protected/([0-9a-f]{2})/([0-9a-f]{64})")
PUBLIC_EXTENSIONS = {"webp": "image/webp", "avif": "image/avif", "jpg": "image/jpeg", "png": "image/png"}
READ_CHUNK = 256 * 1024


class InvalidKey(ValueError):
    """A key that is not one of the layout's shapes (a traversal attempt, a typo)."""


def protected_key(sha256: str) -> str:
    if not SHA256.fullmatch(sha256):
        raise InvalidKey(sha256)
    return f"protected/{sha256[:2]}/{sha256}"


def public_key(sha256: str, width: int, ext: str) -> str:
    key = f"public/{sha256[:2]}/{sha256}-{width}.{ext}"
    check_key(key)
    return key


def check_key(key: str) -> str:
    """The key if it has one of the layout's exact shapes (and its prefix matches its hash);
    anything else (`..`, `/`, NUL, another directory) is refused before the file system
    sees it."""
    match = _PUBLIC_KEY.fullmatch(key) or _PROTECTED_KEY.fullmatch(key)
    if match is None or match.group(1) != match.group(2)[:2]:
        raise InvalidKey(key)
    return key


class Storage(Protocol):
    @property
    def incoming(self) -> Path:
        """A local directory for uploads in progress (same file system as the local store)."""

    def new_temp_path(self) -> Path:
        """A fresh, unused path under `incoming` for one upload's bytes."""

    async def put(self, key: str, source: Path) -> None:
        """Move `source` (a finished local file) to `key`; if `key` exists, drop `source`."""

    async def exists(self, key: str) -> bool: ...

    async def size(self, key: str) -> int | None: ...

    async def delete(self, key: str) -> None:
        """Remove `key`; a missing key is fine."""

    def local_path(self, key: str) -> Path | None:
        """Where the bytes are on this machine (sendfile, X-Accel-Redirect), or None."""

    def read(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        """Bytes `start`..`end` (inclusive) of `key`, in chunks."""


class LocalStorage:
    """The store on one directory (`settings.media_dir`)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def incoming(self) -> Path:
        return self.root / "incoming"

    def new_temp_path(self) -> Path:
        self.incoming.mkdir(parents=True, exist_ok=True)
        return self.incoming / f"{uuid.uuid4().hex}.part"

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    async def put(self, key: str, source: Path) -> None:
        target = self._path(key)
        await aiofiles.os.makedirs(target.parent, exist_ok=True)
        if await aiofiles.os.path.exists(target):
            await _remove(source)
            return
        try:
            await aiofiles.os.replace(source, target)
        except OSError as error:
            if error.errno != errno.EXDEV:  # another file system: copy next to it, then rename
                raise
            staging = target.with_name(f".{target.name}.{uuid.uuid4().hex}")
            await asyncio.to_thread(shutil.copyfile, source, staging)
            await aiofiles.os.replace(staging, target)
            await _remove(source)

    async def exists(self, key: str) -> bool:
        return bool(await aiofiles.os.path.isfile(self._path(key)))

    async def size(self, key: str) -> int | None:
        try:
            return int((await aiofiles.os.stat(self._path(key))).st_size)
        except FileNotFoundError:
            return None

    async def delete(self, key: str) -> None:
        await _remove(self._path(key))

    def local_path(self, key: str) -> Path | None:
        return self._path(key)

    async def read(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        async with aiofiles.open(self._path(key), "rb") as handle:
            await handle.seek(start)
            left = end - start + 1
            while left > 0:
                chunk = await handle.read(min(READ_CHUNK, left))
                if not chunk:
                    return
                left -= len(chunk)
                yield chunk


async def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        await aiofiles.os.remove(path)


def storage_for(media_dir: Path) -> LocalStorage:
    """The store of a server or command (one kind today)."""
    os.makedirs(media_dir, exist_ok=True)
    return LocalStorage(media_dir)
