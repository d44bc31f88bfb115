"""tus 1.0.0 resumable uploads: the uploader's alone, offsets checked, never past the length."""

from __future__ import annotations

import base64
import hashlib

import httpx

from edusphere.auth.sessions import AuthResult
from edusphere.core.runtime import Runtime
from edusphere.media.models import MediaAsset
from tests.courses import factories as courses
from tests.media.helpers import ELF, MP4, bearer

TUS = {"tus-resumable": "1.0.0"}


def _metadata(kind: str, filename: str) -> str:
    b64 = lambda text: base64.b64encode(text.encode()).decode()  # noqa: E731
    return f"kind {b64(kind)},filename {b64(filename)}"


async def _create(http: httpx.AsyncClient, auth: AuthResult, length: int, kind: str = "VIDEO") -> str:
    response = await http.post(
        "/media/uploads",
        headers={**TUS, **bearer(auth), "upload-length": str(length), "upload-metadata": _metadata(kind, "big.mp4")},
    )
    assert response.status_code == 201, response.text
    location: str = response.headers["location"]
    assert location.startswith("/media/uploads/")
    return location


async def _patch(http: httpx.AsyncClient, auth: AuthResult, location: str, offset: int, data: bytes) -> httpx.Response:
    headers = {**TUS, **bearer(auth), "upload-offset": str(offset), "content-type": "application/offset+octet-stream"}
    return await http.patch(location, content=data, headers=headers)


async def _offset(http: httpx.AsyncClient, auth: AuthResult, location: str) -> int:
    response = await http.head(location, headers={**TUS, **bearer(auth)})
    assert response.status_code == 200
    return int(response.headers["upload-offset"])


async def test_options_describes_the_server(http: httpx.AsyncClient, runtime: Runtime) -> None:
    response = await http.options("/media/uploads")
    assert response.status_code == 204
    assert response.headers["tus-version"] == "1.0.0"
    assert response.headers["tus-extension"] == "creation"
    assert int(response.headers["tus-max-size"]) == runtime.settings.media.max_video_bytes


async def test_someone_elses_upload_is_not_found_and_stays_as_it_was(runtime: Runtime, http: httpx.AsyncClient) -> None:
    owner, intruder = await courses.creator(runtime), await courses.creator(runtime)
    location = await _create(http, owner, len(MP4))
    assert (await _patch(http, owner, location, 0, MP4[:100])).status_code == 204
    assert (await _patch(http, intruder, location, 100, MP4[100:])).status_code == 404
    assert (await http.head(location, headers={**TUS, **bearer(intruder)})).status_code == 404
    assert (await http.get(location, headers={**TUS, **bearer(intruder)})).status_code == 404
    anonymous = {**TUS, "upload-offset": "100", "content-type": "application/offset+octet-stream"}
    no_token = await http.patch(location, content=b"x", headers=anonymous)
    assert no_token.status_code == 401
    assert await _offset(http, owner, location) == 100


async def test_an_offset_mismatch_is_a_conflict(runtime: Runtime, http: httpx.AsyncClient) -> None:
    owner = await courses.creator(runtime)
    location = await _create(http, owner, len(MP4))
    assert (await _patch(http, owner, location, 0, MP4[:50])).status_code == 204
    for wrong in (0, 49, 51, 10_000):
        response = await _patch(http, owner, location, wrong, MP4[50:60])
        assert response.status_code == 409, wrong
        assert response.json()["error"]["code"] == "CONFLICT"
    assert await _offset(http, owner, location) == 50


async def test_bytes_past_upload_length_are_refused_and_the_patch_undone(
    runtime: Runtime, http: httpx.AsyncClient
) -> None:
    owner = await courses.creator(runtime)
    location = await _create(http, owner, 100)
    assert (await _patch(http, owner, location, 0, MP4[:60])).status_code == 204
    response = await _patch(http, owner, location, 60, MP4[60:200])
    assert response.status_code == 413
    assert await _offset(http, owner, location) == 60
    assert await MediaAsset.all().count() == 0


async def test_bad_creations_are_refused(runtime: Runtime, http: httpx.AsyncClient) -> None:
    owner = await courses.creator(runtime)
    base = {**TUS, **bearer(owner)}
    limit = runtime.settings.media.max_video_bytes
    cases = [
        ({"upload-length": str(limit + 1), "upload-metadata": _metadata("VIDEO", "a.mp4")}, 413),
        ({"upload-length": "-5", "upload-metadata": _metadata("VIDEO", "a.mp4")}, 400),
        ({"upload-metadata": _metadata("VIDEO", "a.mp4")}, 400),
        ({"upload-length": "10", "upload-metadata": _metadata("SCRIPT", "a.mp4")}, 400),
        ({"upload-length": "10", "upload-metadata": "kind !!!notbase64"}, 400),
        ({"upload-length": "0", "upload-metadata": _metadata("FILE", "a.txt")}, 400),
    ]
    for extra, status in cases:
        response = await http.post("/media/uploads", headers={**base, **extra})
        assert response.status_code == status, (extra, response.text)
        assert "error" in response.json()
    creation = {"upload-length": "10", "upload-metadata": _metadata("FILE", "a.txt")}
    unversioned = await http.post("/media/uploads", headers={**bearer(owner), **creation})
    assert unversioned.status_code == 412
    anonymous = await http.post("/media/uploads", headers={**TUS, **creation})
    assert anonymous.status_code == 401
    assert await MediaAsset.all().count() == 0


async def test_an_executable_uploaded_in_pieces_is_refused_at_the_end(
    runtime: Runtime, http: httpx.AsyncClient
) -> None:
    owner = await courses.creator(runtime)
    location = await _create(http, owner, len(ELF), kind="FILE")
    assert (await _patch(http, owner, location, 0, ELF[:10])).status_code == 204
    response = await _patch(http, owner, location, 10, ELF[10:])
    assert response.status_code == 400
    assert await MediaAsset.all().count() == 0
    assert (await http.head(location, headers={**TUS, **bearer(owner)})).status_code == 404


async def test_a_resumed_upload_becomes_an_asset(runtime: Runtime, http: httpx.AsyncClient) -> None:
    owner = await courses.creator(runtime)
    location = await _create(http, owner, len(MP4))
    cut = len(MP4) // 3
    first = await _patch(http, owner, location, 0, MP4[:cut])
    assert (first.status_code, first.headers["upload-offset"]) == (204, str(cut))
    assert "upload-asset-id" not in first.headers
    pending = await http.get(location, headers={**TUS, **bearer(owner)})
    assert pending.status_code == 409
    offset = await _offset(http, owner, location)
    last = await _patch(http, owner, location, offset, MP4[offset:])
    assert last.status_code == 204
    assert last.headers["upload-offset"] == str(len(MP4))
    asset_id = last.headers["upload-asset-id"]
    done = await http.get(location, headers={**TUS, **bearer(owner)})
    assert done.status_code == 200
    assert (done.json()["id"], done.json()["mimeType"], done.json()["sizeBytes"]) == (asset_id, "video/mp4", len(MP4))
    asset = await MediaAsset.get(id=asset_id)
    assert asset.sha256 == hashlib.sha256(MP4).hexdigest()
    assert asset.original_name == "big.mp4"
    path = runtime.settings.media_dir / "protected" / asset.sha256[:2] / asset.sha256
    assert path.read_bytes() == MP4
    again = await _patch(http, owner, location, len(MP4), b"x")
    assert again.status_code == 409
