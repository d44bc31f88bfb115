"""What media brings: its routes (uploads, tus, protected and public downloads), the image
process pool each server process owns, and `edusphere media gc`."""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
from collections.abc import Sequence

from sanic import Blueprint

from edusphere.core.domain import Domain, Worker
from edusphere.core.runtime import Runtime
from edusphere.media import commands

IMAGE_POOL = "media-image-pool"  # = uploads.IMAGE_POOL (not imported: listing domains stays light)


def _blueprints() -> Sequence[Blueprint]:
    from edusphere.media.routes import bp

    return (bp,)


class ImagePool:
    """Pillow's processes for this server process (decoding never runs on the event loop),
    spawned (a child never inherits the server's sockets, threads or loop) at a lower priority
    (`images.new_pool`)."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    async def start(self) -> None:
        from edusphere.media.images import new_pool

        # Sanic's worker processes are daemonic, and multiprocessing refuses a daemonic process
        # children (they would be orphaned when it is killed). This process shuts its pool down
        # itself (`stop`), and a pool process whose parent dies exits when its pipe breaks, so
        # the refusal is lifted for this process.
        process = multiprocessing.current_process()
        if process.daemon:
            process._config["daemon"] = False  # type: ignore[attr-defined]
        self.pool = new_pool(self.rt.settings.media.image_workers)
        self.rt.caches[IMAGE_POOL] = self.pool

    async def stop(self) -> None:
        pool, self.pool = self.pool, None
        if self.rt.caches.get(IMAGE_POOL) is pool:
            del self.rt.caches[IMAGE_POOL]
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)

    def __repr__(self) -> str:
        return "ImagePool()"


def _image_pool(rt: Runtime, process_name: str) -> Worker:
    return ImagePool(rt)


DOMAIN = Domain(
    name="media",
    package="edusphere.media",
    blueprints=_blueprints,
    workers=(_image_pool,),
    commands=commands.install,
)
