"""Serving the built web app: files, client-route fallback, caching, no escape from the folder."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sanic import Sanic
from sanic.response import json

from edusphere.core.settings import ConfigurationError
from edusphere.core.spa import install_spa


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><div id=app></div>")
    (root / "assets" / "index-abc123.js").write_text("console.log('app')")
    (root / "robots.txt").write_text("User-agent: *")
    (tmp_path / "secret.txt").write_text("outside the web root")
    return root


@pytest.fixture
def inline_app(dist: Path) -> Iterator[Sanic]:
    Sanic.test_mode = True
    application = Sanic("spa_test")
    application.config.TOUCHUP = False

    @application.post("/graphql")
    async def graphql(request):  # type: ignore[no-untyped-def]
        return json({"data": {}})

    install_spa(application, dist)
    yield application
    Sanic._app_registry.pop("spa_test", None)


@pytest.mark.parametrize("path", ["/", "/courses", "/courses/some-slug", "/courses/x/chat/general?since=3"])
async def test_client_routes_get_the_app(inline_app: Sanic, path: str) -> None:
    _, response = await inline_app.asgi_client.get(path)
    assert response.status_code == 200
    assert response.text == "<!doctype html><div id=app></div>"
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"
    assert "script-src 'self'" in response.headers["content-security-policy"]


async def test_hashed_assets_are_cached_for_a_year(inline_app: Sanic) -> None:
    _, response = await inline_app.asgi_client.get("/assets/index-abc123.js")
    assert response.status_code == 200
    assert response.text == "console.log('app')"
    assert "javascript" in response.headers["content-type"]
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


async def test_other_files_are_served_without_long_cache(inline_app: Sanic) -> None:
    _, response = await inline_app.asgi_client.get("/robots.txt")
    assert (response.status_code, response.text) == (200, "User-agent: *")
    assert "immutable" not in response.headers.get("cache-control", "")


ESCAPES = ["/assets/..%2F..%2Fsecret.txt", "/..%2Fsecret.txt"]


@pytest.mark.parametrize("path", ["/assets/gone.js", "/favicon.ico", *ESCAPES])
async def test_missing_files_and_escapes_are_404(inline_app: Sanic, path: str) -> None:
    _, response = await inline_app.asgi_client.get(path)
    assert response.status_code == 404
    assert "outside the web root" not in response.text


async def test_api_routes_win_over_the_fallback(inline_app: Sanic) -> None:
    _, response = await inline_app.asgi_client.post("/graphql", json={})
    assert response.json == {"data": {}}


def test_a_folder_without_a_build_is_refused(tmp_path: Path) -> None:
    application = Sanic("spa_unbuilt_test")
    try:
        with pytest.raises(ConfigurationError, match="build the web app first"):
            install_spa(application, tmp_path)
    finally:
        Sanic._app_registry.pop("spa_unbuilt_test", None)
