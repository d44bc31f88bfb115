"""The bundled Nginx config (nginx/edusphere.conf) in Debian's real nginx, in front of TWO real
EduSphere processes sharing one database, Redis and media directory, as in production: the SPA
and its caching, the API spread over both processes, public media sent by Nginx from disk,
protected lesson video through X-Accel-Redirect (with Range) for exactly the learners who may
watch it, uploads streamed through the proxy (multipart and tus), and the chat WebSocket."""

from __future__ import annotations

import base64
import email.utils
import hashlib
import os
import re
import secrets
import shutil
import socket
import struct
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from playwright.async_api import expect

from tests.e2e.browser import DIST, ROOT
from tests.e2e.conftest import ACCESS_TOKEN_TTL, PASSWORD, WEB_SECRET, NewPage, WebApp
from tests.e2e.mailbox import SHARED_MAILBOXES, verify_by_mail_sync
from tests.e2e.test_web_app import enrolled_course
from tests.payments.fakes.stripe_api import StripeFake
from tests.processes import command_env, free_port, run_edusphere, serving

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PROD_MEDIA = "/srv/edusphere/media/"
FILE_LIMIT = 4 * 1024 * 1024  # MEDIA_MAX_FILE_BYTES of these processes: an upload past it is EduSphere's 413
IMMUTABLE = "public, max-age=31536000, immutable"


def render(conf: str, port: int, upstream_ports: list[int], media_dir: Path) -> str:
    """The compose config, pointed at this test's servers, build, media and port. Each
    replacement must find its target: a renamed line in the config fails here, not later."""
    servers = "".join(f"\n    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;" for p in upstream_ports)
    conf, count = re.subn(r"(?:\n\s*server app-\d+:8000[^;]*;)+", servers, conf)
    assert count == 1, "the upstream's `server app-N:8000` lines"
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("root /srv/edusphere/frontend;", f"root {DIST};"),
        (PROD_MEDIA, f"{media_dir}/"),
    ):
        assert old in conf, old
        conf = conf.replace(old, new)
    return conf


@dataclass
class Front:
    """Nginx (`base`) in front of the EduSphere processes listening on `app_ports`."""

    base: str
    app_ports: list[int]
    media_dir: Path
    access_log: Path
    env: dict[str, str]
    workdir: Path

    def upstreams(self, path: str) -> list[str]:
        """For each request Nginx logged for `path` (a prefix), the EduSphere it went to ("-": none)."""
        found = []
        for line in self.access_log.read_text().splitlines():
            method_uri, _, upstream = line.rpartition(" upstream=")
            if method_uri.split(" ")[1].startswith(path):
                found.append(upstream)
        return found


@pytest.fixture(scope="module")
def front(
    web_app: WebApp, web_database_url: str, redis_url: str, web_stripe: StripeFake,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Front]:  # fmt: skip
    work = Path(tmp_path_factory.mktemp("nginx"))
    data_dir = work / "var"
    media_dir = data_dir / "media"
    for part in ("public", "protected"):
        (media_dir / part).mkdir(parents=True)
    port = free_port()
    app_ports = [free_port(), free_port()]
    # Both processes as production runs them behind Nginx: one database, Redis namespace and
    # media directory; the client address from X-Forwarded-For; protected bytes sent by Nginx.
    env = command_env(DATABASE_URL=web_database_url, REDIS_URL=redis_url, EDUSPHERE_REDIS_PREFIX=web_app.redis_prefix,
                      SECRET_KEY=WEB_SECRET, EDUSPHERE_ENV="test", EDUSPHERE_STATIC_DIR=str(DIST),
                      EDUSPHERE_DATA_DIR=str(data_dir), CHAT_SEND_BURST="200", CHAT_SENDS_PER_SECOND="50",
                      ACCESS_TOKEN_TTL_SECONDS=str(ACCESS_TOKEN_TTL), REGISTER_LIMIT_PER_ADDRESS="1000/900",
                      PUBLIC_BASE_URL=f"http://127.0.0.1:{port}", EDUSPHERE_PROXIES_COUNT="1", MEDIA_X_ACCEL="1",
                      MEDIA_MAX_FILE_BYTES=str(FILE_LIMIT), STRIPE_SECRET_KEY=web_stripe.secret_key,
                      STRIPE_WEBHOOK_SECRET=web_stripe.webhook_secret, STRIPE_API_BASE=web_stripe.url)  # fmt: skip
    conf = render((ROOT / "nginx" / "edusphere.conf").read_text(), port, app_ports, media_dir)
    (work / "edusphere.conf").write_text(conf)
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp_paths = "\n".join(f"{kind}_temp_path {work}/{kind};" for kind in kinds)
    (work / "nginx.conf").write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    log_format upstreams '$request_method $request_uri $status upstream=$upstream_addr';
    access_log {work}/access.log upstreams;
    {temp_paths}
    include {work}/edusphere.conf;
}}
""")
    command = [NGINX, "-p", str(work), "-c", str(work / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    with ExitStack() as stack:
        for app_port in app_ports:
            stack.enter_context(serving(app_port, env, work))
        process = subprocess.Popen(command)
        stack.callback(process.wait, timeout=10)
        stack.callback(process.terminate)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        SHARED_MAILBOXES.append(base)  # these processes' outbox workers drain web_app's database too
        yield Front(base, app_ports, media_dir, work / "access.log", env, work)
        SHARED_MAILBOXES.remove(base)


@pytest.fixture(scope="module")
def nginx(front: Front) -> str:
    return front.base


def gql(client: httpx.Client, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers).json()
    assert "errors" not in body, body
    return body["data"]


def register(client: httpx.Client, role: str, name: str) -> tuple[str, str]:
    """A new account through Nginx; returns (user id, access token)."""
    email = f"{name.lower().replace(' ', '.')}.{secrets.token_hex(3)}@example.com"
    token = gql(
        client,
        "mutation($i: RegisterInput!) { register(input: $i) { accessToken } }",
        {"i": {"email": email, "password": PASSWORD, "displayName": name, "role": role}},
    )["register"]["accessToken"]
    verify_by_mail_sync(client, email)  # publishing and buying need a verified address
    return gql(client, "{ me { id } }", token=token)["me"]["id"], token


def admin_token(front: Front, client: httpx.Client) -> str:
    email = f"admin.{secrets.token_hex(3)}@example.com"
    made = run_edusphere("createadmin", "--email", email, "--password-stdin", env=front.env,
                         stdin=PASSWORD + "\n", cwd=front.workdir)  # fmt: skip
    assert made.returncode == 0, made.stderr
    login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"
    token: str = gql(client, login, {"e": email, "p": PASSWORD})["login"]["accessToken"]
    return token


def mp4(size: int) -> bytes:
    """An ISO BMFF file (`ftyp` isom, then one `mdat` box) of exactly `size` bytes."""
    ftyp = struct.pack(">I", 24) + b"ftypisom" + struct.pack(">I", 0x200) + b"isomiso2"
    payload = os.urandom(size - len(ftyp) - 8)
    return ftyp + struct.pack(">I", len(payload) + 8) + b"mdat" + payload


def upload(client: httpx.Client, token: str, kind: str, name: str, data: bytes, mime: str) -> httpx.Response:
    return client.post("/media", data={"kind": kind}, files={"file": (name, data, mime)},
                       headers={"authorization": f"Bearer {token}"})  # fmt: skip


def test_the_app_shell_assets_and_api_through_nginx(nginx: str) -> None:
    with httpx.Client(base_url=nginx, timeout=10) as client:
        for path in ("/", "/courses/some-slug", "/courses/x/chat/general", "/learn/a-course/lessons/42"):
            shell = client.get(path)
            assert shell.status_code == 200
            assert '<div id="app"></div>' in shell.text
            assert shell.headers["cache-control"] == "no-cache"  # a deep link is the shell, revalidated
            assert "frame-ancestors 'none'" in shell.headers["content-security-policy"]
        index = client.get("/index.html")
        assert index.headers["cache-control"] == "no-cache"
        assert "script-src 'self'" in index.headers["content-security-policy"]
        assert index.headers["x-content-type-options"] == "nosniff"
        assert index.headers["referrer-policy"] == "same-origin"
        assert index.headers["server"] == "nginx"  # no version
        script = re.search(r'src="(/assets/[^"]+\.js)"', shell.text)
        assert script is not None
        asset = client.get(script.group(1), headers={"accept-encoding": "gzip"})
        assert asset.status_code == 200
        assert asset.headers["cache-control"] == IMMUTABLE
        assert "javascript" in asset.headers["content-type"]
        assert asset.headers["content-encoding"] == "gzip"  # text is compressed
        assert asset.headers["x-content-type-options"] == "nosniff"
        assert client.get("/assets/gone.js").status_code == 404
        assert client.get("/favicon.ico").status_code == 404
        answer = client.post("/graphql", json={"query": "{ categories { slug } }"}).json()
        assert {"slug": "programming"} in answer["data"]["categories"]
        # Webhooks reach the app (which refuses an unsigned delivery), not the SPA's fallback.
        webhook = client.post(
            "/webhooks/stripe", content=b'{"id": "evt_1"}', headers={"content-type": "application/json"}
        )
        assert webhook.status_code == 400
        assert webhook.json()["error"]["code"] == "BAD_USER_INPUT"
        # So does one-click unsubscribe (POST) and its confirmation page (GET): a forged token is 400.
        for method in ("GET", "POST"):
            unsubscribe = client.request(method, "/unsubscribe", params={"token": "forged"})
            assert unsubscribe.status_code == 400
            assert "not valid" in unsubscribe.text
        # A certificate's page is the SPA's; its image is the app's (JSON 404 for a bad id).
        assert '<div id="app"></div>' in client.get("/certificates/5f0c6f1e-4f7b-4c55-9d2e-0d6a4f2b7c11").text
        for name in ("nope.png", "5f0c6f1e-4f7b-4c55-9d2e-0d6a4f2b7c11.png"):
            image = client.get(f"/certificates/{name}")
            assert image.status_code == 404
            assert image.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        # The X-Accel target is internal: no client reaches it directly.
        assert client.get("/_protected/ab/" + "ab" * 32).status_code == 404


def test_the_api_is_spread_over_both_processes(front: Front) -> None:
    with httpx.Client(base_url=front.base, timeout=10) as client:
        for _ in range(12):
            assert client.post("/graphql", json={"query": "{ categories { slug } }"}).status_code == 200
    went_to = set(front.upstreams("/graphql"))
    assert {f"127.0.0.1:{p}" for p in front.app_ports} <= went_to


def test_the_client_address_is_the_one_nginx_saw(front: Front) -> None:
    """EduSphere (EDUSPHERE_PROXIES_COUNT=1) takes the X-Forwarded-For entry Nginx appends: a
    client that makes up its own entries is still one address to the login limit."""
    login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"
    with httpx.Client(base_url=front.base, timeout=30) as client:
        email = gql(client, "{ me { email } }", token=register(client, "LEARNER", "Target Learner")[1])["me"]["email"]
        codes = []
        for n in range(12):
            answer = client.post("/graphql", json={"query": login, "variables": {"e": email, "p": f"wrong {n}"}},
                                 headers={"x-forwarded-for": f"203.0.113.{n + 1}"}).json()  # fmt: skip
            codes.append(answer["errors"][0]["extensions"]["code"])
    assert codes[0] != "RATE_LIMITED"
    assert codes[-1] == "RATE_LIMITED", codes


def test_public_media_is_sent_by_nginx_from_disk(front: Front) -> None:
    content = os.urandom(50_000)
    sha = hashlib.sha256(content).hexdigest()
    path = front.media_dir / "public" / sha[:2] / f"{sha}-640.webp"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    mtime = int(path.stat().st_mtime)
    url = f"/media/public/{sha[:2]}/{sha}-640.webp"
    with httpx.Client(base_url=front.base, timeout=10) as client:
        got = client.get(url, headers={"accept-encoding": "gzip"})
        assert got.status_code == 200
        assert got.content == content
        assert got.headers["cache-control"] == IMMUTABLE
        assert got.headers["content-type"] == "image/webp"
        assert got.headers["accept-ranges"] == "bytes"
        assert "content-encoding" not in got.headers  # images are not re-compressed
        assert got.headers["x-content-type-options"] == "nosniff"
        # Nginx's own validators: its ETag is "<mtime hex>-<size hex>" of the file on disk.
        assert got.headers["etag"] == f'"{mtime:x}-{len(content):x}"'
        assert got.headers["last-modified"] == email.utils.formatdate(mtime, usegmt=True)
        assert got.headers["server"] == "nginx"
        again = client.get(url, headers={"if-none-match": got.headers["etag"]})
        assert again.status_code == 304
        part = client.get(url, headers={"range": "bytes=100-199"})
        assert part.status_code == 206
        assert part.content == content[100:200]
        missing = client.get(f"/media/public/{sha[:2]}/{'0' * 64}-640.webp")
        assert missing.status_code == 404
        # The protected tree is never reachable from the public one, however the path is spelled.
        secret = front.media_dir / "protected" / sha[:2] / sha
        secret.parent.mkdir(parents=True, exist_ok=True)
        secret.write_bytes(b"not for everyone " * 100)
        for sneaky in (f"/media/public/%2e%2e/protected/{sha[:2]}/{sha}",
                       f"/media/public/..%2Fprotected/{sha[:2]}/{sha}",
                       f"/media/public/{sha[:2]}/..%2F..%2Fprotected/{sha[:2]}/{sha}"):  # fmt: skip
            refused = client.get(sneaky)
            assert refused.status_code in (400, 403, 404), sneaky
            assert b"not for everyone" not in refused.content
    # EduSphere saw none of them: Nginx answered every one from disk.
    assert set(front.upstreams(f"/media/public/{sha[:2]}/{sha}")) == {"-"}
    assert set(front.upstreams(f"/media/public/{sha[:2]}/{'0' * 64}")) == {"-"}


COURSE = "mutation($i: CourseInput!) { createCourse(input: $i) { id slug } }"
MODULE = "mutation($c: ID!, $t: String!) { createModule(courseId: $c, title: $t) { id } }"
LESSON = "mutation($m: ID!, $i: LessonInput!) { createLesson(moduleId: $m, input: $i) { id } }"
SET_ASSET = "mutation($l: ID!, $a: ID) { setLessonAsset(lessonId: $l, assetId: $a) { id asset { id kind } } }"
PUBLISH = "mutation($c: ID!) { publishCourse(id: $c) { id } }"
CHECKOUT = """mutation($c: ID!) { checkout(courseId: $c, provider: TEST) { order { id status } } }"""
PAY = "mutation($o: ID!) { completeTestPayment(orderId: $o, approve: true) { id status } }"
REFUND = """mutation($o: ID!) { refundOrder(orderId: $o, reason: "Requested by the buyer") { id status } }"""
ASSET = """query($s: String!) { course(slug: $s) { modules { lessons { id asset {
  id kind mimeType sizeBytes name url urlExpiresAt } } } } }"""


def lesson_asset(client: httpx.Client, slug: str, token: str | None) -> Any:
    return gql(client, ASSET, {"s": slug}, token=token)["course"]["modules"][0]["lessons"][0]["asset"]


def relative(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_a_protected_video_through_x_accel_for_exactly_who_may_watch_it(front: Front) -> None:
    video = mp4(3 * 1024 * 1024 + 123)
    sha = hashlib.sha256(video).hexdigest()
    with httpx.Client(base_url=front.base, timeout=30) as client:
        _, creator = register(client, "CREATOR", "Video Creator")
        course = gql(client, COURSE, {"i": {"title": f"Video {secrets.token_hex(3)}", "description": "Watch it",
                                            "categorySlug": "design", "priceCents": 2_500}}, token=creator)  # fmt: skip
        course = course["createCourse"]
        module = gql(client, MODULE, {"c": course["id"], "t": "Start"}, token=creator)["createModule"]
        lesson = gql(client, LESSON, {"m": module["id"], "i": {"title": "Watch", "kind": "VIDEO"}}, token=creator)
        lesson_id = lesson["createLesson"]["id"]

        # The upload streams through Nginx to EduSphere (POST /media).
        uploaded = upload(client, creator, "VIDEO", "lesson one.mp4", video, "application/octet-stream")
        assert uploaded.status_code == 201, uploaded.text
        asset = uploaded.json()
        assert (asset["kind"], asset["mimeType"], asset["sizeBytes"], asset["url"]) == (
            "VIDEO", "video/mp4", len(video), None
        )  # fmt: skip
        set_asset = gql(client, SET_ASSET, {"l": lesson_id, "a": asset["id"]}, token=creator)["setLessonAsset"]
        assert set_asset["asset"] == {"id": asset["id"], "kind": "VIDEO"}
        gql(client, PUBLISH, {"c": course["id"]}, token=creator)
        stored = front.media_dir / "protected" / sha[:2] / sha  # whole, where the X-Accel location looks
        assert stored.read_bytes() == video
        assert not list((front.media_dir / "public").rglob(f"{sha}*"))

        learner_id, learner = register(client, "LEARNER", "Paying Learner")
        other_id, other = register(client, "LEARNER", "Other Learner")
        order = gql(client, CHECKOUT, {"c": course["id"]}, token=learner)["checkout"]["order"]
        assert gql(client, PAY, {"o": order["id"]}, token=learner)["completeTestPayment"]["status"] == "PAID"

        watched = lesson_asset(client, course["slug"], learner)
        assert watched["id"] == asset["id"]
        link = relative(watched["url"])
        assert link.startswith(f"/media/protected/{asset['id']}?")
        whole = client.get(link)
        assert whole.status_code == 200, whole.text
        assert whole.content == video
        assert whole.headers["content-type"] == "video/mp4"
        assert whole.headers["content-disposition"].startswith("inline")
        # (EduSphere's Accept-Ranges survives the redirect beside Nginx's own: the same value twice.)
        assert set(whole.headers.get_list("accept-ranges")) == {"bytes"}
        assert "x-accel-redirect" not in whole.headers
        assert whole.headers["cache-control"] == "private, max-age=0, no-store"  # EduSphere's, kept by Nginx
        assert whole.headers["x-content-type-options"] == "nosniff"
        # A player's seek: one range, the right bytes; past the end: 416.
        part = client.get(link, headers={"range": "bytes=1000000-1999999"})
        assert part.status_code == 206
        assert part.headers["content-range"] == f"bytes 1000000-1999999/{len(video)}"
        assert part.content == video[1_000_000:2_000_000]
        tail = client.get(link, headers={"range": "bytes=-100"})
        assert (tail.status_code, tail.content) == (206, video[-100:])
        assert client.get(link, headers={"range": f"bytes={len(video)}-"}).status_code == 416
        # EduSphere itself only said where the file is; the bytes came from Nginx.
        for app_port in front.app_ports:
            direct = httpx.get(f"http://127.0.0.1:{app_port}{link}", timeout=10)
            assert direct.status_code == 200
            assert direct.headers["x-accel-redirect"] == f"/_protected/{sha[:2]}/{sha}"
            assert direct.content == b""
        assert client.get(f"/_protected/{sha[:2]}/{sha}").status_code == 404

        # A visitor: no link, and the route without a valid signature refuses.
        assert lesson_asset(client, course["slug"], None) is None
        for bare in (f"/media/protected/{asset['id']}", f"/media/protected/{asset['id']}?viewer=&exp=&sig="):
            refused = client.get(bare)
            assert refused.status_code in (400, 401, 403), bare
            assert refused.json()["error"]["code"] in ("BAD_USER_INPUT", "UNAUTHENTICATED", "FORBIDDEN")
        # A learner who did not buy: no link, and the buyer's link rewritten for them fails its signature.
        assert lesson_asset(client, course["slug"], other) is None
        query = parse_qs(urlsplit(link).query)
        forged = {**{k: v[0] for k, v in query.items()}, "viewer": other_id}
        refused = client.get(f"/media/protected/{asset['id']}?{urlencode(forged)}", headers={"range": "bytes=0-99"})
        assert refused.status_code in (401, 403)
        assert refused.content[:100] != video[:100]
        assert learner_id != other_id

        # Refunded: the link issued before the refund stops working at once.
        boss = admin_token(front, client)
        assert gql(client, REFUND, {"o": order["id"]}, token=boss)["refundOrder"]["status"] == "REFUNDED"
        for headers in ({}, {"range": "bytes=0-99"}):
            refused = client.get(link, headers=headers)
            assert refused.status_code == 403, refused.text
            assert refused.json()["error"]["code"] == "FORBIDDEN"
        assert lesson_asset(client, course["slug"], learner) is None
        # The creator still may (and sees their own signed link).
        own = lesson_asset(client, course["slug"], creator)
        assert client.get(relative(own["url"]), headers={"range": "bytes=0-9"}).content == video[:10]


def test_uploads_stream_through_the_proxy(front: Front) -> None:
    with httpx.Client(base_url=front.base, timeout=30) as client:
        _, creator = register(client, "CREATOR", "Upload Creator")
        auth = {"authorization": f"Bearer {creator}"}
        text = b"Lesson notes\n" * 1000
        done = upload(client, creator, "FILE", "notes.txt", text, "text/plain")
        assert done.status_code == 201, done.text
        assert (done.json()["kind"], done.json()["mimeType"], done.json()["sizeBytes"]) == (
            "FILE", "text/plain", len(text)
        )  # fmt: skip
        # Past the kind's limit: EduSphere's own JSON 413 (Nginx lets up to 2 GiB through).
        big = upload(client, creator, "FILE", "big.txt", b"x" * (FILE_LIMIT + 1024 * 1024), "text/plain")
        assert big.status_code == 413
        assert big.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"

        # tus: created on one process, patched in pieces (each may reach either process).
        content = os.urandom(700_000)
        tus = {**auth, "tus-resumable": "1.0.0"}
        options = client.options("/media/uploads", headers=tus)
        assert options.headers["tus-version"].startswith("1.0.0")
        assert "creation" in options.headers["tus-extension"]
        metadata = f"kind {base64.b64encode(b'FILE').decode()},filename {base64.b64encode(b'data.bin').decode()}"
        created = client.post("/media/uploads", headers={**tus, "upload-length": str(len(content)),
                                                          "upload-metadata": metadata})  # fmt: skip
        assert created.status_code == 201, created.text
        location = urlsplit(created.headers["location"]).path
        assert location.startswith("/media/uploads/")
        octets = {**tus, "content-type": "application/offset+octet-stream"}
        offset, answer = 0, None
        for start in range(0, len(content), 250_000):
            piece = content[start : start + 250_000]
            answer = client.patch(location, content=piece, headers={**octets, "upload-offset": str(offset)})
            assert answer.status_code == 204, answer.text
            offset = int(answer.headers["upload-offset"])
            assert int(client.head(location, headers=tus).headers["upload-offset"]) == offset
        assert answer is not None
        assert offset == len(content)
        finished = client.get(location, headers=tus)
        assert finished.status_code == 200
        assert finished.json()["id"] == answer.headers["upload-asset-id"]
        assert finished.json()["sizeBytes"] == len(content)
        stale = client.patch(location, content=b"x", headers={**octets, "upload-offset": "0"})
        assert stale.status_code in (404, 409, 410)


def test_nginx_refuses_a_body_past_the_largest_upload_limit(front: Front) -> None:
    """3 GiB announced: refused before a byte of it is read (and EduSphere never sees it)."""
    host, port = front.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /media HTTP/1.1\r\nHost: " + host.encode() + b"\r\nContent-Type: multipart/form-data; boundary=x"
            b"\r\nContent-Length: " + str(3 * 1024**3).encode() + b"\r\n\r\n"
        )
        head = sock.recv(4096)
    assert head.startswith(b"HTTP/1.1 413")


async def test_live_chat_through_nginx(nginx: str, web_app: WebApp, new_page: NewPage) -> None:
    page, _ = await new_page(nginx)
    slug = await enrolled_course(web_app, page)
    await page.goto(f"/courses/{slug}/chat")
    await expect(page.get_by_test_id("live-status")).to_have_text("Live")
    await page.get_by_label("Message", exact=True).fill("Through the proxy")
    await page.get_by_label("Message", exact=True).press("Enter")
    await expect(page.get_by_test_id("timeline").get_by_test_id("chat-body")).to_have_text(["Through the proxy"])
    await expect(page.get_by_test_id("pending-message")).to_have_count(0)
