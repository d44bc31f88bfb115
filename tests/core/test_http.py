"""The HTTP error shape, on a tiny inline app driven by sanic-testing."""

from collections.abc import Iterator

import pytest
from sanic import Sanic
from sanic.response import json

from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.http import JSONErrorHandler, install_cors


@pytest.fixture
def inline_app() -> Iterator[Sanic]:
    Sanic.test_mode = True
    application = Sanic("http_errors_test", error_handler=JSONErrorHandler())
    # TouchUp rewrites Sanic's class methods in place; the session's main app already did.
    application.config.TOUCHUP = False

    @application.get("/app-error")
    async def app_error(request):  # type: ignore[no-untyped-def]
        raise AppError(ErrorCode.CONFLICT, "Already there", field="slug")

    @application.get("/bug")
    async def bug(request):  # type: ignore[no-untyped-def]
        raise KeyError("secret internals")

    @application.get("/ok")
    async def ok(request):  # type: ignore[no-untyped-def]
        return json({"ok": True})

    install_cors(application, ("https://allowed.example",))
    yield application
    Sanic._app_registry.pop("http_errors_test", None)


async def test_app_errors_keep_their_code_and_status(inline_app: Sanic) -> None:
    _, response = await inline_app.asgi_client.get("/app-error")
    assert response.status_code == 409
    assert response.json == {
        "errors": [{"message": "Already there", "extensions": {"code": "CONFLICT", "field": "slug"}}]
    }


@pytest.mark.expects_errors
async def test_bugs_become_internal_without_details(inline_app: Sanic) -> None:
    _, response = await inline_app.asgi_client.get("/bug")
    assert response.status_code == 500
    assert response.json == {"errors": [{"message": "Internal server error", "extensions": {"code": "INTERNAL"}}]}
    assert "secret internals" not in response.text


async def test_framework_errors_use_the_same_shape(inline_app: Sanic) -> None:
    _, response = await inline_app.asgi_client.get("/missing")
    assert response.status_code == 404
    assert response.json["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    _, response = await inline_app.asgi_client.post("/ok")
    assert response.status_code == 405
    assert response.json["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_cors_answers_allowed_origins_only(inline_app: Sanic) -> None:
    _, response = await inline_app.asgi_client.options("/ok", headers={"origin": "https://allowed.example"})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "https://allowed.example"
    _, response = await inline_app.asgi_client.get("/ok", headers={"origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
