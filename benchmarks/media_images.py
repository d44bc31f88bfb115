"""What processing uploaded photos costs the requests a server is answering at the same time.

Starts EduSphere (this module's `serve`: the real app plus one benchmark-only route,
`POST /_bench/images`, that runs `process_image` on photos already on disk) pinned to CPU 0 —
its image pool's processes with it, so they share the core with the event loop as they would
on a small host. From CPU 1 it drives `GET /healthz`, first with nothing processing, then while
eight 24-megapixel JPEGs (sideways, EXIF orientation 6) are processed through the pool, and
prints both latencies (same run, same server). `--inline` adds a third line: the same photos
decoded on the event loop itself, which is what the pool is for.

    PYTHONPATH=. python -m benchmarks.media_images [--photos 8] [--seconds 5] [--connections 8] [--inline]

`measure(base_url, photo_dir, ...)` can be called with another server that has the route (the
Nginx benchmark's, for instance).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx

from benchmarks.harness import (
    LoadResult,
    connected_database,
    data_directory,
    http_load,
    http_request,
    pin_to_cpu,
    server_process,
    use_uvloop,
)

ROUTE = "/_bench/images"
PHOTO_DIR = "bench-photos"


def make_photos(directory: Path, count: int) -> list[Path]:
    """`count` camera-like 24-megapixel JPEGs (6000x4000, gradients and sensor noise, EXIF
    orientation 6 and a GPS block): one is encoded, the others are copies (the work per photo
    is the same; nothing caches)."""
    from PIL import ExifTags, Image

    directory.mkdir(parents=True, exist_ok=True)
    size = (6000, 4000)
    gradient = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, 18)
    channels = [Image.blend(gradient, noise, 0.35), Image.blend(gradient.rotate(180), noise, 0.2), noise]
    photo = Image.merge("RGB", [channel.convert("L") for channel in channels])
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 29.0)
    first = directory / "photo-0.jpg"
    photo.save(first, "JPEG", quality=88, exif=exif)
    paths = [first]
    for n in range(1, count):
        paths.append(directory / f"photo-{n}.jpg")
        shutil.copyfile(first, paths[-1])
    return paths


# ----- the server side: EduSphere plus the benchmark's route ----------------------------------


def serve(port: int) -> None:
    from sanic import Request, json
    from sanic.response import HTTPResponse

    from edusphere.app import create_app
    from edusphere.core.settings import Settings
    from edusphere.media.images import new_pool, process_image, render_variants

    settings = Settings.from_env()
    app = create_app(settings, name="edusphere_media_bench")
    photo_dir = settings.data_dir / PHOTO_DIR

    @app.before_server_start
    async def start_pool(app: Any) -> None:
        # The media domain's pool when it has one, else one made the same way.
        existing = app.ctx.runtime.caches.get("media-image-pool")
        app.ctx.bench_pool = existing or new_pool(settings.media.image_workers)
        app.ctx.bench_owns_pool = existing is None

    @app.after_server_stop
    async def stop_pool(app: Any) -> None:
        if app.ctx.bench_owns_pool:
            app.ctx.bench_pool.shutdown()

    async def process(request: Request) -> HTTPResponse:
        sources = sorted(photo_dir.glob("photo-*.jpg"))
        out = settings.data_dir / "bench-out"
        started = time.perf_counter()
        if request.args.get("inline"):
            widths, pixels = tuple(settings.media.image_widths), settings.media.max_image_pixels
            for n, source in enumerate(sources):
                render_variants(source, out / f"inline-{n}", widths, pixels)  # blocks the loop: on purpose
        else:
            pool = request.app.ctx.bench_pool
            await asyncio.gather(*(process_image(pool, s, out / str(n), settings.media) for n, s in enumerate(sources)))
        return json({"photos": len(sources), "seconds": time.perf_counter() - started})

    app.add_route(process, ROUTE, methods=["POST"])
    app.run(host="127.0.0.1", port=port, single_process=True, access_log=False, motd=False)


# ----- the generator side ---------------------------------------------------------------------


async def _healthz_while(base_url: str, busy: asyncio.Task[Any], name: str, connections: int) -> LoadResult:
    """`/healthz` load in half-second rounds until `busy` is done, as one result."""
    health = http_request("GET", "/healthz", base_url.removeprefix("http://"))
    total = LoadResult(name, 0.0)
    while not busy.done():
        part = await http_load(base_url, health, name=name, connections=connections, seconds=0.5)
        total.latencies += part.latencies
        total.errors += part.errors
        total.seconds += part.seconds
    return total


async def measure(base_url: str, *, photos: int, seconds: float, connections: int, inline: bool) -> None:
    health = http_request("GET", "/healthz", base_url.removeprefix("http://"))
    await http_load(base_url, health, name="warm-up", connections=connections, seconds=1)
    idle = await http_load(
        base_url, health, name="/healthz, nothing processing", connections=connections, seconds=seconds
    )
    lines = [idle.line()]
    async with httpx.AsyncClient(base_url=base_url, timeout=600) as client:
        modes = [("pool", {}), *([("inline", {"inline": "1"})] if inline else [])]
        for mode, params in modes:
            task = asyncio.create_task(client.post(ROUTE, params=params))
            label = f"/healthz, {photos} photos ({mode})"
            result = await _healthz_while(base_url, task, label, connections)
            response = await task
            response.raise_for_status()
            took = response.json()["seconds"]
            lines.append(result.line())
            lines.append(f"{'':<28} {photos} x 24 MP in {took:.2f} s ({took / photos:.2f} s per photo, {mode})")
    print(f"{connections} connections; server and its image pool on CPU 0, generator on CPU 1")
    for line in lines:
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", choices=["serve"], help="(internal) run the benchmark's server")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--photos", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5, help="seconds of the idle measurement")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--inline", action="store_true", help="also decode on the event loop (no pool)")
    args = parser.parse_args()
    if args.command == "serve":
        serve(args.port)
        return
    use_uvloop()
    asyncio.run(run(args))


async def run(args: argparse.Namespace) -> None:
    async with AsyncExitStack() as stack:
        data_dir = stack.enter_context(data_directory())
        make_photos(Path(data_dir) / PHOTO_DIR, args.photos)
        database_url, redis_url = await connected_database(stack, data_dir)
        env = {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "PYTHONUNBUFFERED": "1"}
        base_url, _ = stack.enter_context(
            server_process(cpu=0, data_dir=data_dir, extra_env=env, module="benchmarks.media_images")
        )
        pin_to_cpu(1 if (os.cpu_count() or 1) > 1 else 0)
        await measure(base_url, photos=args.photos, seconds=args.seconds, connections=args.connections,
                      inline=args.inline)  # fmt: skip


if __name__ == "__main__":
    main()
