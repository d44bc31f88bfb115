"""Media serving and uploads, side by side in one run:

(a) a protected lesson video (`--size-mib`, default 200 MiB) downloaded `--downloads` times over
    `--connections` connections three ways: through Nginx with X-Accel-Redirect (EduSphere checks
    the signed link, Nginx sends the file with sendfile), streamed by EduSphere itself (no Nginx),
    and streamed by EduSphere through Nginx (what production would do without X-Accel).
    Throughput, and server CPU seconds per GiB sent (EduSphere's processes plus Nginx's, all
    pinned to CPU 0; the client runs on CPU 1).
(b) EduSphere's RSS while a `--upload-mib` (default 1 GiB) video upload streams through Nginx
    (`POST /media`, request buffering off): sampled every 20 ms, it must not grow with the file.
(c) `/healthz` p99 while `--photos` 24-megapixel photos go through the image pool, beside the
    p99 with nothing processing (benchmarks/media_images.py, run last).

Starts its own EduSphere processes and Nginx (Debian's) on one data directory, with
DATABASE_URL/REDIS_URL from the environment or embedded servers; everything goes through the
public HTTP API (a creator signs up, uploads, builds a course around the video).

    PYTHONPATH=. python benchmarks/media.py [--size-mib 200] [--downloads 10] [--connections 4]
                                            [--upload-mib 1024]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import shutil
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import AsyncExitStack, contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import psutil

from benchmarks.harness import connected_database, data_directory, pin_to_cpu, server_cpu_seconds, server_process
from tests.processes import free_port

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PASSWORD = "a long enough benchmark password"  # noqa: S105 (throwaway accounts)
MiB = 1024 * 1024
GiB = 1024 * MiB


@contextmanager
def nginx_front(upstream_port: int, media_dir: Path, work: Path, cpu: int = 0) -> Iterator[tuple[str, int]]:
    """nginx/edusphere.conf in Debian's nginx (one worker, pinned to `cpu`) in front of one
    EduSphere; yields (base URL, master pid)."""
    work.mkdir(parents=True)
    port = free_port()
    conf = (ROOT / "nginx" / "edusphere.conf").read_text()
    conf = re.sub(r"(?:\n\s*server app-\d+:8000[^;]*;)+", f"\n    server 127.0.0.1:{upstream_port};", conf)
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("/srv/edusphere/media/", f"{media_dir}/")
    conf = conf.replace("root /srv/edusphere/frontend;", f"root {work};")
    (work / "edusphere.conf").write_text(conf)
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp_paths = "\n".join(f"{kind}_temp_path {work}/{kind};" for kind in kinds)
    (work / "nginx.conf").write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    {temp_paths}
    include {work}/edusphere.conf;
}}
""")
    prefix = ["taskset", "-c", str(cpu)] if shutil.which("taskset") and (os.cpu_count() or 1) > 1 else []
    process = subprocess.Popen([*prefix, NGINX, "-p", str(work), "-c", str(work / "nginx.conf")])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def write_video(path: Path, size: int, seed: bytes) -> None:
    """An MP4-looking file (`ftyp` isom, one `mdat` box) of `size` bytes: a 1 MiB block repeated
    (distinct per `seed`, so two files never share a content address)."""
    ftyp = struct.pack(">I", 24) + b"ftypisom" + struct.pack(">I", 0x200) + b"isomiso2"
    block = (seed * (MiB // len(seed) + 1))[:MiB]
    with path.open("wb") as out:
        out.write(ftyp + struct.pack(">I", size - len(ftyp)) + b"mdat")
        left = size - len(ftyp) - 8
        while left > 0:
            out.write(block[:left])
            left -= min(left, MiB)


class Api:
    """The public API of one EduSphere (or of Nginx in front of it)."""

    def __init__(self, base_url: str) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=600)

    def gql(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> Any:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        body = self.client.post("/graphql", json={"query": query, "variables": variables}, headers=headers).json()
        if "errors" in body:
            raise RuntimeError(body["errors"])
        return body["data"]

    def creator(self) -> str:
        email = f"bench-media-{secrets.token_hex(4)}@example.com"
        register = "mutation($i: RegisterInput!) { register(input: $i) { accessToken } }"
        variables = {"i": {"email": email, "password": PASSWORD, "displayName": "Bench Creator", "role": "CREATOR"}}
        token: str = self.gql(register, variables)["register"]["accessToken"]
        self.verify(email)  # publishing needs a verified address
        return token

    def verify(self, email: str) -> None:
        """Follow the verification link the server mailed (its development catcher has it)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for mail in self.gql("{ devMailbox(first: 50) { to text } }")["devMailbox"]:
                found = re.search(r"/verify-email\?token=([A-Za-z0-9_-]+)", mail["text"] or "")
                if found and any(email in to for to in mail["to"]):
                    self.gql("mutation($t: String!) { verifyEmail(token: $t) }", {"t": found.group(1)})
                    return
            time.sleep(0.1)
        raise RuntimeError(f"no verification mail to {email}")

    def upload(self, token: str, path: Path) -> dict[str, Any]:
        with path.open("rb") as source:
            files = {"file": (path.name, source, "video/mp4")}
            headers = {"authorization": f"Bearer {token}"}
            answer = self.client.post("/media", data={"kind": "VIDEO"}, files=files, headers=headers)
        if answer.status_code != 201:
            raise RuntimeError(f"upload refused: {answer.status_code} {answer.text}")
        asset: dict[str, Any] = answer.json()
        return asset

    def video_lesson_link(self, token: str, asset_id: str) -> str:
        """A published course whose one VIDEO lesson holds the asset; the creator's signed link."""
        course = self.gql("mutation($i: CourseInput!) { createCourse(input: $i) { id slug } }",
                          {"i": {"title": f"Media bench {secrets.token_hex(3)}", "description": "Bench",
                                 "categorySlug": "design"}}, token)["createCourse"]  # fmt: skip
        module = self.gql("mutation($c: ID!) { createModule(courseId: $c, title: \"M\") { id } }",
                          {"c": course["id"]}, token)["createModule"]  # fmt: skip
        new_lesson = "mutation($m: ID!, $i: LessonInput!) { createLesson(moduleId: $m, input: $i) { id } }"
        lesson = self.gql(new_lesson, {"m": module["id"], "i": {"title": "Video", "kind": "VIDEO"}}, token)
        lesson = lesson["createLesson"]
        self.gql("mutation($l: ID!, $a: ID) { setLessonAsset(lessonId: $l, assetId: $a) { id } }",
                 {"l": lesson["id"], "a": asset_id}, token)  # fmt: skip
        self.gql("mutation($c: ID!) { publishCourse(id: $c) { id } }", {"c": course["id"]}, token)
        found = self.gql("query($s: String!) { course(slug: $s) { modules { lessons { asset { url } } } } }",
                         {"s": course["slug"]}, token)  # fmt: skip
        url: str = found["course"]["modules"][0]["lessons"][0]["asset"]["url"]
        parts = urlsplit(url)
        return f"{parts.path}?{parts.query}"


def download(base_url: str, link: str, size: int) -> int:
    """One GET read to the end into a reused buffer (the client must cost little CPU); the bytes
    of body received, which must be `size`."""
    host, port = base_url.removeprefix("http://").split(":")
    buffer = bytearray(4 * MiB)
    view = memoryview(buffer)
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(f"GET {link} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(65536)
            if not chunk:
                raise RuntimeError("connection closed before the headers")
            head += chunk
        headers, _, body_start = head.partition(b"\r\n\r\n")
        if not headers.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(headers.decode(errors="replace"))
        received = len(body_start)
        while True:
            n = sock.recv_into(view)
            if not n:
                break
            received += n
    if received != size:
        raise RuntimeError(f"received {received} bytes of {size}")
    return received


def tree(pid: int) -> list[psutil.Process]:
    process = psutil.Process(pid)
    return [process, *process.children(recursive=True)]


def cpu_of(pids: list[int]) -> float:
    return sum(server_cpu_seconds(psutil.Process(pid)) for pid in pids)


def measure_downloads(name: str, base_url: str, link: str, size: int, downloads: int, connections: int,
                      server_pids: list[int]) -> str:  # fmt: skip
    download(base_url, link, size)  # warm: the file in the page cache, connections to the upstream open
    queue = list(range(downloads))
    lock = threading.Lock()
    total = [0]

    def worker() -> None:
        while True:
            with lock:
                if not queue:
                    return
                queue.pop()
            got = download(base_url, link, size)
            with lock:
                total[0] += got

    cpu_before, client_before = cpu_of(server_pids), time.process_time()
    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    cpu, client = cpu_of(server_pids) - cpu_before, time.process_time() - client_before
    gib = total[0] / GiB
    # The client's CPU beside it: near `seconds`, the client (one core) is what limits throughput.
    return (f"{name:<40} {total[0] / MiB / seconds:>6.0f} MiB/s   server CPU {cpu / gib:5.2f} s/GiB"
            f"   ({gib:.1f} GiB in {seconds:.1f} s; server CPU {cpu:.1f} s, client CPU {client:.1f} s)")  # fmt: skip


def rss(pid: int) -> int:
    total = 0
    for process in tree(pid):
        with suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total


def measure_upload_rss(api: Api, token: str, path: Path, server_pid: int) -> None:
    samples: list[int] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append(rss(server_pid))
            time.sleep(0.02)

    before = rss(server_pid)
    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    try:
        asset = api.upload(token, path)
    finally:
        done.set()
        sampler.join()
    seconds = time.perf_counter() - started
    after = rss(server_pid)
    size = path.stat().st_size
    peak = max(samples, default=before)
    quarter = len(samples) // 4
    early = max(samples[:quarter], default=before)
    whole = "the asset is whole" if asset["sizeBytes"] == size else f"WRONG SIZE {asset['sizeBytes']}"
    print(f"{size / MiB:.0f} MiB upload through Nginx (POST /media): {size / MiB / seconds:.0f} MiB/s, {whole}")
    print(f"  EduSphere RSS (all its processes): before {before / MiB:.1f} MiB, peak {peak / MiB:.1f} MiB"
          f" (+{(peak - before) / MiB:.1f} MiB), peak in the first quarter {early / MiB:.1f} MiB,"
          f" after {after / MiB:.1f} MiB; {len(samples)} samples")  # fmt: skip
    print(f"  growth over the upload: {100 * (peak - before) / size:.2f}% of the file's size")


async def run(args: argparse.Namespace) -> None:
    with data_directory() as data_dir:
        async with AsyncExitStack() as stack:
            database_url, redis_url = await connected_database(stack, data_dir)
            media_dir = Path(data_dir) / "media"
            for part in ("public", "protected"):
                (media_dir / part).mkdir(parents=True, exist_ok=True)
            env = {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "MEDIA_SIGNED_URL_SECONDS": "3600",
                   "EDUSPHERE_PROXIES_COUNT": "1"}  # fmt: skip
            x_accel = stack.enter_context(server_process(0, data_dir, {**env, "MEDIA_X_ACCEL": "1"}))
            streaming = stack.enter_context(server_process(0, data_dir, {**env, "MEDIA_X_ACCEL": "0"}))
            (x_accel_url, x_accel_process), (streaming_url, streaming_process) = x_accel, streaming
            front_x, nginx_x = stack.enter_context(
                nginx_front(int(x_accel_url.rsplit(":", 1)[1]), media_dir, Path(data_dir) / "nginx-x-accel")
            )
            front_s, nginx_s = stack.enter_context(
                nginx_front(int(streaming_url.rsplit(":", 1)[1]), media_dir, Path(data_dir) / "nginx-streaming")
            )
            pin_to_cpu(1)

            api = Api(front_x)
            token = api.creator()
            video = Path(data_dir) / "video.mp4"
            size = args.size_mib * MiB
            write_video(video, size, b"download" + secrets.token_bytes(8))
            started = time.perf_counter()
            asset = api.upload(token, video)
            print(f"setup: {args.size_mib} MiB video uploaded through Nginx in {time.perf_counter() - started:.1f} s")
            link = api.video_lesson_link(token, asset["id"])
            video.unlink()

            print(f"(a) protected {args.size_mib} MiB video, {args.downloads} downloads over {args.connections}"
                  " connections; EduSphere (a process each), Nginx (a worker) on CPU 0, client on CPU 1")  # fmt: skip
            x_pids, s_pids = [x_accel_process.pid], [streaming_process.pid]
            rows = [
                ("Nginx + X-Accel-Redirect (sendfile)", front_x, [*x_pids, nginx_x]),
                ("EduSphere streams it (no Nginx)", streaming_url, s_pids),
                ("EduSphere streams it through Nginx", front_s, [*s_pids, nginx_s]),
            ]
            for name, base, pids in rows:
                print(measure_downloads(name, base, link, size, args.downloads, args.connections, pids))

            upload = Path(data_dir) / "upload.mp4"
            write_video(upload, args.upload_mib * MiB, b"upload" + secrets.token_bytes(8))
            print("(b)", end=" ")
            measure_upload_rss(api, token, upload, x_accel_process.pid)
            api.client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mib", type=int, default=200)
    parser.add_argument("--downloads", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--upload-mib", type=int, default=1024)
    parser.add_argument("--photos", type=int, default=8, help="(c): 24-megapixel photos processed meanwhile")
    args = parser.parse_args()
    asyncio.run(run(args))
    # (c) runs its own server (with a route that feeds the image pool): benchmarks/media_images.py.
    from benchmarks import media_images

    print("(c)", end=" ")
    asyncio.run(media_images.run(argparse.Namespace(photos=args.photos, seconds=5, connections=8, inline=False)))


if __name__ == "__main__":
    main()
