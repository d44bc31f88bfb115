"""Serving the built web app (`frontend/dist`) from EduSphere itself, so one process is the whole
product in development and small deployments (behind Nginx, Nginx serves these files instead).

Client-side routes (`/courses/some-slug`) get `index.html`, so deep links load the app; a missing
file with an extension (`/assets/gone.js`) is a real 404, never HTML under a script's name.
Hashed assets are cached for a year; `index.html` is revalidated on every load so a deploy is
picked up at once.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from sanic import Request, Sanic
from sanic.response import HTTPResponse, file, text

from edusphere.core.settings import ConfigurationError

# The app only talks to its own origin (HTTP and WebSocket); user content is rendered as text or
# sanitised Markdown, and this stops anything that slips through from running or leaking data.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
_HTML_HEADERS = {
    "cache-control": "no-cache",
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
_ASSET_HEADERS = {"cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff"}


def install_spa(app: Sanic[Any, Any], static_dir: Path) -> None:
    root = static_dir.resolve()
    index = root / "index.html"
    if not index.is_file():
        raise ConfigurationError(
            f"EDUSPHERE_STATIC_DIR={static_dir} has no index.html: build the web app first "
            "(cd frontend && npm ci && npm run build)"
        )

    async def serve(request: Request, path: str = "") -> HTTPResponse:
        found = _resolve(root, path)
        if found is not None and found != index:
            headers = _ASSET_HEADERS if path.startswith("assets/") else {"x-content-type-options": "nosniff"}
            return await file(found, headers=headers)
        if "." in PurePosixPath(path).name:
            return text("Not found", status=404)
        return await file(index, headers=_HTML_HEADERS, mime_type="text/html; charset=utf-8")

    app.add_route(serve, "/", methods=["GET", "HEAD"], name="spa_index")
    app.add_route(serve, "/<path:path>", methods=["GET", "HEAD"], name="spa_files")


def _resolve(root: Path, path: str) -> Path | None:
    """The file under `root` that `path` names, or None; nothing outside `root` is ever served."""
    if not path or "\x00" in path:
        return None
    candidate = (root / path).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate
