"""The bundled Nginx config (nginx/edusphere.conf) in Debian's real nginx, in front of a real
EduSphere: the SPA and its caching, the API, and the chat WebSocket through the proxy."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import expect

from tests.e2e.browser import DIST, ROOT
from tests.e2e.conftest import NewPage, WebApp
from tests.e2e.test_web_app import enrolled_course
from tests.processes import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def render(conf: str, port: int, upstream_port: int) -> str:
    """The compose config, pointed at this test's server, build and port."""
    conf = conf.replace("server app:8000;", f"server 127.0.0.1:{upstream_port};")
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};")
    return conf.replace("root /srv/edusphere/frontend;", f"root {DIST};")


@pytest.fixture(scope="module")
def nginx(web_app: WebApp, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = Path(tmp_path_factory.mktemp("nginx"))
    port = free_port()
    (work / "edusphere.conf").write_text(render((ROOT / "nginx" / "edusphere.conf").read_text(), port, web_app.port))
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
    access_log {work}/access.log;
    {temp_paths}
    include {work}/edusphere.conf;
}}
""")
    command = [NGINX, "-p", str(work), "-c", str(work / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_app_shell_assets_and_api_through_nginx(nginx: str) -> None:
    with httpx.Client(base_url=nginx, timeout=10) as client:
        for path in ("/", "/courses/some-slug", "/courses/x/chat/general"):
            shell = client.get(path)
            assert shell.status_code == 200
            assert '<div id="app"></div>' in shell.text
        index = client.get("/index.html")
        assert index.headers["cache-control"] == "no-cache"
        assert "script-src 'self'" in index.headers["content-security-policy"]
        script = re.search(r'src="(/assets/[^"]+\.js)"', shell.text)
        assert script is not None
        asset = client.get(script.group(1))
        assert asset.status_code == 200
        assert "immutable" in asset.headers["cache-control"]
        assert "javascript" in asset.headers["content-type"]
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


async def test_live_chat_through_nginx(nginx: str, web_app: WebApp, new_page: NewPage) -> None:
    page, _ = await new_page(nginx)
    slug = await enrolled_course(web_app, page)
    await page.goto(f"/courses/{slug}/chat")
    await expect(page.get_by_test_id("live-status")).to_have_text("Live")
    await page.get_by_label("Message").fill("Through the proxy")
    await page.get_by_label("Message").press("Enter")
    await expect(page.get_by_test_id("timeline").get_by_test_id("chat-body")).to_have_text(["Through the proxy"])
    await expect(page.get_by_test_id("pending-message")).to_have_count(0)
