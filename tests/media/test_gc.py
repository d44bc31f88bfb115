"""`edusphere media gc`: unused, old assets go; files stay while another row has the bytes."""

from __future__ import annotations

import hashlib
import os
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from edusphere.auth.models import User
from edusphere.core.runtime import Runtime
from edusphere.media.commands import _hours
from edusphere.media.gc import collect
from edusphere.media.models import MediaAsset
from edusphere.media.uploads import storage
from tests.courses import factories as courses
from tests.media.helpers import MP4, PDF, jpeg, lesson_with_asset, uploaded

LATER = datetime.now(UTC) + timedelta(days=30)


async def test_gc_keeps_what_is_used_or_young_and_files_another_row_needs(
    runtime: Runtime, http: httpx.AsyncClient
) -> None:
    author, other = await courses.creator(runtime), await courses.creator(runtime)
    used = await uploaded(http, author, "VIDEO", "used.mp4", MP4)
    await lesson_with_asset(runtime, author, used["id"])
    loose_copy = await uploaded(http, other, "VIDEO", "copy.mp4", MP4)  # same bytes as `used`
    await uploaded(http, author, "FILE", "loose.pdf", PDF)
    avatar = await uploaded(http, author, "IMAGE", "me.jpg", jpeg(40, 40))
    await User.filter(id=author.user.id).update(avatar_asset_id=avatar["id"])
    unused_image = await uploaded(http, other, "IMAGE", "x.jpg", jpeg(50, 30))
    root = runtime.settings.media_dir
    video_file = root / "protected" / hashlib.sha256(MP4).hexdigest()[:2] / hashlib.sha256(MP4).hexdigest()
    pdf_sha = hashlib.sha256(PDF).hexdigest()
    image_keys = [v["key"] for v in (await MediaAsset.get(id=unused_image["id"])).variants]
    stale = storage(runtime).new_temp_path()
    stale.write_bytes(b"half an upload")
    os.utime(stale, (time.time() - 3 * 86400, time.time() - 3 * 86400))

    young = await collect(storage(runtime), grace_hours=24)
    assert (young.assets_deleted, young.files_deleted, young.incoming_deleted) == (0, 0, 1)
    assert not stale.exists()

    report = await collect(storage(runtime), grace_hours=24, now=LATER)
    assert report.assets_deleted == 3  # loose_copy, loose, unused_image
    remaining = {str(a.id) for a in await MediaAsset.all()}
    assert remaining == {used["id"], avatar["id"]}
    assert loose_copy["id"] not in remaining
    assert video_file.read_bytes() == MP4  # `used` has the same bytes
    assert not (root / "protected" / pdf_sha[:2] / pdf_sha).exists()
    assert image_keys
    assert not any((root / key).exists() for key in image_keys)
    assert report.files_deleted == 1 + len(image_keys)
    assert (await collect(storage(runtime), grace_hours=0, now=LATER)).assets_deleted == 0


@pytest.mark.parametrize("raw", ["-1", "abc", "nan", "1e9"])
def test_gc_refuses_a_nonsense_grace_period(raw: str) -> None:
    import argparse

    with pytest.raises(argparse.ArgumentTypeError):
        _hours(raw)
