"""Each media test starts with an empty media directory (the database is emptied anyway)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from edusphere.core.runtime import Runtime


@pytest.fixture(autouse=True)
def _empty_media_dir(runtime: Runtime) -> Iterator[None]:
    yield
    shutil.rmtree(runtime.settings.media_dir, ignore_errors=True)
