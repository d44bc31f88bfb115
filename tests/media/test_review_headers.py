"""Review: hostile header values on the media routes must be clear 400s, never a 500."""

from __future__ import annotations

import httpx

from edusphere.core.runtime import Runtime
from tests.courses import factories as courses
from tests.media.helpers import MP4, bearer, form

TUS = {"tus-resumable": "1.0.0"}
KIND_VIDEO = "kind VklERU8="  # base64("VIDEO")


async def test_upload_metadata_with_non_ascii_base64_is_bad_input(runtime: Runtime, http: httpx.AsyncClient) -> None:
    author = await courses.creator(runtime)
    headers = {**TUS, **bearer(author), "upload-length": "100"}
    headers["upload-metadata"] = "kind VklERU8=,filename é€".encode()  # type: ignore[assignment]
    response = await http.post("/media/uploads", headers=headers)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "BAD_USER_INPUT"


async def test_upload_length_of_superscript_digits_is_bad_input(runtime: Runtime, http: httpx.AsyncClient) -> None:
    author = await courses.creator(runtime)
    headers = {**TUS, **bearer(author), "upload-metadata": KIND_VIDEO}
    headers["upload-length"] = "²".encode()  # type: ignore[assignment]
    response = await http.post("/media/uploads", headers=headers)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "BAD_USER_INPUT"


async def test_upload_offset_of_superscript_digits_is_bad_input(runtime: Runtime, http: httpx.AsyncClient) -> None:
    author = await courses.creator(runtime)
    created = await http.post(
        "/media/uploads",
        headers={**TUS, **bearer(author), "upload-length": str(len(MP4)), "upload-metadata": KIND_VIDEO},
    )
    assert created.status_code == 201, created.text
    headers = {**TUS, **bearer(author), "content-type": "application/offset+octet-stream"}
    headers["upload-offset"] = "³".encode()  # type: ignore[assignment]
    response = await http.patch(created.headers["location"], content=MP4[:10], headers=headers)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "BAD_USER_INPUT"


async def test_multipart_content_type_with_non_latin1_characters_is_bad_input(
    runtime: Runtime, http: httpx.AsyncClient
) -> None:
    author = await courses.creator(runtime)
    body, _ = form("VIDEO", "a.mp4", MP4, boundary="xyz")
    headers: dict[str, object] = {**bearer(author), "content-type": "multipart/form-data; boundary=€xyz".encode()}
    response = await http.post("/media", content=body, headers=headers)  # type: ignore[arg-type]
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "BAD_USER_INPUT"
